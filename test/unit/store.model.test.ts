/**
 * Model-based test of the connection store: two windows (two stores over one global state, one
 * workspace state and one vault) run random operations, often two at once, while the vault and
 * the state stores fail on purpose and a third party (another window, another version) corrupts
 * the stored data or writes it back, between operations or while they run. Every port call
 * yields to fast-check's scheduler, which picks the order in which pending calls go ahead.
 *
 * After every step the stored data must equal a model the outcomes were applied to in some
 * order (for things that happened at once, one of their orders), and:
 * - no lost update: a save that succeeded is what is stored, unless a later one replaced it;
 * - no record without its secret: every secret a readable record names is in the bag it points to;
 * - no orphaned secret: every bag in the vault belongs to a stored record (readable, broken, or in
 *   an unreadable list) or is listed for a retry, and no listed entry belongs to a record.
 *
 * `npm test` runs a few runs with a fixed seed; `npm run fuzz` (FUZZ_FULL=1) runs the full count.
 * FUZZ_SEED and FUZZ_RUNS override the seed and the number of runs; FUZZ_SHRINK=1 makes a quick
 * run shrink a failure to a short counterexample (a full run always does).
 *
 * The operations and the model are in test/support/storeModel.ts; the two windows over their
 * ports, and what is stored, in test/support/storeWorld.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ORPHANED_SECRETS_KEY, type DeleteOutcome } from '../../src/domain/store/connectionStore';
import { StoreError } from '../../src/domain/store/errors';
import { applyEffect, applyOutcome, corruptionArb, emptyModel, expectedView, faultArb, opArb, SCOPES, sometimes, type Candidates, type Corruption, type Effect, type Fault, type Model, type Op, type Outcome, type Planned, type View } from '../support/storeModel';
import { actualView, externalWrite, plan, referencedKeys, storedBag, World } from '../support/storeWorld';

const FULL = process.env.FUZZ_FULL === '1';
const SEED = Number(process.env.FUZZ_SEED ?? 20250301);
/**
 * Steps per run: fast-check draws each run's length up to this bound, so runs average half of
 * it. A step is one operation, two at once (one per window), or a corruption.
 */
const MAX_STEPS = FULL ? 2000 : 1000;
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? (FULL ? 300 : 6));

// ---------------------------------------------------------------------------------------------
// What is stored, compared with the model, and the invariants

function checkInvariants(world: World, where: string): void {
  const referenced = referencedKeys(world);
  const listed = new Set((world.global.get(ORPHANED_SECRETS_KEY) as string[] | undefined) ?? []);
  for (const key of world.vault.data.keys()) {
    if (!key.includes('/secret/')) continue;
    assert.ok(referenced.has(key) || listed.has(key), `${where}: orphaned secret ${key}: no record names it and it is not listed for a retry`);
  }
  for (const key of listed) assert.ok(!referenced.has(key), `${where}: ${key} is listed for deletion but a stored record names it`);
  const aliases = new Set<string>();
  for (const c of world.windows[0].list().connections) {
    assert.ok(!aliases.has(c.alias), `${where}: alias ${c.alias} is used twice`);
    aliases.add(c.alias);
    const bag = storedBag(world, c.scope, c.id);
    assert.deepEqual(Object.keys(bag).sort(), [...c.secretKeys].sort(), `${where}: '${c.alias}' names secrets ${c.secretKeys.join(', ')} but its bag holds ${Object.keys(bag).join(', ')}`);
  }
}

/** Something that happened during a step: an operation's outcome, or a third party's write. */
type Event = Outcome | { effect: Effect };

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function describeEvent(event: Event): string {
  if ('effect' in event) return `third party: ${JSON.stringify(event.effect)}`;
  return `${event.planned.op.kind} in window ${event.planned.window}: ${event.ok ? 'ok' : String(event.error)}`;
}

/**
 * Checks the stored data against the candidate models: keeps every candidate that some order of
 * the events turns into what is stored, and fails if there is none.
 */
function settle(world: World, models: Model[], events: Event[], where: string): Model[] {
  const actual = [actualView(world, 0), actualView(world, 1)];
  assert.deepEqual(actual[1], actual[0], `${where}: the two windows disagree`);
  const expected = JSON.stringify(actual[0]);
  const next = new Map<string, Model>();
  let closest: { model: Model; view: View } | undefined;
  for (const model of models) {
    for (const order of permutations(events)) {
      let candidate: Model | undefined = model;
      for (const event of order) candidate = candidate && ('effect' in event ? applyEffect(candidate, event.effect) : applyOutcome(candidate, event));
      if (!candidate) continue;
      const view = expectedView(candidate);
      if (JSON.stringify(view) === expected) next.set(JSON.stringify(candidate), candidate);
      else closest ??= { model: candidate, view };
    }
  }
  if (next.size > 0) return [...next.values()];
  const problem = `${where}: no order of [${events.map(describeEvent).join('; ')}] explains what is stored.`;
  if (closest) assert.deepEqual(actual[0], closest.view, problem);
  assert.fail(`${problem} Each order is impossible.`);
}

