/**
 * What `import * as vscode from 'vscode'` gives the adapters of src/vscode in unit tests (see
 * useVscodeShim.ts): only the classes, enums and functions they use, behaving as VS Code's do
 * where a test relies on it (LanguageModelError's codes, MarkdownString's settings, an event's
 * listeners), and a workspace and window the test drives and inspects through `shim`. Anything
 * not here is undefined, so an adapter reaching for more fails loudly instead of passing on a stub.
 */
import { t } from '@vscode/l10n';
import { posix } from 'node:path';

// ---- Events and disposables ----------------------------------------------------------------

export class Disposable {
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }
  private done = false;
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): void {
    if (this.done) return;
    this.done = true;
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = (e: T) => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const subscription = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(subscription);
    return subscription;
  };
  fire(data: T): void {
    for (const listener of [...this.listeners]) listener(data);
  }
  /** How many listeners are subscribed now (what a test checks after `dispose`). */
  get listenerCount(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

// ---- Errors ------------------------------------------------------------------------------

/** As VS Code's: its name and message are 'Canceled'. */
export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

/** As VS Code's (extHostTypes.ts): the factories set `code` to their own name; the constructor to ''. */
export class LanguageModelError extends Error {
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NotFound');
  }
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NoPermissions');
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'Blocked');
  }
  readonly code: string;
  constructor(message?: string, code?: string) {
    super(message);
    this.name = 'LanguageModelError';
    this.code = code ?? '';
  }
}

export class FileSystemError extends Error {
  static FileNotFound(uri?: Uri | string): FileSystemError {
    return new FileSystemError(`${uri ?? ''} not found`, 'FileNotFound');
  }
  constructor(
    message: string,
    readonly code = 'Unknown',
  ) {
    super(message);
    this.name = 'FileSystemError';
  }
}

// ---- Values ------------------------------------------------------------------------------

/**
 * A URI's components as written (no percent-coding either way, unlike VS Code's, which no test
 * here needs): `parse` splits by RFC 3986's regular expression, as VS Code's does.
 */
