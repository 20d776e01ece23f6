/**
 * The composition root without VS Code: builds the store, test results, chat choices, reference
 * resolution, test service, form host, status bar and every command handler over ports. `activate`
 * calls it with the `vscode` adapters, the UI tests with in-memory ports and fakes, so the tests
 * run what users run.
 */
import type { NetworkPort } from '../domain/network/route';
import { AcceptedCertificates } from '../domain/network/acceptedCertificates';
import { listedChatModels } from '../domain/chat/listing';
import { ModelOverrides } from '../domain/chat/overrides';
import { ChatModelStore } from '../domain/chat/selection';
import { ServerModelsProbe, type ServerModels } from '../domain/chat/serverModels';
import type { Connection } from '../domain/connection';
import { DisposableStore, type Disposable } from '../domain/events';
import type { Logger } from '../domain/logger';
import { assertTrusted } from '../domain/requests';
import { EnvironmentPermissions } from '../domain/resolution/allowList';
import { referenceHint } from '../domain/resolution/inspect';
import { ReferenceResolution, type ReferenceResolutionOptions } from '../domain/resolution/resolver';
import { ReferenceStatus } from '../domain/resolution/status';
import type { Settings, SettingsAccess } from '../domain/settings';
import { ConnectionStore } from '../domain/store/connectionStore';
import type { SecretVault, StateStore } from '../domain/store/ports';
import { TestResultStore } from '../domain/testing/resultStore';
import { ConnectionTestService, type TestServiceOptions } from '../domain/testing/testService';
import { chatCommands } from './commands/chatCommands';
import { confirmAndDelete, connectionCommands, type TreeControl } from './commands/connectionCommands';
import type { CommandHandler, CommandId } from './commands/ids';
import { languageModelsCommands, offerOpenInChat, type LanguageModelsContext } from './commands/languageModelsCommands';
import { certificateCommands } from './commands/certificateCommands';
import { localServerCommands } from './commands/localServerCommands';
import { PROBE_TIMEOUT_MS, USUAL_LOCAL_SERVERS, type LocalServerCandidate } from '../domain/discovery/localServers';
import { askDestinationPermission, askEnvironmentPermission, hintText, referenceCommands } from './commands/referenceCommands';
import { TestAllRuns, testCommands, testOnStartup, type TestCommandContext } from './commands/testCommands';
import { yamlCommands, type YamlModule } from './commands/yamlCommands';
import { chatFormActions } from './form/chatChoice';
import { ConnectionForms, type FormViewFactory } from './form/connectionForms';
import type { FilePorts, StatusItem, Ui, WorkbenchInfo } from './ports';
import { TestStatusBar } from './statusBar';
import { SharedDefinitions, type SharedFilePort } from '../domain/shared/definitions';
import { MachineKeys } from '../domain/shared/machineKeys';
import { isShared, type SharedConnection } from '../domain/shared/parse';
import { saveSharedFromForm, sharedCommands, sharedKeyQuestions } from './commands/sharedCommands';
import { resolveConnection } from './commands/pickConnection';
import { httpGet } from '../domain/requests';
import type { DotenvxDecrypt } from '../domain/resolution/vaultValues';
import type { VaultPorts } from '../domain/vaults/ports';
import type { KeyVaultOptions } from '../domain/vaults/httpReaders';
import { Vaults } from '../domain/vaults/vaults';
import { askVaultPermission, vaultCommands } from './commands/vaultCommands';

/** The Connections view, built once the store it shows exists. */
export interface ViewPorts {
  tree: TreeControl;
  /** Selects a connection's item without taking focus. */
  reveal(id: string): void;
  /** The item selected in the view, if any. */
  selection(): unknown;
  /** The connections selected in the view (Export from its context menu). */
  selectedConnections(): readonly Connection[];
  /** What the view holds that goes when the extension does. */
  disposables: readonly Disposable[];
}