/** Failures that need an injected fault, another operation at the same time, or unreadable data. */
function checkFailure(outcome: Outcome, model: Model, alone: boolean, faulted: boolean, where: string): void {
  const error = outcome.error;
  assert.ok(error instanceof StoreError, `${where}: ${outcome.planned.op.kind} failed with a ${String(error)} instead of a StoreError`);
  if (!alone || faulted) return;
  const unreadable = SCOPES.some((scope) => model[scope].unreadable);
  const expected = ['invalid', 'notFound', ...(unreadable ? ['storage'] : [])];
  assert.ok(expected.includes(error.code), `${where}: ${outcome.planned.op.kind} failed (${error.code}: ${error.message}) with nothing to explain it`);
}

// ---------------------------------------------------------------------------------------------
// Commands

class StepCommand implements fc.AsyncCommand<Candidates, World> {
  constructor(
    readonly first: Op,
    readonly second: Op | null,
    readonly fault: Fault | null,
    /** A third party's write that lands while the operations run. */
    readonly meanwhile: Corruption | null,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: Candidates, world: World): Promise<void> {
    world.steps++;
    const planned = [plan(world, 0, this.first), this.second && plan(world, 1, this.second)].filter((p): p is Planned => !!p);
    world.operations += planned.length;
    if (planned.length === 0) return;
    world.arm(this.fault);
    let outcomes: Outcome[];
    const effects: { effect: Effect }[] = [];
    try {
      const running = planned.map((p) =>
        Promise.resolve()
          .then(p.run)
          .then(
            (value): Outcome => ({ planned: p, ok: true, value }),
            (error: unknown): Outcome => ({ planned: p, ok: false, error }),
          ),
      );
      const meanwhile = this.meanwhile;
      const external = meanwhile
        ? world.scheduler.schedule(Promise.resolve(), 'another window writes').then(() => {
            effects.push({ effect: externalWrite(world, meanwhile) });
          })
        : Promise.resolve();
      [outcomes] = await world.scheduler.waitFor(Promise.all([Promise.all(running), external]));
    } finally {
      world.disarm();
    }
    const where = this.toString();
    for (const outcome of outcomes) {
      if (!outcome.ok) checkFailure(outcome, m.models[0]!, outcomes.length === 1 && effects.length === 0, this.fault !== null, where);
      else if (outcome.planned.op.kind === 'delete' || outcome.planned.op.kind === 'deleteBroken') {
        const result = outcome.value as DeleteOutcome;
        assert.equal(result.warning !== undefined, result.orphanedSecrets.length > 0, `${where}: a delete that left secrets behind must say so`);
      }
    }
    world.succeeded += outcomes.filter((o) => o.ok).length;
    m.models = settle(world, m.models, [...outcomes, ...effects], where);
    world.mostCandidates = Math.max(world.mostCandidates, m.models.length);
    checkInvariants(world, where);
  }

  toString(): string {
    const ops = [this.first, this.second, this.meanwhile]
      .filter(Boolean)
      .map((op) => JSON.stringify(op))
      .join(' ‖ ');
    return `step(${ops}${this.fault ? `, fault ${JSON.stringify(this.fault)}` : ''})`;
  }
}

class CorruptionCommand implements fc.AsyncCommand<Candidates, World> {
  constructor(readonly corruption: Corruption) {}

  check(): boolean {
    return true;
  }

  async run(m: Candidates, world: World): Promise<void> {
    world.steps++;
    const effect = externalWrite(world, this.corruption);
    const where = this.toString();
    m.models = settle(world, m.models, [{ effect }], where);
    checkInvariants(world, where);
  }

  toString(): string {
    return JSON.stringify(this.corruption);
  }
}

const commandArb: fc.Arbitrary<fc.AsyncCommand<Candidates, World>> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ first: opArb, second: sometimes(opArb, 0.5), fault: sometimes(faultArb, 0.3), meanwhile: sometimes(corruptionArb, 0.25) }).map(({ first, second, fault, meanwhile }) => new StepCommand(first, second, fault, meanwhile)),
  },
  { weight: 1, arbitrary: corruptionArb.map((c) => new CorruptionCommand(c)) },
);

describe('ConnectionStore model: two windows, random operations, faults and corruption', () => {
  it(`keeps records, secrets and the model in step (${NUM_RUNS} runs of up to ${MAX_STEPS} steps, seed ${SEED})`, async () => {
    let steps = 0;
    let operations = 0;
    let succeeded = 0;
    let mostCandidates = 1;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.commands([commandArb], { maxCommands: MAX_STEPS, size: 'max' }), async (s, commands) => {
        const world = new World(s);
        const state: Candidates = { models: [emptyModel()] };
        try {
          await fc.asyncModelRun(() => ({ model: state, real: world }), commands);
          steps += world.steps;
          operations += world.operations;
          succeeded += world.succeeded;
          mostCandidates = Math.max(mostCandidates, world.mostCandidates);
          // With the vault working again, one retry clears every listed entry: nothing is left behind.
          await s.waitFor(world.windows[0].retryOrphanedSecrets());
          assert.deepEqual(world.windows[0].orphanedSecrets(), []);
          const referenced = referencedKeys(world);
          for (const key of world.vault.data.keys()) {
            if (key.includes('/secret/')) assert.ok(referenced.has(key), `after the final retry: orphaned secret ${key}`);
          }
        } finally {
          world.dispose();
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: !FULL && !process.env.FUZZ_SHRINK, includeErrorInReport: true },
    );
    assert.ok(steps > 0);
    console.log(`store model: seed ${SEED}, ${NUM_RUNS} runs, ${steps} steps, ${operations} operations (${succeeded} succeeded), at most ${mostCandidates} candidate models`);
  });
});
