/**
 * The shared connections of the open workspace folders: each folder's `.vscode/ai-connections.json`
 * read and checked (parse.ts), kept until the file or the folders change, and whether this machine
 * holds the keys each definition asks each person for (bindings.ts). Reading the file and listing
 * its definitions resolve nothing and send nothing, so they run in Restricted Mode too.
 */
import { DisposableBase, Emitter, type Event } from '../events';
import type { WorkspaceFolderInfo } from '../folders';
import type { Logger } from '../logger';
import type { SecretBag } from '../connection';
import type { SecretVault } from '../store/ports';
import { boundKeyFor, SharedKeys, type BindingState } from './bindings';
import { parseSharedFile, type SharedConnection, type SharedFile, type SharedProblem } from './parse';

/** Reads a folder's shared file: its text, or undefined when there is none. */
export interface SharedFilePort {
  read(folder: WorkspaceFolderInfo): Promise<string | undefined>;
  /** Writes the folder's file (Share with Workspace), creating `.vscode` when needed. */
  write(folder: WorkspaceFolderInfo, text: string): Promise<void>;
}

/** The shared connections as the store lists them, and their secrets for display (references, and keys bound here for their host). */
export interface SharedSource {
  list(): readonly SharedConnection[];
  readSecrets(connection: SharedConnection): Promise<SecretBag>;
  readonly onDidChange: Event<void>;
}

export interface SharedFolder extends SharedFile {
  folder: WorkspaceFolderInfo;
}

export class SharedDefinitions extends DisposableBase {
  private readonly byFolder = new Map<string, SharedFolder>();
  private readonly states = new Map<string, BindingState>();
  private readonly changed = this.register(new Emitter<void>());
  /** Fires when a file's definitions or problems, or the keys bound for them, changed. */
  readonly onDidChange: Event<void> = this.changed.event;
  readonly keys: SharedKeys;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly files: SharedFilePort,
    private readonly folders: () => readonly WorkspaceFolderInfo[],
    vault: SecretVault,
    private readonly logger: Logger,
  ) {
    super();
    this.keys = new SharedKeys(vault);
    this.register(
      vault.onDidChange((key) => {
        const connection = this.list().find((c) => boundKeyFor(c) === key);
        if (connection) void this.refreshState(connection).then((changed) => changed && this.changed.fire());
      }),
    );
  }

  /** Reads every open folder's file again (or one folder's), then tells listeners. */
  reload(folderUri?: string): Promise<void> {
    const run = async () => {
      const open = this.folders();
      for (const uri of [...this.byFolder.keys()]) if (!open.some((f) => f.uri === uri)) this.byFolder.delete(uri);
      await Promise.all(open.filter((f) => folderUri === undefined || f.uri === folderUri).map((f) => this.load(f)));
      await Promise.all(this.list().map((c) => this.refreshState(c)));
      this.changed.fire();
    };
    // One reading at a time, in order: a later change is read after the one before it.
    const next = (this.loading ?? Promise.resolve()).then(run, run);
    this.loading = next;
    return next;
  }

  private async load(folder: WorkspaceFolderInfo): Promise<void> {
    let text: string | undefined;
    try {
      text = await this.files.read(folder);
    } catch (error) {
      this.logger.warn(`Couldn't read the shared connections of '${folder.name}': ${error instanceof Error ? error.message : String(error)}`);
      this.byFolder.set(folder.uri, { folder, connections: [], problems: [{ line: 0, character: 0, length: 0, message: { code: 'shared.unreadable', cause: error instanceof Error ? error.message : String(error) } }] });
      return;
    }
    const parsed = parseSharedFile(text, folder);
    if (parsed.problems.length > 0) this.logger.info(`The shared connections of '${folder.name}' have ${parsed.problems.length} problem(s); see the Problems panel.`);
    this.byFolder.set(folder.uri, { folder, ...parsed });
  }

  /** Re-reads whether the keys of a definition are bound here; true when that changed. */
  private async refreshState(connection: SharedConnection): Promise<boolean> {
    const before = JSON.stringify(this.states.get(connection.id));
    try {
      this.states.set(connection.id, await this.keys.state(connection));
    } catch {
      this.states.delete(connection.id);
    }
    return JSON.stringify(this.states.get(connection.id)) !== before;
  }

  /** Tells listeners once the bound keys of a definition were changed here. */
  async keysChanged(connection: SharedConnection): Promise<void> {
    await this.refreshState(connection);
    this.changed.fire();
  }

  /** The definitions of the open folders, in folder order, then file order. */
  list(): SharedConnection[] {
    const open = this.folders();
    return open.flatMap((f) => this.byFolder.get(f.uri)?.connections ?? []);
  }

  /** Each open folder that has a file, with its definitions and problems. */
  folderFiles(): SharedFolder[] {
    return this.folders().flatMap((f) => {
      const file = this.byFolder.get(f.uri);
      return file && (file.connections.length > 0 || file.problems.length > 0) ? [file] : [];
    });
  }

  problems(folderUri: string): readonly SharedProblem[] {
    return this.byFolder.get(folderUri)?.problems ?? [];
  }

  /** Whether the keys of a definition are bound on this machine, once known. */
  bindingState(id: string): BindingState | undefined {
    return this.states.get(id);
  }
}