export interface ServicePorts {
  states: { global: StateStore; workspace?: StateStore };
  secrets: SecretVault;
  logger: Logger;
  ui: Ui;
  files: FilePorts;
  workbench: WorkbenchInfo;
  forms: FormViewFactory;
  statusItem: StatusItem;
  isTrusted(): boolean;
  env: ReferenceResolutionOptions['env'];
  /** Each workspace folder's shared connections file (`.vscode/ai-connections.json`). */
  sharedFiles: SharedFilePort;
  referenceFiles: ReferenceResolutionOptions['files'];
  settings(): Settings;
  /** The `aiConnections.*` settings by level, and writes to the user's: where model settings are kept. */
  configuration: SettingsAccess;
  getEntraToken: TestServiceOptions['getEntraToken'];
  /** Every request's `fetch` (tests give a local one). */
  fetch?: typeof fetch;
  /** Proxies and TLS for connection tests and chat requests: the machine's settings, TLS files, and a fetch for a route. */
  network?: Omit<NetworkPort, 'accepted'>;
  loadYaml(): YamlModule;
  /** Running a vault's program (without a shell), and reading a file of the user's home folder (`.vault-token`). */
  vaults: Pick<VaultPorts, 'run' | 'homeFile'>;
  /** dotenvx's decryption, loaded on the first encrypted `.env` value. */
  decryptDotenvx: DotenvxDecrypt;
  /** Tests only: where Azure Key Vault requests go. The extension never sets it; no setting can. */
  keyVault?: KeyVaultOptions;
  /** Tests only: the ports Find Local Model Servers asks. The extension never sets it: the usual ports are asked. */
  localServers?: readonly LocalServerCandidate[];
  showLog(): void;
  view(parts: Pick<Services, 'store' | 'results' | 'referenceStatus' | 'shared' | 'machineKeys' | 'certificates'>): ViewPorts;
}

export interface Services extends Disposable {
  store: ConnectionStore;
  /** The connections shared through each folder's file, and the keys bound to them here. */
  shared: SharedDefinitions;
  /** Which synced global connections lack their keys on this machine. */
  machineKeys: MachineKeys;
  results: TestResultStore;
  /** Self-signed server certificates the person accepted, by host. */
  certificates: AcceptedCertificates;
  chat: ChatModelStore;
  /** The user's model settings (`aiConnections.chat.modelOverrides`). */
  overrides: ModelOverrides;
  resolution: ReferenceResolution;
  /** The one reader of vaults, and the values it keeps in memory. */
  vaults: Vaults;
  referenceStatus: ReferenceStatus;
  service: ConnectionTestService;
  forms: ConnectionForms;
  statusBar: TestStatusBar;
  view: ViewPorts;
  testContext: TestCommandContext;
  chatContext: LanguageModelsContext;
  /** Every command's handler; typed as the complete record, so a command without one fails to compile. */
  handlers: Record<CommandId, CommandHandler>;
  /** What runs once the window has settled: the orphaned-key retry, and Test on Startup when set. */
  start(): Disposable;
}

