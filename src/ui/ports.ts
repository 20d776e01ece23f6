/**
 * The few things the extension asks of VS Code's UI, as ports. The command handlers, the form
 * host and the status bar are written against these and run under `node --test` with fakes;
 * `src/vscode/` implements them with the `vscode` API.
 */
import type { Disposable } from '../domain/events';
import type { WorkspaceFolderInfo } from '../domain/folders';

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  /** Buttons beside the item (`pickManyWithButtons`). */
  buttons?: readonly PickButton[];
}

/** A button beside a picker's item: a codicon (`gear`) with a tooltip, answered by its id. */
export interface PickButton {
  id: string;
  icon: string;
  tooltip: string;
}

export interface PickOptions {
  title?: string;
  placeHolder: string;
  matchOnDescription?: boolean;
  /** Keep the picker open when focus moves elsewhere (a multi-select whose checks would be lost). */
  ignoreFocusOut?: boolean;
}

/** A picker that opens again after a step: the item that had the focus gets it again. */
export interface ActivePickOptions<T> extends PickOptions {
  active?: T;
}

/** How a multi-select picker with item buttons ended: accepted with the items checked, or a button pressed (with the items checked then). */
export type PickManyAnswer<T> = { kind: 'accepted'; picked: T[] } | { kind: 'button'; button: string; item: T; picked: T[] };

/** A text box whose value is checked as it is typed: `validate` answers what is wrong in words, or undefined. */
export interface InputOptions {
  title?: string;
  prompt: string;
  placeHolder?: string;
  value?: string;
  /** Hides what is typed (a key). */
  password?: boolean;
  validate?: (value: string) => string | undefined;
}

export interface ProgressOptions {
  title: string;
  /** `notification`: a cancellable toast; `window`: the quiet spinner in the status bar. */
  location: 'notification' | 'window';
  cancellable: boolean;
}

export type ProgressReport = (update: { message?: string; increment?: number }) => void;

/**
 * A button of a modal dialog: its label, or a label that also closes the dialog. The close
 * affordance takes the place of VS Code's own Cancel button and is the answer when the dialog is
 * dismissed (Escape): `{ title: 'Deny', isCloseAffordance: true }` offers Allow and Deny only.
 */
export type DialogAction = string | { title: string; isCloseAffordance: true };

export interface DialogOptions {
  /**
   * The text beneath the message. Line breaks are kept (one item per line); leading spaces indent
   * a line under the one before.
   */
  detail?: string;
}

/** Notifications, dialogs, pickers and progress. Every text is shown as plain text (see `inertUi`). */
export interface Ui {
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  /**
   * A modal warning dialog, for what can't be undone or is a risk (delete, discard, send a key);
   * resolves the chosen action's label, or undefined when dismissed without a close affordance.
   */
  confirm(message: string, options: DialogOptions, ...actions: DialogAction[]): Promise<string | undefined>;
  /** A modal question with the information icon, for a plain choice (an import's preview); answers as `confirm`. */
  ask(message: string, options: DialogOptions, ...actions: DialogAction[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A transient status bar message with a codicon (`check`, `copy`, `trash`, ...). */
  flash(icon: string, message: string, ms?: number): void;
  pick<T extends PickItem>(items: readonly T[], options: ActivePickOptions<T>): Promise<T | undefined>;
  /** A multi-select picker; resolves the items checked, or undefined when dismissed. */
  pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined>;
  /** A multi-select picker whose items have buttons; resolves how it ended, or undefined when dismissed. */
  pickManyWithButtons<T extends PickItem>(items: readonly T[], options: ActivePickOptions<T>): Promise<PickManyAnswer<T> | undefined>;
  /** A text box; resolves what was typed (valid, when `validate` is given), or undefined when dismissed. */
  input(options: InputOptions): Promise<string | undefined>;
  progress<R>(options: ProgressOptions, task: (report: ProgressReport, signal: AbortSignal) => Promise<R>): Promise<R>;
  copy(text: string): Promise<void>;
  executeCommand(command: string, ...args: unknown[]): Promise<unknown>;
}

/** What the handlers read of the workspace and the user's settings. */
export interface WorkbenchInfo {
  /** `workbench.list.openMode`: whether a single "open" gesture opens an item. */
  openMode(): 'singleClick' | 'doubleClick';
  /** The open workspace folders, first one first (none without a workspace). */
  folders(): readonly WorkspaceFolderInfo[];
  /** The URI of the folder holding the active editor's file, if any. */
  activeFolder(): string | undefined;
}

/** The status bar item, as the runner draws it. */
export interface StatusItem extends Disposable {
  render(view: { text: string; tooltip: string; warning: boolean; accessibilityLabel: string; visible: boolean }): void;
}

/** A text box; `password` hides what is typed. Resolves undefined when dismissed. */
export interface TextInputOptions {
  title?: string;
  prompt: string;
  placeHolder?: string;
  value?: string;
  password?: boolean;
}

/**
 * Files and text input for import and export. Files are named by URI strings so the handlers
 * stay free of `vscode.Uri`.
 */
export interface FilePorts {
  /** The URI of a file the command was invoked on (explorer context menu), if `arg` is one. */
  uriOf(arg: unknown): string | undefined;
  /** The file's name for messages (`openai.yaml`). */
  nameOf(uri: string): string;
  pickOpenFile(options: { title: string; filters: Record<string, string[]> }): Promise<string | undefined>;
  pickSaveFile(options: { title: string; defaultName: string; filters: Record<string, string[]> }): Promise<string | undefined>;
  readFile(uri: string): Promise<Uint8Array>;
  writeFile(uri: string, text: string): Promise<void>;
  /** Opens the file in an editor. */
  openFile(uri: string): Promise<void>;
  input(options: TextInputOptions): Promise<string | undefined>;
}
