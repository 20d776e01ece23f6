import * as l10n from '@vscode/l10n';
import type { Disposable } from '../domain/events';
import type { ConnectionStore } from '../domain/store/connectionStore';
import type { TestResultStore } from '../domain/testing/resultStore';
import { statusView, type RunState } from '../views/statusModel';
import type { StatusItem } from './ports';

/** A run shown in the status bar; only the run that is current may update or end what is shown. */
export interface RunHandle {
  progress(done: number, total: number): void;
  end(): void;
}

/** The status-bar test runner: one state, one render. Clicking the item runs Test All. */
export class TestStatusBar implements Disposable {
  private run: RunState = { running: false };
  private current: object | undefined;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly item: StatusItem,
    private readonly store: ConnectionStore,
    private readonly results: TestResultStore,
    private visible: boolean,
  ) {
    this.subscriptions = [item, store.onDidChange(() => this.render()), results.onDidChange(() => this.render())];
    // The first paint reads every record; it waits until activation has returned.
    const first = setTimeout(() => this.render(), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(first) });
  }

  /** Shows a run starting; a later `begin` takes over, and the earlier handle then changes nothing. */
  begin(total: number): RunHandle {
    const token = {};
    this.current = token;
    this.run = { running: true, done: 0, total };
    this.render();
    return {
      progress: (done, all) => {
        if (this.current !== token) return;
        this.run = { running: true, done, total: all };
        this.render();
      },
      end: () => {
        if (this.current !== token) return;
        this.current = undefined;
        this.run = { running: false };
        this.render();
      },
    };
  }

  get running(): RunState {
    return this.run;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.render();
  }

  private render(): void {
    const view = statusView(this.store.list().connections, this.results.all(), this.run);
    this.item.render({
      text: view.text,
      tooltip: view.tooltip,
      warning: view.severity === 'warning',
      accessibilityLabel: l10n.t('AI Connections: {status}', { status: view.text.replace(/\$\([^)]+\)\s*/g, '') }),
      visible: this.visible && !view.empty,
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
