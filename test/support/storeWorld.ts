/**
 * The connection store's model-based test (test/unit/store.model.test.ts), its real side: two
 * windows (two stores) over shared, scheduled, fault-injectable ports, the operations bound to
 * what a window sees, a third party's writes, and what is stored, read straight from the ports.
 */
import fc from 'fast-check';
import type { Connection, Scope, SecretBag } from '../../src/domain/connection';
import { ConnectionStore, INDEX_KEY, secretKeyFor } from '../../src/domain/store/connectionStore';
import type { SecretVault, StateStore } from '../../src/domain/store/ports';
import { MemoryState, MemoryVault } from './memoryPorts';
import { ALIASES, MAP_ENTRIES, NAMES, providerValues, SCOPES, sortBag, type Corruption, type Effect, type Fault, type Op, type Planned, type View } from './storeModel';

// ---------------------------------------------------------------------------------------------
// The real system: two windows over shared, scheduled, fault-injectable ports.

export class World {
  readonly global = new MemoryState();
  readonly workspace = new MemoryState();
  readonly vault = new MemoryVault();
  readonly windows: [ConnectionStore, ConnectionStore];
  /** What a corruption replaced, and by what, so it can be written back while it is still there. */
  readonly stash = {
    index: new Map<Scope, { corrupt: unknown; original: unknown }>(),
    records: new Map<string, { scope: Scope; corrupt: unknown; original: Record<string, unknown> }>(),
  };
  /** Steps run, operations started and how they ended, for the summary. */
  steps = 0;
  operations = 0;
  succeeded = 0;
  mostCandidates = 1;
  private ids = 0;
  private clock = Date.UTC(2025, 0, 1);

  constructor(readonly scheduler: fc.Scheduler) {
    const ports = {
      global: scheduledState(this.global, scheduler),
      workspace: scheduledState(this.workspace, scheduler),
      secrets: scheduledVault(this.vault, scheduler),
    };
    const options = {
      ...ports,
      now: () => new Date((this.clock += 1000)),
      newId: () => `00000000-0000-4000-8000-${(++this.ids).toString(16).padStart(12, '0')}`,
    };
    this.windows = [new ConnectionStore(options), new ConnectionStore(options)];
  }

  state(scope: Scope): MemoryState {
    return scope === 'global' ? this.global : this.workspace;
  }

  arm(fault: Fault | null): void {
    if (!fault) return;
    if (fault.on === 'vault') {
      if (fault.always) this.vault.refuse(fault.op);
      else this.vault.failNext(fault.op, undefined, fault.skip);
    } else if (fault.always) this.state(fault.on).refuseUpdates();
    else this.state(fault.on).failNext(undefined, fault.skip);
  }

  disarm(): void {
    this.vault.clearFailures();
    this.global.clearFailures();
    this.workspace.clearFailures();
  }

  dispose(): void {
    for (const window of this.windows) window.dispose();
  }
}

/** A state store whose writes apply at once (as Memento's do) but resolve when the scheduler says. */
function scheduledState(state: MemoryState, s: fc.Scheduler): StateStore {
  return {
    get: (key) => state.get(key),
    update: (key, value) => s.schedule(state.update(key, value), `state.update ${key}`),
  };
}

/** A vault whose calls wait for the scheduler before and after they take effect. */
function scheduledVault(vault: MemoryVault, s: fc.Scheduler): SecretVault {
  const call = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    await s.schedule(Promise.resolve(), `${label} start`);
    try {
      return await run();
    } finally {
      await s.schedule(Promise.resolve(), `${label} end`);
    }
  };
  return {
    get: (key) => call('vault.get', () => vault.get(key)),
    store: (key, value) => call('vault.store', () => vault.store(key, value)),
    delete: (key) => call('vault.delete', () => vault.delete(key)),
    onDidChange: (listener) => vault.onDidChange(listener),
  };
}

// ---------------------------------------------------------------------------------------------
// Running operations

