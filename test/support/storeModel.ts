/**
 * The connection store's model-based test (test/unit/store.model.test.ts), its model side: the
 * operations, faults and corruptions it draws, the model (each scope's records in stored order,
 * with the secrets each one should have), and how an operation's outcome or a third party's
 * write changes it.
 */
import fc from 'fast-check';
import type { Connection, Scope, SecretBag } from '../../src/domain/connection';
import type { VaultOperation } from './memoryPorts';

export const SCOPES: readonly Scope[] = ['workspace', 'global'];
export const ALIASES = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
export const NAMES = ['Alpha', 'Beta', 'Gamma'];
export const MAP_ENTRIES = ['k1', 'k2', 'k3'];

// ---------------------------------------------------------------------------------------------
// Operations

type Provider = 'openai' | 'ollama' | 'custom';
/** What a custom connection's update does with each secret entry. */
type EntryPlan = 'set' | 'keep' | 'drop';

export type Op =
  | { kind: 'create'; scope: Scope; provider: Provider; alias: number; name: number; key: number }
  | { kind: 'update'; target: number; alias: number | null; name: number; active: boolean; key: number | null; entries: EntryPlan[]; expectVersion: boolean }
  | { kind: 'setActive'; target: number; active: boolean }
  | { kind: 'duplicate'; target: number }
  | { kind: 'delete'; target: number }
  | { kind: 'move'; target: number; expectVersion: boolean }
  | { kind: 'deleteBroken'; target: number }
  | { kind: 'read'; target: number }
  | { kind: 'retry' };

export type Fault = { on: 'vault'; op: VaultOperation; skip: number; always: boolean } | { on: Scope; op: 'update'; skip: number; always: boolean };

export type Corruption = { kind: 'corruptIndex'; scope: Scope; asText: boolean } | { kind: 'repairIndex'; scope: Scope } | { kind: 'corruptRecord'; scope: Scope; target: number; form: 'badAlias' | 'wrongScope' | 'extraField' } | { kind: 'repairRecord'; target: number };

const scopeArb = fc.constantFrom<Scope>(...SCOPES);
/** `arbitrary`'s value with probability `p`, else null. */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> => fc.oneof({ weight: Math.round((1 - p) * 100), arbitrary: fc.constant(null) }, { weight: Math.round(p * 100), arbitrary });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), scope: scopeArb, provider: fc.constantFrom<Provider>('openai', 'openai', 'ollama', 'custom'), alias: fc.nat(ALIASES.length - 1), name: fc.nat(NAMES.length - 1), key: fc.nat(999) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      target: fc.nat(),
      alias: sometimes(fc.nat(ALIASES.length - 1), 0.3),
      name: fc.nat(NAMES.length - 1),
      active: fc.boolean(),
      key: sometimes(fc.nat(999), 0.5),
      entries: fc.array(fc.constantFrom<EntryPlan>('set', 'keep', 'keep', 'drop'), { minLength: MAP_ENTRIES.length, maxLength: MAP_ENTRIES.length }),
      expectVersion: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setActive' as const), target: fc.nat(), active: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), target: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), target: fc.nat(), expectVersion: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteBroken' as const), target: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'retry' as const }) },
);
export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ on: fc.constant('vault' as const), op: fc.constantFrom<VaultOperation>('get', 'store', 'delete'), skip: fc.nat(3), always: fc.boolean() }),
  fc.record({ on: scopeArb, op: fc.constant('update' as const), skip: fc.nat(2), always: fc.boolean() }),
);
export const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('corruptIndex' as const), scope: scopeArb, asText: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repairIndex' as const), scope: scopeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('corruptRecord' as const), scope: scopeArb, target: fc.nat(), form: fc.constantFrom('badAlias' as const, 'wrongScope' as const, 'extraField' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repairRecord' as const), target: fc.nat() }) },
);

// ---------------------------------------------------------------------------------------------
// The model: each scope's records in stored order, with the secrets each one should have.

interface ModelEntry {
  id: string;
  connection: Connection;
  secrets: SecretBag;
  /** Corrupted in place (still stored, with its id). */
  broken: boolean;
}

interface ModelScope {
  entries: ModelEntry[];
  /** The whole list is stored in an unreadable form; `entries` is what it held. */
  unreadable: boolean;
}

export type Model = Record<Scope, ModelScope>;

/**
 * Every model state the observations so far allow. Usually one; more while an unreadable list
 * hides in which order things happened to it, until it is written back and read.
 */
export interface Candidates {
  models: Model[];
}