/** Builds everything the extension runs, over the given ports. */
export function createServices(ports: ServicePorts): Services {
  const { states, logger, ui } = ports;
  const owned = new DisposableStore();
  const shared = owned.add(new SharedDefinitions(ports.sharedFiles, ports.workbench.folders, ports.secrets, logger));
  const sharedSource = { list: () => shared.list(), onDidChange: shared.onDidChange, readSecrets: (c: SharedConnection) => shared.keys.secrets(c).catch(() => ({ ...c.shared.references })) };
  const store = owned.add(new ConnectionStore({ ...states, secrets: ports.secrets, logger, folders: ports.workbench.folders, shared: sharedSource }));
  const results = owned.add(new TestResultStore(states, logger));
  // Self-signed server certificates the person accepted, by host; trusted for that host only.
  const certificates = owned.add(new AcceptedCertificates(states.global, logger));
  const network: NetworkPort | undefined = ports.network ? { ...ports.network, accepted: (host) => certificates.certificatesFor(host) } : undefined;
  const chat = owned.add(new ChatModelStore(states, logger, () => store.notifyOtherWindows()));
  const fetchOption = ports.fetch ? { fetch: ports.fetch } : {};
  // A connection's chat models and their limits, from a successful model list (a test's, or the form's test of what was saved).
  // Listing them may ask the server for each model's details: requests, so the trust gate is asked first.
  const recordModelList = async (connection: Connection, body: unknown, details?: ServerModels) => {
    assertTrusted(() => ports.isTrusted());
    await chat.recordList(connection, await listedChatModels(connection, body, { timeoutMs: ports.settings().timeoutSeconds * 1000, ...fetchOption }, details));
  };
  // What an OpenAI-compatible server says of its models beyond the list (LM Studio, LiteLLM), asked during tests.
  const serverModels = new ServerModelsProbe();
  // Vaults are read only when a request, or Show Resolution, needs one of their values; kept in memory only.
  const vaults = owned.add(
    new Vaults(
      {
        ...ports.vaults,
        get: (url, headers, options) => httpGet(url, headers, { ...options, ...fetchOption }),
        getEntraToken: async (scope) => {
          if (!ports.getEntraToken) throw new Error('no Microsoft sign-in');
          return ports.getEntraToken(scope);
        },
        env: ports.env,
        keyCommands: () => Object.fromEntries(Object.entries(ports.settings().keyCommands).map(([name, command]) => [name, { command: command.command, args: command.args ?? [] }])),
        settings: () => ({ timeoutSeconds: ports.settings().vaultTimeoutSeconds, cacheMinutes: ports.settings().vaultCacheMinutes }),
        isTrusted: ports.isTrusted,
      },
      ports.keyVault ? { keyVault: ports.keyVault } : {},
    ),
  );
  // The one seam every use of a reference goes through (tests, chat, tree, form, Show Resolution). Nothing is read until a reference is needed.
  const resolution = owned.add(
    new ReferenceResolution({
      env: ports.env,
      folders: ports.workbench.folders,
      files: ports.referenceFiles,
      isTrusted: ports.isTrusted,
      settings: () => {
        const { referencesEnvironment, allowedEnvironmentVariables } = ports.settings();
        return { environment: referencesEnvironment, allowedEnvironmentVariables };
      },
      permissions: new EnvironmentPermissions(states),
      ask: askEnvironmentPermission(ui),
      askDestination: askDestinationPermission(ui),
      vaults,
      decryptDotenvx: ports.decryptDotenvx,
      askVault: askVaultPermission(ui),
    }),
  );
  // Global definitions synced from another machine lack their keys here until they are set on this one.
  const machineKeys = owned.add(new MachineKeys(store, shared.keys, () => ports.settings().syncDefinitions));
  // In Restricted Mode a shared connection is listed, and nothing of it is resolved.
  const mayResolve = (connection: Connection) => !isShared(connection) || ports.isTrusted();
  const referenceStatus = owned.add(new ReferenceStatus(resolution, (connection) => store.readSecrets(connection), mayResolve));
  owned.add(resolution.onDidChange(() => referenceStatus.invalidate()));
  // A shared file's definitions are read again when it changes: what they resolve to may have changed too.
  owned.add(shared.onDidChange(() => referenceStatus.invalidate()));
  const service = new ConnectionTestService({
    isTrusted: ports.isTrusted,
    store,
    results,
    settings: ports.settings,
    logger,
    getEntraToken: ports.getEntraToken,
    resolverFor: (owner) => resolution.resolverFor(owner),
    modelDetails: (connection, body, sameOrigin) => serverModels.details(connection.providerId, body, sameOrigin),
    onModelList: recordModelList,
    shared: { keys: shared.keys, questions: sharedKeyQuestions(ui) },
    ...fetchOption,
    ...(network ? { network } : {}),
  });
  const view = ports.view({ store, results, referenceStatus, shared, machineKeys, certificates });
  for (const disposable of view.disposables) owned.add(disposable);
  // Chat's commands and VS Code's entry points (Add Models, Open in Chat) open forms once they exist.
  const overrides = new ModelOverrides(ports.configuration);
  const chatContext: LanguageModelsContext = { ui, store, chat, service, overrides, editConnection: (c) => forms.open(c), newConnection: () => forms.open() };
  const forms = owned.add(
    new ConnectionForms(ports.forms, store, logger, ui, {
      // A shared connection is removed from its file, by hand: the command says where.
      deleteConnection: async (connection) => {
        if (!isShared(connection)) return confirmAndDelete(ui, store, connection);
        await resolveConnection(ui, store, connection.id, { placeHolder: '', stored: true });
        return false;
      },
      saveShared: (connection, input) => saveSharedFromForm({ store, shared, files: ports.sharedFiles, workbench: ports.workbench }, connection, input),
      saved: (connection, created) => {
        setTimeout(() => view.reveal(connection.id), 0);
        if (created) offerOpenInChat(chatContext, connection);
      },
      test: (input, existingId) => service.testInput(input, existingId),
      ...chatFormActions(chat, recordModelList, { ui, overrides, logger }),
      referenceHint: async (reference, place, connection) => hintText(await referenceHint(resolution, reference, place, connection)),
      folders: () => ({ folders: ports.workbench.folders(), active: ports.workbench.activeFolder() }),
    }),
  );
  const statusBar = owned.add(new TestStatusBar(ports.statusItem, store, results, ports.settings().statusBarVisible));
  const testContext: TestCommandContext = { ui, store, service, statusBar, tree: view.tree, logger, runs: new TestAllRuns(), editConnection: (c) => forms.open(c), showLog: ports.showLog };
  const handlers: Record<CommandId, CommandHandler> = {
    ...connectionCommands({ ui, workbench: ports.workbench, store, companions: [chat, results], logger, forms: () => forms, tree: view.tree, reveal: view.reveal, showLog: ports.showLog, selection: view.selection }),
    ...testCommands(testContext),
    ...chatCommands(chatContext),
    ...languageModelsCommands(chatContext),
    ...yamlCommands({ ui, files: ports.files, store, loadYaml: ports.loadYaml, workbench: ports.workbench, selection: view.selectedConnections }),
    ...vaultCommands({
      ui,
      forget: () => {
        vaults.forget();
        resolution.invalidate();
      },
    }),
    ...referenceCommands({ ui, store, resolution, logger, workspaceAvailable: () => store.workspaceAvailable, workbench: ports.workbench, mayResolve }),
    ...certificateCommands({ ui, store, certificates, prepared: (id) => service.prepared(id), ...(network ? { peerCertificate: network.peerCertificate } : {}) }),
    ...localServerCommands({
      ui,
      store,
      assertTrusted: () => service.assertTrusted(),
      candidates: ports.localServers ?? USUAL_LOCAL_SERVERS,
      get: (url) => httpGet(url, { accept: 'application/json' }, { timeoutMs: PROBE_TIMEOUT_MS, maxBytes: 1024 * 1024, ...fetchOption }),
    }),
    ...sharedCommands({
      ui,
      store,
      shared,
      logger,
      assertTrusted: () => service.assertTrusted(),
      workbench: ports.workbench,
      machineKeys,
      files: ports.sharedFiles,
      openFile: (uri) => ports.files.openFile(uri),
      removePersonal: async (connection) => {
        await store.delete(connection.id);
        forms.close(connection.id);
      },
    }),
  };
  // Chat choices of deleted connections go with them.
  owned.add(store.onDidChange(() => void chat.prune(store.list().connections)));
  // The shared files are read once the services exist; the view shows them when read.
  void shared.reload();
  return {
    store,
    shared,
    machineKeys,
    results,
    certificates,
    chat,
    overrides,
    resolution,
    vaults,
    referenceStatus,
    service,
    forms,
    statusBar,
    view,
    testContext,
    chatContext,
    handlers,
    start() {
      // Keys a window could not delete earlier are retried once things have settled; never at activation.
      const retry = setTimeout(() => void store.retryOrphanedSecrets(), 5_000);
      void machineKeys.refresh();
      if (ports.settings().testOnStartup) void testOnStartup(testContext);
      return owned.add({ dispose: () => clearTimeout(retry) });
    },
    dispose: () => owned.dispose(),
  };
}