export function plan(world: World, window: number, op: Op): Planned | undefined {
  const store = world.windows[window]!;
  const { connections, broken } = store.list();
  const pick = (target: number) => connections[target % connections.length];
  switch (op.kind) {
    case 'create':
      return { op, window, run: () => store.create(createInput(op)) };
    case 'update': {
      const target = pick(op.target);
      if (!target) return undefined;
      return { op, window, target, run: () => store.update(target.id, updateInput(op, target), op.expectVersion ? target.dateModified : undefined) };
    }
    case 'setActive': {
      const target = pick(op.target);
      return target && { op, window, target, run: () => store.setActive(target.id, op.active) };
    }
    case 'duplicate': {
      const target = pick(op.target);
      return target && { op, window, target, run: () => store.duplicate(target.id) };
    }
    case 'delete': {
      const target = pick(op.target);
      return target && { op, window, target, run: () => store.delete(target.id) };
    }
    case 'move': {
      // To the other scope, keeping id, alias and keys.
      const target = pick(op.target);
      return target && { op, window, target, run: () => store.move(target.id, { scope: target.scope === 'global' ? 'workspace' : 'global' }, op.expectVersion ? target.dateModified : undefined) };
    }
    case 'read': {
      const target = pick(op.target);
      return target && { op, window, target, run: () => store.readSecrets(target.id) };
    }
    case 'deleteBroken': {
      const item = broken[op.target % broken.length];
      if (!item) return undefined;
      const b = { scope: item.scope, position: item.position, ...(item.id ? { id: item.id } : {}) };
      return { op, window, broken: b, run: () => store.deleteBroken(item) };
    }
    case 'retry':
      return { op, window, run: () => store.retryOrphanedSecrets() };
  }
}

function createInput(op: Extract<Op, { kind: 'create' }>) {
  return { providerId: op.provider, name: NAMES[op.name], alias: ALIASES[op.alias], scope: op.scope, isActive: true, values: providerValues(op.provider, op.key) };
}

