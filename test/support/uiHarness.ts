/**
 * The extension's VS Code layer assembled as the composition root does, over in-memory ports and
 * fake UI: the real store, test service, form host, commands and status bar.
 */
import type { NetworkPort } from '../../src/domain/network/route';
import { SHARED_FILE_PATH } from '../../src/domain/shared/parse';
import type { Connection } from '../../src/domain/connection';
import type { Capability } from '../../src/domain/providers/descriptor';
import { DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES } from '../../src/domain/resolution/allowList';
import { parseSettings } from '../../src/domain/settings';
import * as yamlModule from '../../src/domain/yaml';
import type { TreeControl } from '../../src/ui/commands/connectionCommands';
import type { CommandHandler, CommandId } from '../../src/ui/commands/ids';
import { reportingHandler } from '../../src/ui/commands/runCommand';
import { createServices } from '../../src/ui/createServices';
import type { WorkbenchInfo } from '../../src/ui/ports';
import { FakeFiles } from './fakeFiles';
import { FakeFormViews } from './fakeForms';
import { FakeStatusItem, FakeUi, MemoryLogger } from './fakeUi';
import { MemorySettings, MemoryState, MemoryVault } from './memoryPorts';
import { homeFileReader } from '../../src/platform/homeFiles';
import { runProcess } from '../../src/platform/processes';
import type { ProcessRunner } from '../../src/domain/vaults/ports';
import type { KeyVaultOptions } from '../../src/domain/vaults/httpReaders';
import type { LocalServerCandidate } from '../../src/domain/discovery/localServers';
import { decrypt } from '../../src/vscode/vaults/dotenvxBundle';

/** A workspace folder of the harness: its URI, name and files by name. */
export interface HarnessFolder {
  uri: string;
  name: string;
  files: Record<string, string>;
}

export class FakeTree implements TreeControl {
  capability: Capability | undefined;
  refreshes = 0;
  refresh(): void {
    this.refreshes++;
  }
  setCapability(capability: Capability | undefined): void {
    this.capability = capability;
  }
}

export function harness(
  options: {
    trusted?: boolean;
    env?: Record<string, string>;
    fetch?: typeof fetch;
    global?: MemoryState;
    secrets?: MemoryVault;
    files?: Record<string, string>;
    allowed?: string[];
    environment?: string;
    /** The workspace folders and their files; default one folder, `app`, holding `files`. */
    folders?: HarnessFolder[];
    /** The `aiConnections.*` settings by level (model settings are read and written there); default none set. */
    configuration?: MemorySettings;
    /** How vaults' programs run (default: really, in the harness's `env`), and the home folder (`.vault-token`). */
    run?: ProcessRunner;
    home?: string;
    keyVault?: KeyVaultOptions;
    /** The ports Find Local Model Servers asks (local test servers); default the usual ones. */
    localServers?: LocalServerCandidate[];
    /** Proxies and TLS: the machine's settings and the route fetch (support/networkWorld.ts); default none. */
    network?: Omit<NetworkPort, 'accepted'>;
  } = {},
) {
  const trust = { trusted: options.trusted ?? true };
  const global = options.global ?? new MemoryState();
  const workspace = new MemoryState();
  const secrets = options.secrets ?? new MemoryVault();
  const logger = new MemoryLogger();
  const ui = new FakeUi();
  const entraTokens: string[] = [];
  // The workspace folder's files, as the VS Code adapter reads them (tests change them in place).
  const files: Record<string, string> = options.files ?? {};
  // The open folders, first one first (tests add and remove folders in place).
  const folders: HarnessFolder[] = options.folders ?? [{ uri: 'file:///work/app', name: 'app', files }];
  const workbench: WorkbenchInfo & { active?: string } = {
    openMode: () => 'singleClick',
    folders: () => folders.map(({ uri, name }) => ({ uri, name })),
    activeFolder: () => workbench.active,
  };
  const views = new FakeFormViews();
  const tree = new FakeTree();
  const statusItem = new FakeStatusItem();
  const documents = new FakeFiles();
  const edited: Connection[] = [];
  const configuration = options.configuration ?? new MemorySettings();
  const settings = { ...parseSettings({}).settings, timeoutSeconds: 2, referencesEnvironment: options.environment ?? 'Development', allowedEnvironmentVariables: options.allowed ?? [...DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES] };
  // What activate builds, over memory and fakes: the same function, so the tests run what users run.
  const services = createServices({
    states: { global, workspace },
    secrets,
    logger,
    ui,
    files: documents,
    workbench,
    forms: views,
    statusItem,
    isTrusted: () => trust.trusted,
    env: () => options.env ?? {},
    referenceFiles: (folder) => ({ read: async (name) => folders.find((f) => f.uri === folder.uri)?.files[name] }),
    // The shared connections file is one of the folder's files, by its path (`.vscode/ai-connections.json`).
    sharedFiles: {
      read: async (folder) => folders.find((f) => f.uri === folder.uri)?.files[SHARED_FILE_PATH],
      write: async (folder, text) => {
        const files = folders.find((f) => f.uri === folder.uri)?.files;
        if (!files) throw new Error(`no folder ${folder.uri}`);
        files[SHARED_FILE_PATH] = text;
      },
    },
    settings: () => settings,
    configuration,
    getEntraToken: async (scope) => {
      entraTokens.push(scope);
      return 'eyJ-test-entra-token';
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    loadYaml: () => yamlModule,
    vaults: { run: options.run ?? runProcess, homeFile: homeFileReader(options.home ?? '/nonexistent-home') },
    decryptDotenvx: async (privateKey, value) => decrypt(privateKey, value),
    ...(options.keyVault ? { keyVault: options.keyVault } : {}),
    ...(options.localServers ? { localServers: options.localServers } : {}),
    ...(options.network ? { network: options.network } : {}),
    showLog: () => undefined,
    view: () => ({ tree, reveal: () => undefined, selection: () => undefined, selectedConnections: () => [], disposables: [] }),
  });
  const { store, results, chat, resolution, service, forms, statusBar } = services;
  // The tests' own Edit opens nothing: it records which connection would be edited.
  services.chatContext.editConnection = (c) => edited.push(c);
  services.testContext.editConnection = (c) => edited.push(c);
  const raw = services.handlers;
  const testContext = services.testContext;
  // As registered with VS Code: each handler wrapped so no failure escapes unreported.
  const commands = Object.fromEntries(Object.entries(raw).map(([id, handler]) => [id, reportingHandler(id, handler, logger, ui)])) as Record<CommandId, CommandHandler>;
  return {
    services,
    settings,
    configuration,
    overrides: services.overrides,
    files,
    folders,
    workbench,
    documents,
    resolution,
    trust,
    global,
    workspace,
    secrets,
    logger,
    ui,
    store,
    results,
    chat,
    service,
    views,
    tree,
    forms,
    statusItem,
    statusBar,
    testContext,
    commands,
    raw,
    edited,
    entraTokens,
    vaults: services.vaults,
  };
}
