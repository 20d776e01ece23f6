/**
 * Per connection, where each reference resolves from, or why it does not: what Show Resolution
 * lists, the tree warns about and the form hints at: the reference as typed, the source (file and
 * key, or variable) and the problem. Show Resolution also shows the value of a setting that is not
 * a secret (a base URL, an API version) as it is; a secret's value only masked.
 */
import type { Connection, SecretBag } from '../connection';
import { findProvider } from '../providers/catalog';
import { fieldApplies } from '../providers/descriptor';
import { maskSecret } from '../masking';
import { isReference } from '../references';
import type { ResolutionSourceText } from './messages';
import type { ResolutionMessage } from '../messages';
import { literalUrl, requestTarget } from '../destination';
import { describeSource, type LookupOptions, type ReferenceOwner, type ReferencePlace, type ReferenceProblemMessage, type ReferenceResolution } from './resolver';

export interface SettingResolution {
  /** The field as the form labels it (`API Key`, `Configs: test_url`). */
  label: string;
  /** The reference as typed (never a literal secret). */
  reference: string;
  /** Where it resolved from (`appsettings.json, OpenAI:ApiKey`), when it did. */
  from?: ResolutionSourceText;
  /** Why it does not resolve, or why it will not be sent. */
  problem?: ReferenceProblemMessage;
  /** A variable outside the allow-list that will be asked about before it is sent. */
  asks?: boolean;
  /**
   * The resolved value as it may be shown: as it is for a setting that is not a secret (a URL, a
   * version, an organization), masked for a secret (`sk-***`, `***`); '' for an empty value.
   */
  shown?: string;
  /** A vault that was not read: the tree and the form name it without reading it. */
  unread?: boolean;
}

type Inspectable = Pick<Connection, 'providerId' | 'settings' | 'scope' | 'name'> & { id?: string; secretKeys?: readonly string[]; folder?: string | undefined };

/**
 * The reference-holding values of a connection: its settings (and configs) and its secrets, with
 * their labels, and whether the field is a secret one.
 */
function referencedValues(connection: Inspectable, secrets: SecretBag): { label: string; value: string; secret: boolean }[] {
  const provider = findProvider(connection.providerId);
  const out: { label: string; value: string; secret: boolean }[] = [];
  const add = (label: string, value: unknown, secret = false) => {
    if (typeof value === 'string' && (isReference(value) || value.startsWith('$$'))) out.push({ label, value, secret });
  };
  for (const field of provider?.fields ?? []) {
    if (!fieldApplies(field, connection.settings, provider!)) continue;
    if (field.kind === 'map') {
      if (field.secret) {
        for (const [key, value] of Object.entries(secrets)) if (key.startsWith(`${field.key}.`)) add(`${field.label}: ${key.slice(field.key.length + 1)}`, value, true);
      } else {
        for (const [key, value] of Object.entries((connection.settings[field.key] as Record<string, string> | undefined) ?? {})) add(`${field.label}: ${key}`, value);
      }
    } else if (field.kind === 'password') {
      add(field.label, secrets[field.key], true);
    } else {
      add(field.label, connection.settings[field.key]);
    }
  }
  // `$$` literals are listed by Show Resolution only: they always resolve.
  return out;
}

/** The host a connection's requests go to: its URL's, or the one its URL reference resolves to now. */
async function destinationHost(resolution: ReferenceResolution, connection: Inspectable, owner: ReferenceOwner): Promise<string | undefined> {
  const target = requestTarget(connection);
  const resolved = target !== undefined && isReference(target) ? await resolution.lookup(target, owner, owner) : undefined;
  const url = literalUrl(resolved?.ok && resolved.value !== undefined ? resolved.value : target);
  return url?.host;
}

/**
 * Each reference of a connection, where it resolves from or why not. Vaults are read only when
 * `options.readVaults` (Show Resolution, a person's request); the tree names them unread.
 */
export async function inspectConnection(resolution: ReferenceResolution, connection: Inspectable, secrets: SecretBag, options: LookupOptions = {}): Promise<SettingResolution[]> {
  const owner = { name: connection.name, scope: connection.scope, ...(connection.folder !== undefined ? { folder: connection.folder } : {}), ...(connection.id ? { id: connection.id } : {}) };
  const rows: SettingResolution[] = [];
  // Remembered answers are per host: the rows tell what happens for the host the connection uses now.
  const host = await destinationHost(resolution, connection, owner);
  for (const { label, value, secret } of referencedValues(connection, secrets)) {
    const outcome = await resolution.lookup(value, owner, owner, host, options);
    if (!outcome) continue;
    if (!outcome.ok) rows.push({ label, reference: value, problem: outcome.problem });
    else if (outcome.permission === 'denied') rows.push({ label, reference: value, from: describeSource(outcome.source), problem: { code: 'resolution.denied', source: describeSource(outcome.source) } });
    else {
      const shown = outcome.value !== undefined ? { shown: shownValue(outcome.value, secret) } : { unread: true };
      rows.push({ label, reference: value, from: describeSource(outcome.source), ...shown, ...(outcome.permission === 'ask' ? { asks: true } : {}) });
    }
  }
  return rows;
}

/** A setting's value as it is (at most 200 characters); a secret's masked, even when it reads like a reference. */
function shownValue(value: string, secret: boolean): string {
  if (secret) return isReference(value) ? '***' : maskSecret(value);
  return value.length > 200 ? `${value.slice(0, 199)}…` : value;
}

/** The problems that keep a connection from being used, one line each. */
export function resolutionProblems(rows: readonly SettingResolution[]): ResolutionMessage[] {
  return rows.filter((row) => row.problem).map((row) => ({ code: 'resolution.settingProblem', label: row.label, problem: row.problem! }));
}

/** The form's hint for a reference typed in a field: where it resolves from, or why not. Never the value. */
export async function referenceHint(resolution: ReferenceResolution, reference: string, place: ReferencePlace, owner?: { id?: string; name: string }): Promise<{ ok: boolean; hint?: ResolutionMessage }> {
  const outcome = await resolution.lookup(reference, place, owner ? { id: owner.id, name: owner.name, ...place } : undefined);
  if (!outcome) return { ok: false };
  if (!outcome.ok) return { ok: false, hint: { code: 'resolution.hintProblem', problem: outcome.problem } };
  return { ok: outcome.permission !== 'denied', hint: { code: 'resolution.hintSource', source: describeSource(outcome.source), permission: outcome.permission ?? 'allowed' } };
}