export function emptyModel(): Model {
  return { workspace: { entries: [], unreadable: false }, global: { entries: [], unreadable: false } };
}

function readable(model: Model, id: string): ModelEntry | undefined {
  for (const scope of SCOPES) {
    if (model[scope].unreadable) continue;
    const entry = model[scope].entries.find((e) => e.id === id);
    if (entry) return entry.broken ? undefined : entry;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Outcomes, and how they change the model

/** An operation bound to what the window saw when it started. */
export interface Planned {
  op: Op;
  window: number;
  /** The connection it works on, as the window saw it. */
  target?: Connection;
  broken?: { scope: Scope; position: number; id?: string };
  run: () => Promise<unknown>;
}

export interface Outcome {
  planned: Planned;
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

export function providerValues(provider: Provider, key: number): Record<string, unknown> {
  if (provider === 'openai') return { apiKey: `sk-test-model-${key}` };
  if (provider === 'ollama') return {};
  return { configs: { endpoint: 'https://search.example' }, secrets: Object.fromEntries(MAP_ENTRIES.map((k) => [k, `x-test-${k}-${key}`])) };
}

/** The secrets an operation's input gives a connection whose stored secrets are `previous`. */
function expectedSecrets(op: Op, providerId: string, previous: SecretBag): SecretBag | undefined {
  if (op.kind === 'create') {
    const values = providerValues(op.provider, op.key);
    if (op.provider === 'openai') return { apiKey: values.apiKey as string };
    if (op.provider === 'ollama') return {};
    return Object.fromEntries(Object.entries(values.secrets as Record<string, string>).map(([k, v]) => [`secrets.${k}`, v]));
  }
  if (op.kind !== 'update') return previous;
  if (providerId === 'openai') return op.key === null ? previous : { apiKey: `sk-test-model-${op.key}` };
  if (providerId !== 'custom') return previous;
  const bag: SecretBag = {};
  for (const [i, entry] of op.entries.entries()) {
    const key = `secrets.${MAP_ENTRIES[i]}`;
    if (entry === 'set') bag[key] = `x-test-${MAP_ENTRIES[i]}-${op.key ?? 0}-u`;
    if (entry === 'keep') {
      if (previous[key] === undefined) return undefined; // refused by validation: can't have succeeded
      bag[key] = previous[key];
    }
  }
  return bag;
}

/** The scope whose list is readable and holds a readable record with this id. */
function readableScope(model: Model, id: string): Scope | undefined {
  return SCOPES.find((scope) => !model[scope].unreadable && model[scope].entries.some((e) => e.id === id && !e.broken));
}

/**
 * Applies one outcome to a copy of the model, as if the operation ran alone at that point.
 * Returns undefined when the outcome is impossible at that point.
 */
export function applyOutcome(model: Model, outcome: Outcome): Model | undefined {
  if (!outcome.ok) return model;
  const { op, target } = outcome.planned;
  const next = structuredClone(model);
  const value = outcome.value;
  switch (op.kind) {
    case 'create':
      return applyCreate(next, op, value as Connection);
    case 'update':
    case 'setActive':
      return applyUpdate(next, op, target, value as Connection);
    case 'duplicate':
      return applyDuplicate(next, target, value as Connection);
    case 'delete':
      return applyDelete(next, target);
    case 'move':
      return applyMove(next, op, target, value as Connection);
    case 'deleteBroken':
      return applyDeleteBroken(next, outcome.planned.broken!);
    case 'read':
      return applyRead(next, target, value);
    case 'retry':
      return next;
  }
}

function applyCreate(next: Model, op: Extract<Op, { kind: 'create' }>, created: Connection): Model | undefined {
  if (next[created.scope].unreadable) return undefined;
  next[created.scope].entries.push({ id: created.id, connection: created, secrets: expectedSecrets(op, created.providerId, {})!, broken: false });
  return next;
}

function applyUpdate(next: Model, op: Extract<Op, { kind: 'update' | 'setActive' }>, target: Connection | undefined, updated: Connection): Model | undefined {
  const scope = readableScope(next, updated.id);
  if (!scope) return undefined;
  const entry = next[scope].entries.find((e) => e.id === updated.id)!;
  // An update given the version it edited only succeeds on that version.
  if (op.kind === 'update' && op.expectVersion && entry.connection.dateModified !== target?.dateModified) return undefined;
  const secrets = expectedSecrets(op, entry.connection.providerId, entry.secrets);
  if (!secrets) return undefined;
  entry.connection = updated;
  entry.secrets = secrets;
  return next;
}

function applyDuplicate(next: Model, target: Connection | undefined, copy: Connection): Model | undefined {
  const source = target && readable(next, target.id);
  if (!source || next[copy.scope].unreadable) return undefined;
  next[copy.scope].entries.push({ id: copy.id, connection: copy, secrets: { ...source.secrets }, broken: false });
  return next;
}

function applyDelete(next: Model, target: Connection | undefined): Model | undefined {
  const scope = target && readableScope(next, target.id);
  if (!scope) return undefined;
  next[scope].entries = next[scope].entries.filter((e) => e.id !== target.id);
  return next;
}

function applyMove(next: Model, op: Extract<Op, { kind: 'move' }>, target: Connection | undefined, moved: Connection): Model | undefined {
  const from = target && readableScope(next, target.id);
  if (!from) return undefined;
  const entry = next[from].entries.find((e) => e.id === moved.id)!;
  // Already there (another window moved it first): nothing to do, and nothing done.
  if (from === moved.scope) return JSON.stringify(entry.connection) === JSON.stringify(moved) ? next : undefined;
  if (next[moved.scope].unreadable) return undefined;
  if (op.expectVersion && entry.connection.dateModified !== target.dateModified) return undefined;
  // The same connection, in the other scope: only the scope and the time of the change differ.
  const { scope: _s, dateModified: _d, ...kept } = moved;
  const { scope: _s0, dateModified: _d0, ...before } = entry.connection;
  if (JSON.stringify(kept) !== JSON.stringify(before)) return undefined;
  next[from].entries = next[from].entries.filter((e) => e.id !== moved.id);
  next[moved.scope].entries.push({ ...entry, connection: moved });
  return next;
}

function applyDeleteBroken(next: Model, broken: NonNullable<Planned['broken']>): Model | undefined {
  const scope = next[broken.scope];
  if (broken.position === -1) {
    if (!scope.unreadable) return undefined;
    next[broken.scope] = { entries: [], unreadable: false };
    return next;
  }
  const index = scope.entries.findIndex((e) => e.id === broken.id && e.broken);
  if (scope.unreadable || index === -1) return undefined;
  scope.entries.splice(index, 1);
  return next;
}

function applyRead(next: Model, target: Connection | undefined, value: unknown): Model | undefined {
  const entry = target && readable(next, target.id);
  return JSON.stringify(value) === JSON.stringify(entry ? entry.secrets : {}) || (!entry && isEmpty(value)) ? next : undefined;
}

function isEmpty(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

// ---------------------------------------------------------------------------------------------
// The model as the store should list it

export interface View {
  scopes: Record<Scope, { connections: Connection[]; broken: { position: number; id?: string }[]; secrets: Record<string, SecretBag> }>;
}

export function expectedView(model: Model): View {
  const scopes = {} as View['scopes'];
  for (const scope of SCOPES) {
    const m = model[scope];
    if (m.unreadable) {
      scopes[scope] = { connections: [], broken: [{ position: -1 }], secrets: {} };
      continue;
    }
    scopes[scope] = {
      connections: m.entries.filter((e) => !e.broken).map((e) => e.connection),
      broken: m.entries.flatMap((e, position) => (e.broken ? [{ position, id: e.id }] : [])),
      secrets: Object.fromEntries(m.entries.filter((e) => !e.broken).map((e) => [e.id, sortBag(e.secrets)])),
    };
  }
  return { scopes };
}

export function sortBag(bag: SecretBag): SecretBag {
  return Object.fromEntries(Object.entries(bag).sort(([a], [b]) => a.localeCompare(b)));
}

/** What a third party's write did, decided from what was stored when it happened. */
export type Effect = { kind: 'none' } | { kind: 'corruptIndex' | 'repairIndex'; scope: Scope } | { kind: 'corruptRecord' | 'repairRecord'; scope: Scope; id: string };

/** Applies a third party's write to a copy of the model; undefined when impossible at that point. */
export function applyEffect(model: Model, effect: Effect): Model | undefined {
  if (effect.kind === 'none') return model;
  const next = structuredClone(model);
  const scope = next[effect.scope];
  switch (effect.kind) {
    case 'corruptIndex':
    case 'repairIndex':
      if (scope.unreadable !== (effect.kind === 'repairIndex')) return undefined;
      scope.unreadable = effect.kind === 'corruptIndex';
      return next;
    case 'corruptRecord':
    case 'repairRecord': {
      const entry = scope.entries.find((e) => e.id === effect.id);
      if (scope.unreadable || !entry || entry.broken !== (effect.kind === 'repairRecord')) return undefined;
      entry.broken = effect.kind === 'corruptRecord';
      return next;
    }
  }
}
