import * as vscode from 'vscode';
import type { ActivePickOptions, DialogAction, DialogOptions, InputOptions, PickItem, PickManyAnswer, PickOptions, StatusItem, TextInputOptions, Ui, WorkbenchInfo } from '../ui/ports';
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
    pick: async (items, { active, ...options }) => {
      if (active) return pickWithActive(items, options, active);
      const chosen = await vscode.window.showQuickPick(shownItems(items, new Map()), options);
      return chosen ? items[chosen.index] : undefined;
    },
    pickMany: async (items, options) => {
      const chosen = await vscode.window.showQuickPick(shownItems(items, new Map()), { ...options, canPickMany: true });
      return chosen?.map((c) => items[c.index]!);
    },
    pickManyWithButtons,
    input: inputBox,
    progress: (options, task) =>
      Promise.resolve(
        vscode.window.withProgress({ location: options.location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: options.title, cancellable: options.cancellable }, (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return task((update) => progress.report(update), controller.signal);
        }),
      ),
    copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    executeCommand: (command, ...args) => Promise.resolve(vscode.commands.executeCommand(command, ...args)),
  });
}

type ShownItem = vscode.QuickPickItem & { index: number };

/** Our items as a QuickPick's, each knowing its index; item buttons as codicons. */
function shownItems<T extends PickItem>(items: readonly T[], buttons: Map<vscode.QuickInputButton, string>): ShownItem[] {
  return items.map((item, index) => ({
    label: item.label,
    ...(item.description !== undefined ? { description: item.description } : {}),
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.picked !== undefined ? { picked: item.picked } : {}),
    ...(item.buttons
      ? {
          buttons: item.buttons.map((b) => {
            const button: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon(b.icon), tooltip: b.tooltip };
            buttons.set(button, b.id);
            return button;
          }),
        }
      : {}),
    index,
  }));
}

function quickPick<T extends PickItem>(items: readonly T[], options: PickOptions, many: boolean, active: T | undefined) {
  const buttons = new Map<vscode.QuickInputButton, string>();
  const picker = vscode.window.createQuickPick<ShownItem>();
  const shown = shownItems(items, buttons);
  picker.title = options.title;
  picker.placeholder = options.placeHolder;
  picker.matchOnDescription = options.matchOnDescription ?? false;
  picker.ignoreFocusOut = options.ignoreFocusOut ?? false;
  picker.canSelectMany = many;
  picker.items = shown;
  if (many) picker.selectedItems = shown.filter((s) => items[s.index]!.picked === true);
  const activeItem = active !== undefined ? shown[items.indexOf(active)] : undefined;
  if (activeItem) picker.activeItems = [activeItem];
  return { picker, buttons };
}

/** A single choice whose focus starts on `active` (a picker shown again after a step). */
function pickWithActive<T extends PickItem>(items: readonly T[], options: PickOptions, active: T): Promise<T | undefined> {
  return new Promise((resolve) => {
    const { picker } = quickPick(items, options, false, active);
    let answered = false;
    picker.onDidAccept(() => {
      answered = true;
      const chosen = picker.selectedItems[0] ?? picker.activeItems[0];
      resolve(chosen ? items[chosen.index] : undefined);
      picker.hide();
    });
    picker.onDidHide(() => {
      if (!answered) resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}

/** A multi-select whose items have buttons: answers with the checked items on accept, or with the button pressed. */
function pickManyWithButtons<T extends PickItem>(items: readonly T[], { active, ...options }: ActivePickOptions<T>): Promise<PickManyAnswer<T> | undefined> {
  return new Promise((resolve) => {
    const { picker, buttons } = quickPick(items, options, true, active);
    let answered = false;
    const answer = (value: PickManyAnswer<T>) => {
      if (answered) return;
      answered = true;
      resolve(value);
      picker.hide();
    };
    const checked = () => picker.selectedItems.map((s) => items[s.index]!);
    picker.onDidAccept(() => answer({ kind: 'accepted', picked: checked() }));
    picker.onDidTriggerItemButton((event) => {
      const id = buttons.get(event.button);
      if (id !== undefined) answer({ kind: 'button', button: id, item: items[event.item.index]!, picked: checked() });
    });
    picker.onDidHide(() => {
      if (!answered) {
        answered = true;
        resolve(undefined);
      }
      picker.dispose();
    });
    picker.show();
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

/** VS Code's input box for the Ui's and the file ports' text input: kept open when focus moves, a password masked. */
export function inputBox(options: InputOptions & Pick<TextInputOptions, 'password'>): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      placeHolder: options.placeHolder,
      value: options.value,
      password: options.password === true,
      ignoreFocusOut: true,
      ...(options.validate ? { validateInput: options.validate } : {}),
    }),
  );
}