function updateInput(op: Extract<Op, { kind: 'update' }>, target: Connection) {
  let values: Record<string, unknown> = {};
  if (target.providerId === 'openai') values = { apiKey: op.key === null ? '' : `sk-test-model-${op.key}` };
  if (target.providerId === 'custom') {
    const secrets: Record<string, string> = {};
    op.entries.forEach((entry, i) => {
      const k = MAP_ENTRIES[i]!;
      if (entry === 'set') secrets[k] = `x-test-${k}-${op.key ?? 0}-u`;
      if (entry === 'keep') secrets[k] = '';
    });
    values = { configs: { endpoint: 'https://search.example' }, secrets };
  }
  return {
    providerId: target.providerId,
    name: NAMES[op.name],
    alias: op.alias === null ? target.alias : ALIASES[op.alias],
    scope: target.scope,
    isActive: op.active,
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// What is stored

export function actualView(world: World, window: number): View {
  const { connections, broken } = world.windows[window]!.list();
  const scopes = {} as View['scopes'];
  for (const scope of SCOPES) {
    const secrets: Record<string, SecretBag> = {};
    for (const c of connections.filter((c) => c.scope === scope)) secrets[c.id] = sortBag(storedBag(world, scope, c.id));
    scopes[scope] = {
      connections: connections.filter((c) => c.scope === scope),
      broken: broken.filter((b) => b.scope === scope).map((b) => ({ position: b.position, ...(b.id ? { id: b.id } : {}) })),
      secrets,
    };
  }
  return { scopes };
}

/** The bag a stored record points to, read straight from the vault. */
export function storedBag(world: World, scope: Scope, id: string): SecretBag {
  const records = world.state(scope).get(INDEX_KEY) as { id: string; secretVersion?: string }[];
  const record = records.find((r) => r.id === id)!;
  const raw = world.vault.data.get(secretKeyFor(scope, id, record.secretVersion));
  return raw === undefined ? {} : (JSON.parse(raw) as SecretBag);
}

/** Every vault key a stored record names, readable or not, found anywhere in what is stored. */
export function referencedKeys(world: World): Set<string> {
  const keys = new Set<string>();
  const walk = (scope: Scope, value: unknown, depth: number): void => {
    if (typeof value === 'string' && depth === 0) {
      try {
        walk(scope, JSON.parse(value), depth + 1);
      } catch {
        /* not JSON text */
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const { id, secretVersion } = value as { id?: unknown; secretVersion?: unknown };
    if (typeof id === 'string') keys.add(secretKeyFor(scope, id, typeof secretVersion === 'string' ? secretVersion : undefined));
    for (const nested of Object.values(value)) walk(scope, nested, depth + 1);
  };
  for (const scope of SCOPES) walk(scope, world.state(scope).get(INDEX_KEY), 0);
  return keys;
}

/*
 * A third party writing records back checks aliases as this store does: a record this window
 * can't read doesn't hold its alias here, so a write-back that would reuse one is skipped.
 */

/** Another window (or version) writing the state directly: corrupting data, or writing it back. */
export function externalWrite(world: World, c: Corruption): Effect {
  const none: Effect = { kind: 'none' };
  const readableAliases = () => new Set(world.windows[0].list().connections.map((conn) => conn.alias));
  if (c.kind === 'corruptIndex') {
    const state = world.state(c.scope);
    const stored = state.get(INDEX_KEY) ?? [];
    if (!Array.isArray(stored)) return none;
    const corrupt = c.asText ? JSON.stringify(stored) : { version: 2, items: stored };
    world.stash.index.set(c.scope, { corrupt, original: stored });
    state.data.set(INDEX_KEY, corrupt);
    return { kind: 'corruptIndex', scope: c.scope };
  }
  if (c.kind === 'repairIndex') {
    const state = world.state(c.scope);
    const stashed = world.stash.index.get(c.scope);
    if (!stashed || state.get(INDEX_KEY) !== stashed.corrupt) return none;
    const aliases = readableAliases();
    if ((stashed.original as { alias?: unknown }[]).some((r) => typeof r.alias === 'string' && aliases.has(r.alias))) return none;
    state.data.set(INDEX_KEY, stashed.original);
    world.stash.index.delete(c.scope);
    return { kind: 'repairIndex', scope: c.scope };
  }
  if (c.kind === 'corruptRecord') {
    const state = world.state(c.scope);
    const records = state.get(INDEX_KEY);
    const candidates = world.windows[0].list().connections.filter((conn) => conn.scope === c.scope);
    const target = candidates[c.target % Math.max(candidates.length, 1)];
    if (!Array.isArray(records) || !target) return none;
    const position = records.findIndex((r: { id?: unknown }) => r.id === target.id);
    const original = records[position] as Record<string, unknown>;
    const corrupt = c.form === 'badAlias' ? { ...original, alias: 42 } : c.form === 'wrongScope' ? { ...original, scope: c.scope === 'global' ? 'workspace' : 'global' } : { ...original, addedByAnotherVersion: true };
    world.stash.records.set(target.id, { scope: c.scope, corrupt, original });
    state.data.set(
      INDEX_KEY,
      records.map((r, i) => (i === position ? corrupt : r)),
    );
    return { kind: 'corruptRecord', scope: c.scope, id: target.id };
  }
  const candidates = [...world.stash.records].filter(([, stashed]) => {
    const records = world.state(stashed.scope).get(INDEX_KEY);
    return Array.isArray(records) && records.includes(stashed.corrupt);
  });
  const pick = candidates[c.target % Math.max(candidates.length, 1)];
  if (!pick) return none;
  const [id, stashed] = pick;
  if (readableAliases().has(stashed.original.alias as string)) return none;
  const state = world.state(stashed.scope);
  state.data.set(
    INDEX_KEY,
    (state.get(INDEX_KEY) as unknown[]).map((r) => (r === stashed.corrupt ? stashed.original : r)),
  );
  world.stash.records.delete(id);
  return { kind: 'repairRecord', scope: stashed.scope, id };
}
