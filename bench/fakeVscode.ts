/**
 * A stand-in for the `vscode` module, enough for the production bundle (dist/extension.js) to
 * activate outside VS Code and serve chat requests: the classes and enums the extension uses, the
 * language model registration (kept, so the bench can call the chat provider), settings at their
 * defaults, in-memory global state and secret storage, and a trusted window without folders.
 * Every other member is an inert stub: callable, constructible, its properties stubs too, and
 * what it returns disposable. For benchmarks only.
 */

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Disposable {
  constructor(private readonly callOnDispose: () => unknown = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

class Uri {
  constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
  ) {}
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.replace(/:$/, ''), url.host, url.pathname);
  }
  static file(path: string): Uri {
    return new Uri('file', '', path);
  }
  static from(parts: { scheme: string; authority?: string; path?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, [base.path.replace(/\/$/, ''), ...segments].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, this.authority, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

class TreeItem {
  constructor(
    public label: unknown,
    public collapsibleState?: number,
  ) {}
}
class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}
class ThemeColor {
  constructor(readonly id: string) {}
}
class MarkdownString {
  constructor(public value = '') {}
  appendText(text: string): this {
    this.value += text;
    return this;
  }
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}
class RelativePattern {
  constructor(
    readonly base: unknown,
    readonly pattern: string,
  ) {}
}
class FileDecoration {
  constructor(
    readonly badge?: string,
    readonly tooltip?: string,
    readonly color?: unknown,
  ) {}
}
class LanguageModelTextPart {
  constructor(public value: string) {}
}
class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}
class LanguageModelToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}
class LanguageModelDataPart {
  constructor(
    public data: Uint8Array,
    public mimeType: string,
  ) {}
}
class LanguageModelError extends Error {
  static NoPermissions = (message?: string) => new LanguageModelError(message);
  static NotFound = (message?: string) => new LanguageModelError(message);
  static Blocked = (message?: string) => new LanguageModelError(message);
}
class CancellationError extends Error {}
class FileSystemError extends Error {
  static FileNotFound = (what?: unknown) => new FileSystemError(String(what));
}

/** A member nobody set: callable and constructible, its properties stubs too, never a thenable. */
function stub(): unknown {
  const target = function () {
    return stub();
  };
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === 'dispose' ? () => undefined : key === Symbol.toPrimitive ? () => '' : stub()),
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

/** A namespace whose members are `members`, and stubs for the rest. */
function namespace<T extends object>(members: T): T {
  return new Proxy(members, { get: (target, key) => (key in target ? (target as Record<string | symbol, unknown>)[key] : key === 'then' ? undefined : stub()) });
}

export class MemoryMemento {
  constructor(readonly data: Map<string, unknown> = new Map()) {}
  get<T>(key: string, fallback?: T): T | undefined {
    return this.data.has(key) ? (structuredClone(this.data.get(key)) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  setKeysForSync(): void {}
}

export class MemorySecrets {
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  /** Called as each read is answered (the bench marks it). */
  onRead: (key: string) => void = () => undefined;
  constructor(readonly data: Map<string, string> = new Map()) {}
  async get(key: string): Promise<string | undefined> {
    const value = this.data.get(key);
    this.onRead(key);
    return value;
  }
  async store(key: string, value: string): Promise<void> {
    this.data.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
    this.changed.fire({ key });
  }
  async keys(): Promise<string[]> {
    return [...this.data.keys()];
  }
}

/** The `vscode` module as the bundle sees it, and the chat providers it registered. */
export function fakeVscode() {
  const chatProviders: unknown[] = [];
  const noEvent = () => ({ dispose: () => undefined });
  const disposable = () => ({ dispose: () => undefined });
  const vscode = namespace({
    EventEmitter,
    Disposable,
    Uri,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    RelativePattern,
    FileDecoration,
    LanguageModelTextPart,
    LanguageModelToolCallPart,
    LanguageModelToolResultPart,
    LanguageModelDataPart,
    LanguageModelError,
    CancellationError,
    FileSystemError,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    LanguageModelChatMessageRole: { User: 1, Assistant: 2 },
    LanguageModelChatToolMode: { Auto: 1, Required: 2 },
    env: namespace({ language: 'en', clipboard: namespace({}) }),
    l10n: namespace({ bundle: undefined, t: (message: string) => message }),
    workspace: namespace({
      workspaceFolders: undefined,
      isTrusted: true,
      textDocuments: [],
      getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback, inspect: () => undefined, has: () => false, update: async () => undefined }),
      onDidChangeConfiguration: noEvent,
      onDidGrantWorkspaceTrust: noEvent,
      onDidChangeWorkspaceFolders: noEvent,
      onDidOpenTextDocument: noEvent,
      createFileSystemWatcher: () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose: () => undefined }),
    }),
    window: namespace({
      createOutputChannel: () => namespace({ info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, appendLine: () => undefined, show: () => undefined, dispose: () => undefined }),
      createTreeView: () => namespace({ onDidChangeSelection: noEvent, onDidChangeVisibility: noEvent, onDidExpandElement: noEvent, onDidCollapseElement: noEvent, selection: [], visible: true, dispose: () => undefined }),
      createStatusBarItem: () => namespace({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
      registerFileDecorationProvider: disposable,
      onDidChangeWindowState: noEvent,
      onDidChangeActiveTextEditor: noEvent,
    }),
    commands: namespace({ registerCommand: disposable, executeCommand: async () => undefined }),
    languages: namespace({ createDiagnosticCollection: () => namespace({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }) }),
    lm: namespace({
      registerLanguageModelChatProvider: (_vendor: string, provider: unknown) => {
        chatProviders.push(provider);
        return disposable();
      },
    }),
    extensions: namespace({ getExtension: () => undefined }),
  });
  return { vscode, chatProviders };
}

/** An extension context over in-memory state and secrets. */
export function fakeContext(global: MemoryMemento, secrets: MemorySecrets, extensionPath: string) {
  return namespace({
    subscriptions: [] as { dispose(): unknown }[],
    globalState: global,
    workspaceState: new MemoryMemento(),
    secrets,
    extensionPath,
    extensionUri: Uri.file(extensionPath),
  });
}

export const fakeParts = { LanguageModelTextPart };
