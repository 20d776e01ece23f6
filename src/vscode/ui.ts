import * as vscode from 'vscode';
import type { DialogAction, DialogOptions, StatusItem, Ui, WorkbenchInfo } from '../ui/ports';
import { inertMarkdown, inertUi } from '../ui/inertUi';
import { Command } from '../ui/commands/ids';
import { workspaceFolders } from './references';

/** The Ui port on VS Code's window API, wrapped so every text it shows is plain (`inertUi`). */
export function vscodeUi(): Ui {
  return inertUi({
    info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
    warn: (message, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
    confirm: (message, options, ...actions) => modal(vscode.window.showWarningMessage, message, options, actions),
    ask: (message, options, ...actions) => modal(vscode.window.showInformationMessage, message, options, actions),
    error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
    flash: (icon, message, ms = 3000) => void vscode.window.setStatusBarMessage(`$(${icon}) ${message}`, ms),
    pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, options)),
    pickMany: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, { ...options, canPickMany: true })),
    progress: (options, task) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: options.location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: options.title, cancellable: options.cancellable },
          (progress, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            return task((update) => progress.report(update), controller.signal);
          },
        ),
      ),
    copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    executeCommand: (command, ...args) => Promise.resolve(vscode.commands.executeCommand(command, ...args)),
  });
}

/** A modal dialog whose buttons are message items, so one of them can be its close affordance (no extra Cancel). */
async function modal(show: typeof vscode.window.showInformationMessage, message: string, options: DialogOptions, actions: DialogAction[]): Promise<string | undefined> {
  const items: vscode.MessageItem[] = actions.map((action) => (typeof action === 'string' ? { title: action } : { title: action.title, isCloseAffordance: true }));
  const chosen = await show(message, { modal: true, ...(options.detail ? { detail: options.detail } : {}) }, ...items);
  return chosen?.title;
}

export const workbenchInfo: WorkbenchInfo = {
  openMode: () => (vscode.workspace.getConfiguration('workbench.list').get('openMode') === 'doubleClick' ? 'doubleClick' : 'singleClick'),
  folders: workspaceFolders,
  activeFolder: () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri ? vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() : undefined;
  },
};

/** The runner's status bar item; its tooltip is markdown that can run nothing (no commands, no HTML, no icons). */
export function vscodeStatusItem(): StatusItem {
  const item = vscode.window.createStatusBarItem('aiConnections.status', vscode.StatusBarAlignment.Left, 1000);
  item.name = 'AI Connections';
  item.command = Command.testAll;
  return {
    render: (view) => {
      item.text = view.text;
      item.tooltip = inertMarkdown(new vscode.MarkdownString(view.tooltip));
      item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.accessibilityInformation = { label: view.accessibilityLabel };
      if (view.visible) item.show();
      else item.hide();
    },
    dispose: () => item.dispose(),
  };
}
