/**
 * Text that came from outside (a provider's answer, a stored record, an exception) made inert
 * before it reaches a surface VS Code renders. Notifications turn `[label](command:…)` into a link
 * that runs a command; QuickPick, status bar and tree labels draw `$(icon)`; tooltips are markdown
 * (links, autolinked URLs, images, HTML). What a server says must read as the words it is.
 */

/** C0/C1 controls, and the bidirectional marks, overrides and isolates that can reorder how text reads. */
export const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL_OR_BIDI.source, 'g');

/**
 * For plain-text surfaces (notifications, QuickPick items, status bar messages, the log): no
 * control characters, one line, and no link or icon syntax (`](` and `$(` are split apart).
 */
export function plainText(text: string): string {
  return text
    .replace(CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\]\s*\(/g, '] (')
    .replace(/\$\(/g, '$ (')
    .trim();
}

/**
 * For a modal dialog's detail, which VS Code shows with its line breaks and spaces kept: plain
 * text line by line (no control character, link or icon syntax within a line), each line's
 * leading spaces kept as its indentation (at most 8).
 */
export function plainLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => ' '.repeat(Math.min(/^ */.exec(line)![0].length, 8)) + plainText(line))
    .join('\n');
}

/**
 * For markdown surfaces (tooltips): plain text with every ASCII punctuation character escaped, so
 * nothing is a link, autolink (`https\://…`, `www\.…`, `a\@b`), image, emphasis, HTML or table cell.
 */
export function markdownText(text: string): string {
  return plainText(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * For surfaces that turn bare addresses into links (VS Code's Chat view renders a failed request's
 * reason that way): plain text whose `scheme://` and `www.` carry an invisible word joiner, so they
 * read the same and link nowhere.
 */
export function unlinkedText(text: string): string {
  return plainText(text)
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\u2060//')
    .replace(/\bwww\./gi, 'www\u2060.');
}

/**
 * For text VS Code shows as a plain label and also puts into Markdown of its own making: the Chat
 * model picker shows a model's name as its label and, in bold, in the model's hover, a trusted
 * Markdown string (command links run). Unlinked text (see above) in which no HTML tag, comment or
 * `<scheme:…>` autolink can start (`<` before a letter, `/`, `!` or `?` carries a word joiner) and
 * no e-mail address links (a word joiner before its `@`). Nothing visible is added, so the label
 * reads as it is; emphasis (`*`, `_`) may still show, which changes no meaning.
 */
export function labelText(text: string): string {
  return unlinkedText(text)
    .replace(/<(?=[A-Za-z/!?])/g, '<\u2060')
    .replace(/([A-Za-z0-9._+-])@/g, '$1\u2060@');
}

/** A value as a markdown code span (inert by nature); a backtick or table pipe in it can't end it. */
export function markdownCode(text: string): string {
  return `\`${plainText(text).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/**
 * What can break or reorder a line of the Output log: C0 and C1 controls (CR, LF, NEL among them),
 * the Unicode line and paragraph separators, and the bidirectional controls.
 */
const LOG_BREAKERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * For the log (a model id, a connection name or alias, a tool name that came from a server or a
 * setting): one line, whatever it holds. Each character that could start a line or reorder one is
 * written as its escape (`\u000a`), so the text reads as what it was; capped at `max` characters.
 */
export function logText(text: string, max = 120): string {
  return capText(
    text.replace(LOG_BREAKERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    max,
  );
}

/** Shortens text to at most `max` characters, marking the cut. */
export function capText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
