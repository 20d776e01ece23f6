import { plainLines, plainText } from '../domain/text/inert';
import type { DialogOptions, PickItem, PickOptions, Ui } from './ports';

/**
 * Wraps a Ui so that every text it shows is plain: no link (`[label](command:…)`), no icon
 * (`$(…)`), no control or direction character, whoever wrote it (a provider, an exception, a
 * stored record). The composition root only ever hands out the wrapped Ui.
 */
export function inertUi(ui: Ui): Ui {
  const item = <T extends PickItem>(i: T): T => ({
    ...i,
    label: plainText(i.label),
    ...(i.description !== undefined ? { description: plainText(i.description) } : {}),
    ...(i.detail !== undefined ? { detail: plainText(i.detail) } : {}),
  });
  const dialog = (options: DialogOptions): DialogOptions => (options.detail !== undefined ? { detail: plainLines(options.detail) } : {});
  const texts = (options: PickOptions) => ({ placeHolder: plainText(options.placeHolder), ...(options.title !== undefined ? { title: plainText(options.title) } : {}) });
  const optionalPlain = (text: string | undefined) => (text === undefined ? undefined : plainText(text));
  // Actions are our own button labels: passed as they are so the caller can compare the answer.
  return {
    info: (message, ...actions) => ui.info(plainText(message), ...actions),
    warn: (message, ...actions) => ui.warn(plainText(message), ...actions),
    confirm: (message, options, ...actions) => ui.confirm(plainText(message), dialog(options), ...actions),
    ask: (message, options, ...actions) => ui.ask(plainText(message), dialog(options), ...actions),
    error: (message, ...actions) => ui.error(plainText(message), ...actions),
    flash: (icon, message, ms) => ui.flash(icon, plainText(message), ms),
    pick: async (items, options) => {
      const shown = items.map(item);
      const active = options.active !== undefined ? shown[items.indexOf(options.active)] : undefined;
      const { active: _active, ...rest } = options;
      const picked = await ui.pick(shown, { ...rest, ...texts(options), ...(active ? { active } : {}) });
      return picked === undefined ? undefined : items[shown.indexOf(picked)];
    },
    pickMany: async (items, options) => {
      const shown = items.map(item);
      const picked = await ui.pickMany(shown, { ...options, ...texts(options) });
      return picked?.map((p) => items[shown.indexOf(p)]!);
    },
    pickManyWithButtons: async (items, options) => {
      const shown = items.map(item);
      const active = options.active !== undefined ? shown[items.indexOf(options.active)] : undefined;
      const { active: _active, ...rest } = options;
      const answer = await ui.pickManyWithButtons(shown, { ...rest, ...texts(options), ...(active ? { active } : {}) });
      if (!answer) return undefined;
      const picked = answer.picked.map((p) => items[shown.indexOf(p)]!);
      return answer.kind === 'accepted' ? { kind: 'accepted', picked } : { kind: 'button', button: answer.button, item: items[shown.indexOf(answer.item)]!, picked };
    },
    input: (options) =>
      ui.input({
        ...options,
        prompt: plainText(options.prompt),
        ...(options.title !== undefined ? { title: plainText(options.title) } : {}),
        ...(options.placeHolder !== undefined ? { placeHolder: plainText(options.placeHolder) } : {}),
        ...(options.validate ? { validate: (value: string) => optionalPlain(options.validate!(value)) } : {}),
      }),
    progress: (options, task) => ui.progress({ ...options, title: plainText(options.title) }, (report, signal) => task((u) => report(u.message !== undefined ? { ...u, message: plainText(u.message) } : u), signal)),
    copy: (text) => ui.copy(text),
    executeCommand: (command, ...args) => ui.executeCommand(command, ...args),
  };
}

/** The settings of a VS Code MarkdownString that decide what its markdown may do. */
export interface MarkdownSettings {
  isTrusted?: boolean | { readonly enabledCommands: readonly string[] };
  supportHtml?: boolean;
  supportThemeIcons?: boolean;
}

/**
 * Makes a MarkdownString we built (a tooltip) able to run nothing: not trusted (no `command:`
 * links), no HTML, and no `$(icon)`, since none of ours puts an icon in. Set explicitly rather
 * than left to VS Code's defaults.
 */
export function inertMarkdown<T extends MarkdownSettings>(markdown: T): T {
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}
