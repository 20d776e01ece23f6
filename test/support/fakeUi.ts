/**
 * A scripted stand-in for VS Code's UI ports: records every text shown, answers dialogs and
 * pickers from a script, and runs progress tasks with a signal the test can abort.
 */
import type { ActivePickOptions, DialogAction, InputOptions, PickItem, PickManyAnswer, ProgressOptions, StatusItem, Ui, WorkbenchInfo } from '../../src/ui/ports';
import type { Logger } from '../../src/domain/logger';

export interface Shown {
  kind: 'info' | 'warn' | 'confirm' | 'ask' | 'error' | 'flash' | 'pick' | 'progress' | 'input' | 'inputProblem';
  text: string;
  actions: string[];
  /** A dialog's detail (the import preview). */
  detail?: string;
  /** A dialog's close affordance: the button that stands for Cancel and answers Escape. */
  close?: string;
}

export class FakeUi implements Ui {
  readonly shown: Shown[] = [];
  readonly copied: string[] = [];
  readonly commands: { command: string; args: unknown[] }[] = [];
  /** Answers for info/warn/confirm/error, in order; undefined = dismissed. */
  answers: (string | undefined)[] = [];
  /** Chooses from a picker's items; default: dismiss. */
  choose: (items: readonly PickItem[]) => PickItem | undefined = () => undefined;
  /** The abort controller of the progress task running now. */
  progressController: AbortController | undefined;
  /** Resolves a dialog only when the test says so (for run-while-running tests). */
  holdDialogs = false;
  private held: (() => void)[] = [];

  private answer(kind: Shown['kind'], text: string, actions: DialogAction[], detail?: string): Promise<string | undefined> {
    const close = actions.find((a) => typeof a !== 'string');
    const titles = actions.map((a) => (typeof a === 'string' ? a : a.title));
    this.shown.push({ kind, text, actions: titles, ...(detail !== undefined ? { detail } : {}), ...(close ? { close: close.title } : {}) });
    // Dismissing a dialog that has a close affordance answers with it, as VS Code does on Escape.
    const value = this.answers.shift() ?? close?.title;
    if (!this.holdDialogs) return Promise.resolve(value);
    return new Promise((resolve) => this.held.push(() => resolve(value)));
  }

  releaseDialogs(): void {
    for (const release of this.held.splice(0)) release();
  }

  info(message: string, ...actions: string[]) {
    return this.answer('info', message, actions);
  }
  warn(message: string, ...actions: string[]) {
    return this.answer('warn', message, actions);
  }
  confirm(message: string, options: { detail?: string }, ...actions: DialogAction[]) {
    return this.answer('confirm', message, actions, options.detail);
  }
  ask(message: string, options: { detail?: string }, ...actions: DialogAction[]) {
    return this.answer('ask', message, actions, options.detail);
  }
  error(message: string, ...actions: string[]) {
    return this.answer('error', message, actions);
  }
  flash(icon: string, message: string): void {
    this.shown.push({ kind: 'flash', text: `$(${icon}) ${message}`, actions: [] });
  }
  /** What each single-choice picker was opened with: its items and the item focused. */
  readonly pickShown: { items: PickItem[]; active?: PickItem }[] = [];
  async pick<T extends PickItem>(items: readonly T[], options: ActivePickOptions<T>): Promise<T | undefined> {
    this.pickShown.push({ items: [...items], ...(options.active ? { active: options.active } : {}) });
    this.shown.push({ kind: 'pick', text: `${options.title ?? ''} ${options.placeHolder} | ${items.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`).join(' | ')}`, actions: [] });
    return this.choose(items) as T | undefined;
  }
  /** Chooses from a multi-select picker; default: dismiss. */
  chooseMany: (items: readonly PickItem[]) => PickItem[] | undefined = () => undefined;
  async pickMany<T extends PickItem>(items: readonly T[], options: { placeHolder: string; title?: string }): Promise<T[] | undefined> {
    this.shown.push({ kind: 'pick', text: `${options.title ?? ''} ${options.placeHolder} | ${items.map((i) => `${i.picked ? '[x]' : '[ ]'} ${i.label}`).join(' | ')}`, actions: [] });
    return this.chooseMany(items) as T[] | undefined;
  }
  /**
   * Answers multi-selects with item buttons, in order (a press of an item's button, or an accept);
   * once they run out, `chooseMany` answers as an accept (undefined: dismissed).
   */
  manyAnswers: ((items: readonly PickItem[]) => PickManyAnswer<PickItem> | undefined)[] = [];
  /** What each multi-select with buttons was opened with: its items and the item focused. */
  readonly manyShown: { items: PickItem[]; active?: PickItem }[] = [];
  async pickManyWithButtons<T extends PickItem>(items: readonly T[], options: ActivePickOptions<T>): Promise<PickManyAnswer<T> | undefined> {
    this.shown.push({ kind: 'pick', text: `${options.title ?? ''} ${options.placeHolder} | ${items.map((i) => `${i.picked ? '[x]' : '[ ]'} ${i.label}`).join(' | ')}`, actions: [] });
    this.manyShown.push({ items: [...items], ...(options.active ? { active: options.active } : {}) });
    const scripted = this.manyAnswers.shift();
    if (scripted) return scripted(items) as PickManyAnswer<T> | undefined;
    const picked = this.chooseMany(items) as T[] | undefined;
    return picked ? { kind: 'accepted', picked } : undefined;
  }
  /**
   * What is typed into text boxes, in order (undefined: dismissed). A value the box's check
   * refuses is noted (`inputProblem`) and the next one is typed, as a user corrects it.
   */
  typed: (string | undefined)[] = [];
  async input(options: InputOptions): Promise<string | undefined> {
    this.shown.push({ kind: 'input', text: `${options.title ?? ''} ${options.prompt} [${options.value ?? ''}]`, actions: [] });
    for (;;) {
      const value = this.typed.shift();
      if (value === undefined) return undefined;
      const problem = options.validate?.(value);
      if (problem === undefined) return value;
      this.shown.push({ kind: 'inputProblem', text: problem, actions: [] });
    }
  }
  async progress<R>(options: ProgressOptions, task: (report: (u: { message?: string }) => void, signal: AbortSignal) => Promise<R>): Promise<R> {
    this.shown.push({ kind: 'progress', text: options.title, actions: [] });
    const controller = new AbortController();
    this.progressController = controller;
    try {
      return await task((u) => u.message && this.shown.push({ kind: 'progress', text: u.message, actions: [] }), controller.signal);
    } finally {
      this.progressController = undefined;
    }
  }
  async copy(text: string): Promise<void> {
    this.copied.push(text);
  }
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    this.commands.push({ command, args });
    return undefined;
  }

  of(kind: Shown['kind']): Shown[] {
    return this.shown.filter((s) => s.kind === kind);
  }
  get everything(): string {
    return JSON.stringify(this.shown);
  }
}

export const singleClick: WorkbenchInfo = { openMode: () => 'singleClick', folders: () => [], activeFolder: () => undefined };

export class FakeStatusItem implements StatusItem {
  readonly renders: Parameters<StatusItem['render']>[0][] = [];
  render(view: Parameters<StatusItem['render']>[0]): void {
    this.renders.push(view);
  }
  get last() {
    return this.renders.at(-1);
  }
  dispose(): void {}
}

export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}