export class Uri {
  static parse(value: string, _strict?: boolean): Uri {
    const match = /^(([^:/?#]+?):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/.exec(value)!;
    return new Uri(match[2] ?? '', match[4] ?? '', match[5] ?? '', match[7] ?? '', match[9] ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', '', path);
  }
  static from(components: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(components.scheme, components.authority ?? '', components.path ?? '', components.query ?? '', components.fragment ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: posix.join(base.path || '/', ...segments) });
  }
  constructor(
    readonly scheme: string,
    readonly authority = '',
    readonly path = '',
    readonly query = '',
    readonly fragment = '',
  ) {}
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    const authority = this.authority || this.scheme === 'file' ? `//${this.authority}` : '';
    return `${this.scheme}:${authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/** As VS Code's: the settings are left unset until someone sets them. */
export class MarkdownString {
  isTrusted?: boolean | { readonly enabledCommands: readonly string[] };
  supportHtml?: boolean;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  resourceUri?: Uri;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  accessibilityInformation?: { label: string; role?: string };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}

export interface WorkspaceFolder {
  readonly uri: Uri;
  readonly name: string;
  readonly index: number;
}

export class RelativePattern {
  readonly baseUri: Uri;
  readonly base: string;
  constructor(
    base: WorkspaceFolder | Uri | string,
    readonly pattern: string,
  ) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base instanceof Uri ? base : base.uri;
    this.base = this.baseUri.fsPath;
  }
}

// ---- Language models ---------------------------------------------------------------------

export enum LanguageModelChatMessageRole {
  User = 1,
  Assistant = 2,
}

export enum LanguageModelChatToolMode {
  Auto = 1,
  Required = 2,
}

export class LanguageModelTextPart {
  constructor(public value: string) {}
}

export class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}

export class LanguageModelToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}

// ---- Glob patterns -----------------------------------------------------------------------

/**
 * Whether a path relative to a pattern's base matches it, by the glob syntax of VS Code's file
 * watchers: `*` and `?` within one path segment, `**` across segments, `{a,b}` alternatives.
 */
export function globMatches(pattern: string, path: string): boolean {
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      source += '(?:';
      braces++;
    } else if (c === '}' && braces > 0) {
      source += ')';
      braces--;
    } else if (c === ',' && braces > 0) {
      source += '|';
    } else {
      source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`).test(path);
}

// ---- Workspace and window stand-ins ------------------------------------------------------

/** A file system watcher: the test fires its events and asks which files it covers. */
export class FakeFileSystemWatcher {
  private readonly emitters = { create: new EventEmitter<Uri>(), change: new EventEmitter<Uri>(), delete: new EventEmitter<Uri>() };
  readonly onDidCreate = this.emitters.create.event;
  readonly onDidChange = this.emitters.change.event;
  readonly onDidDelete = this.emitters.delete.event;
  disposed = false;
  constructor(readonly globPattern: RelativePattern | string) {}
  /** Whether a change to `relativePath` (from the pattern's base) reaches this watcher's listeners. */
  watches(relativePath: string): boolean {
    return globMatches(typeof this.globPattern === 'string' ? this.globPattern : this.globPattern.pattern, relativePath);
  }
  /** The base folder of a relative pattern, as a URI string. */
  get base(): string | undefined {
    return typeof this.globPattern === 'string' ? undefined : this.globPattern.baseUri.toString();
  }
  /** VS Code reports a change to a file this watcher covers. */
  fire(kind: 'create' | 'change' | 'delete', relativePath: string): void {
    if (this.disposed || !this.watches(relativePath)) return;
    const base = typeof this.globPattern === 'string' ? Uri.file('/') : this.globPattern.baseUri;
    this.emitters[kind].fire(Uri.joinPath(base, relativePath));
  }
  dispose(): void {
    this.disposed = true;
    for (const emitter of Object.values(this.emitters)) emitter.dispose();
  }
}

export class FakeStatusBarItem {
  name?: string;
  text = '';
  tooltip?: string | MarkdownString;
  command?: string;
  backgroundColor?: ThemeColor;
  accessibilityInformation?: { label: string };
  visible = false;
  disposed = false;
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority: number,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
  }
}

const foldersChanged = new EventEmitter<{ added: readonly WorkspaceFolder[]; removed: readonly WorkspaceFolder[] }>();

/** What the test sets and reads: the open folders, and what the adapters created or ran. */
export const shim = {
  /** The open workspace folders; undefined when none is open, as in VS Code. */
  folders: undefined as WorkspaceFolder[] | undefined,
  watchers: [] as FakeFileSystemWatcher[],
  statusItems: [] as FakeStatusBarItem[],
  decorationProviders: [] as unknown[],
  executed: [] as { command: string; args: unknown[] }[],
  /** The user opens these folders (URI strings) in place of the open ones. */
  setFolders(uris: readonly string[]): void {
    const removed = this.folders ?? [];
    this.folders = uris.map((uri, index) => ({ uri: Uri.parse(uri), name: posix.basename(Uri.parse(uri).path), index }));
    foldersChanged.fire({ added: this.folders, removed });
  },
  reset(): void {
    this.folders = undefined;
    this.watchers.length = 0;
    this.statusItems.length = 0;
    this.decorationProviders.length = 0;
    this.executed.length = 0;
  },
};

export const workspace = {
  get workspaceFolders(): readonly WorkspaceFolder[] | undefined {
    return shim.folders;
  },
  onDidChangeWorkspaceFolders: foldersChanged.event,
  createFileSystemWatcher(globPattern: RelativePattern | string): FakeFileSystemWatcher {
    const watcher = new FakeFileSystemWatcher(globPattern);
    shim.watchers.push(watcher);
    return watcher;
  },
};

export const window = {
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority: number): FakeStatusBarItem {
    const item = new FakeStatusBarItem(id, alignment, priority);
    shim.statusItems.push(item);
    return item;
  },
  registerFileDecorationProvider(provider: unknown): Disposable {
    shim.decorationProviders.push(provider);
    return new Disposable(() => shim.decorationProviders.splice(shim.decorationProviders.indexOf(provider), 1));
  },
};

export const commands = {
  executeCommand(command: string, ...args: unknown[]): Promise<undefined> {
    shim.executed.push({ command, args });
    return Promise.resolve(undefined);
  },
};

export const env = { language: 'en' };

/** English, as VS Code gives it without a language pack: the texts as written, arguments filled in. */
export const l10n = { t, bundle: undefined, uri: undefined };
