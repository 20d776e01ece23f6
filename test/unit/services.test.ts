/**
 * The composition root without VS Code: everything it builds and registers goes when it is
 * disposed, and disposing twice does nothing more.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DisposableStore, Emitter, setDisposableTracker, toDisposable, type Disposable } from '../../src/domain/events';
import { harness } from '../support/uiHarness';
import { openAiInput } from '../support/fixtures';

class Tracker {
  readonly live = new Set<Disposable>();
  created(d: Disposable): void {
    this.live.add(d);
  }
  disposed(d: Disposable): void {
    this.live.delete(d);
  }
}

describe('createServices', () => {
  let tracker: Tracker;
  beforeEach(() => {
    tracker = new Tracker();
    setDisposableTracker(tracker);
  });
  afterEach(() => setDisposableTracker(undefined));

  it('leaves nothing it built or registered undisposed once disposed, after real use', async () => {
    const h = harness();
    await h.store.create(openAiInput());
    h.forms.open();
    await h.commands['aiConnections.refresh']?.();
    assert.ok(tracker.live.size >= 8, `the services registered their listeners (${tracker.live.size})`);
    h.services.dispose();
    assert.deepEqual(
      [...tracker.live].map((d) => d.constructor.name),
      [],
      'nothing left undisposed',
    );
  });
});

describe('disposables', () => {
  it('run their work once however often they are disposed', () => {
    let runs = 0;
    const d = toDisposable(() => runs++);
    d.dispose();
    d.dispose();
    assert.equal(runs, 1);
  });

  it('a store disposes what it holds in reverse order, and what is added afterwards at once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    store.dispose();
    assert.deepEqual(order, ['second', 'first']);
    store.add(toDisposable(() => order.push('late')));
    assert.deepEqual(order, ['second', 'first', 'late']);
  });

  it('an emitter ends its subscriptions when disposed and takes no listener afterwards', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    const subscription = emitter.event((n) => heard.push(n));
    emitter.fire(1);
    subscription.dispose();
    emitter.fire(2);
    emitter.event((n) => heard.push(n * 10));
    emitter.dispose();
    emitter.fire(3);
    emitter.event((n) => heard.push(n * 100));
    emitter.fire(4);
    assert.deepEqual(heard, [1]);
  });
});
