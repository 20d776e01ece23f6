import * as vscode from 'vscode';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { TestResultStore } from '../../domain/testing/resultStore';
import { statusView, type RunState } from '../../views/statusModel';
import { Command } from '../commands/ids';

/** The status-bar test runner: one state, one render. Click runs Test All. */
export class TestStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aiConnections.status', vscode.StatusBarAlignment.Left, 1000);
  private run: RunState = { running: false };
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: ConnectionStore,
    private readonly results: TestResultStore,
    private visible: boolean,
  ) {
    this.item.name = 'AI Connections';
    this.item.command = Command.testAll;
    this.subscriptions = [this.item, store.onDidChange(() => this.render()), results.onDidChange(() => this.render())];
    this.render();
  }

  setRunning(run: RunState): void {
    this.run = run;
    this.render();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.render();
  }

  private render(): void {
    const view = statusView(this.store.list().connections, this.results.all(), this.run);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `AI Connections: ${view.text.replace(/\$\([^)]+\)\s*/g, '')}` };
    if (this.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
