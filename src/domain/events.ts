/** A minimal event emitter with the same shape as VS Code's, so the domain needs no `vscode` import. */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * Watches what is created and disposed, for tests that check nothing is left undisposed (as VS
 * Code's own tests do). Off unless a test sets one.
 */
export interface DisposableTracker {
  created(disposable: Disposable): void;
  disposed(disposable: Disposable): void;
}

let tracker: DisposableTracker | undefined;

/** Sets (or with `undefined`, clears) the tracker; returns the one before. */
export function setDisposableTracker(next: DisposableTracker | undefined): DisposableTracker | undefined {
  const before = tracker;
  tracker = next;
  return before;
}

/** A disposable whose `dispose` runs its work once, however often it is called. */
export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  const disposable: Disposable = {
    dispose() {
      if (done) return;
      done = true;
      tracker?.disposed(disposable);
      dispose();
    },
  };
  tracker?.created(disposable);
  return disposable;
}

/**
 * The base of everything that owns disposables: `dispose` runs once, disposing what it owns in
 * the reverse order of registering; what is registered after that is disposed at once.
 */
export abstract class DisposableBase implements Disposable {
  private readonly owned: Disposable[] = [];
  private done = false;

  constructor() {
    tracker?.created(this);
  }

  get isDisposed(): boolean {
    return this.done;
  }

  protected register<T extends Disposable>(disposable: T): T {
    if (this.done) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.done) return;
    this.done = true;
    tracker?.disposed(this);
    for (const disposable of this.owned.splice(0).reverse()) disposable.dispose();
  }
}

/** Disposables gathered in one place, disposed together. */
export class DisposableStore extends DisposableBase {
  add<T extends Disposable>(disposable: T): T {
    return this.register(disposable);
  }
}

/** Fires events to listeners; disposing it ends every subscription. */
export class Emitter<T> extends DisposableBase {
  /** Each subscription with its listener (the same listener may subscribe twice). */
  private readonly subscriptions = new Map<Disposable, (value: T) => void>();

  readonly event: Event<T> = (listener) => {
    const subscription = toDisposable(() => this.subscriptions.delete(subscription));
    if (this.isDisposed) subscription.dispose();
    else this.subscriptions.set(subscription, listener);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.subscriptions.values()]) listener(value);
  }

  override dispose(): void {
    super.dispose();
    for (const subscription of [...this.subscriptions.keys()]) subscription.dispose();
  }
}
