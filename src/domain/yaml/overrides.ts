import { z } from 'zod';
import type { YamlMessage } from '../messages';
import { RESERVED_NAME } from './parse';

/** A `--set key=value` pair, as promptflow's CLI takes it: `api_base=...`, `configs.region=...`, `secrets.api_key=...`. */
export interface Override {
  path: [string] | ['configs' | 'secrets', string];
  value: string;
  /** As typed, for messages (never with the value). */
  key: string;
}

const KEY = /^[A-Za-z_$][A-Za-z0-9_.$-]{0,127}$/;
const OverrideTextSchema = z.string().max(16_384);

/** Parses `key=value` pairs; a value may contain `=`. Problems name the pair by its key only. */
export function parseOverrides(pairs: readonly unknown[]): { overrides: Override[]; problems: YamlMessage[] } {
  const overrides: Override[] = [];
  const problems: YamlMessage[] = [];
  pairs.forEach((pair, i) => {
    const text = OverrideTextSchema.safeParse(pair);
    if (!text.success) {
      problems.push({ code: 'yaml.setNotText', index: i + 1 });
      return;
    }
    const trimmed = text.data.trim();
    if (trimmed === '') return;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) {
      problems.push({ code: 'yaml.setNotPair', index: i + 1 });
      return;
    }
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1);
    if (!KEY.test(key) || key.split('.').includes(RESERVED_NAME)) {
      problems.push({ code: 'yaml.setNotKey', index: i + 1, key: key.slice(0, 64) });
      return;
    }
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    if ((head === 'configs' || head === 'secrets') && dot > 0 && key.length > dot + 1) {
      overrides.push({ path: [head, key.slice(dot + 1)], value, key });
    } else if (dot < 0) {
      overrides.push({ path: [key], value, key });
    } else {
      problems.push({ code: 'yaml.setDot', key });
    }
  });
  return { overrides, problems };
}

/** Applies overrides to a document's data (a copy); returns the paths they set. */
export function applyOverrides(data: Record<string, unknown>, overrides: readonly Override[]): { data: Record<string, unknown>; set: Set<string> } {
  const copy: Record<string, unknown> = { ...data };
  const set = new Set<string>();
  for (const o of overrides) {
    if (o.path.length === 1) copy[o.path[0]] = o.value;
    else {
      const current = copy[o.path[0]];
      const map = current !== null && typeof current === 'object' && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
      map[o.path[1]] = o.value;
      copy[o.path[0]] = map;
    }
    set.add(o.path.join('.'));
  }
  return { data: copy, set };
}
