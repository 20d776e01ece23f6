import * as vscode from 'vscode';
import { Command, VIEW_ID } from './ui/commands/ids';
import type { YamlModule } from './ui/commands/yamlCommands';
import { createServices } from './ui/createServices';
import { keysToSync } from './domain/shared/machineKeys';
import { CHAT_VENDOR, ConnectionChatProvider } from './vscode/chat/chatProvider';
import { registerCommands } from './vscode/commands/registerCommands';
import { vscodeFiles } from './vscode/files';
import { webviewForms } from './vscode/form/formPanel';
import { useDisplayLanguage } from './vscode/l10n';
import { createLog } from './vscode/log';
import { folderReferenceFiles, watchReferenceFiles, workspaceFolders } from './vscode/references';
import { SETTINGS_SECTION, readSettings, vscodeSettings } from './vscode/settings';
import { sharedFiles, watchSharedFiles } from './vscode/shared';
import { mementoState, secretVault } from './vscode/storage';
import { getEntraToken } from './vscode/testing/entra';
import { ConnectionTreeProvider } from './vscode/tree/connectionTreeProvider';
import { vscodeStatusItem, vscodeUi, workbenchInfo } from './vscode/ui';
import { contributeConnectionSchemas } from './vscode/yaml/schemaContributor';
import { homedir } from 'node:os';
import type { NetworkRoute } from './domain/network/route';
import { homeFileReader, readTlsFile } from './platform/homeFiles';
import { alertingFetch } from './platform/tlsAlerts';
import { machineNetwork } from './vscode/network/machineNetwork';
import { runProcess } from './platform/processes';

let yamlModule: YamlModule | undefined;
let dotenvxModule: { decrypt(privateKey: string, value: string): string } | undefined;
/** dotenvx's decryption bundle, loaded on the first encrypted `.env` value. */
async function decryptDotenvx(privateKey: string, value: string): Promise<string> {
  return (dotenvxModule ??= require('./dotenvx.js') as { decrypt(privateKey: string, value: string): string }).decrypt(privateKey, value);
}
type NetworkModule = typeof import('./vscode/network/networkBundle');
let networkModule: NetworkModule | undefined;
let routeFetch: ReturnType<NetworkModule['createRouteFetch']> | undefined;
const loadNetwork = () => (networkModule ??= require('./network.js') as NetworkModule);
/** Sending over a proxy or with TLS material: its bundle is loaded on the first request that needs a route. */
const network = {
  machine: machineNetwork,
  home: () => homedir(),
  readFile: readTlsFile,
  fetchFor: (route: NetworkRoute) => ((input, init) => (routeFetch ??= loadNetwork().createRouteFetch()).fetchFor(route)(input, init)) as typeof fetch,
  peerCertificate: (url: URL, route: NetworkRoute | undefined) => loadNetwork().peerCertificate(url, route),
};
/** The promptflow YAML bundle, loaded on the first import or export. */
function loadYaml(): YamlModule {
  return (yamlModule ??= require('./yaml.js') as YamlModule);
}

/** Composition root: the services over VS Code's adapters, then what only VS Code has (the view, chat provider, watchers); VS Code gets every disposable. */
export function activate(context: vscode.ExtensionContext): void {
  useDisplayLanguage();
  const { channel, logger } = createLog();
  const ui = vscodeUi();
  // Records hold no secrets. Only when the user asks are their global definitions synced (never keys, which live in secret storage).
  const syncDefinitions = () => context.globalState.setKeysForSync(keysToSync(readSettings(logger).syncDefinitions));
  syncDefinitions();
  const services = createServices({
    states: {
      global: mementoState(context.globalState),
      ...(vscode.workspace.workspaceFolders?.length ? { workspace: mementoState(context.workspaceState) } : {}),
    },
    secrets: secretVault(context.secrets),
    logger,
    ui,
    files: vscodeFiles,
    workbench: workbenchInfo,
    forms: webviewForms(context.extensionUri),
    statusItem: vscodeStatusItem(),
    isTrusted: () => vscode.workspace.isTrusted,
    env: () => process.env,
    // The host's own fetch (VS Code's, with its proxy support), its failures told which TLS alert a server sent.
    fetch: alertingFetch(() => globalThis.fetch),
    network,
    referenceFiles: folderReferenceFiles,
    sharedFiles,
    settings: () => readSettings(logger),
    configuration: vscodeSettings,
    getEntraToken,
    loadYaml,
    vaults: { run: runProcess, homeFile: homeFileReader() },
    decryptDotenvx,
    showLog: () => channel.show(),
    view: ({ store, results, referenceStatus, shared, machineKeys, certificates }) => {
      const tree = new ConnectionTreeProvider(
        store,
        results,
        logger,
        referenceStatus,
        workspaceFolders,
        (c) => shared.bindingState(c.id) ?? machineKeys.state(c.id),
        (c) => certificates.forConnection(c),
      );
      const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree });
      tree.attach(view);
      return {
        tree,
        reveal: (id) => {
          const node = tree.findNode(id);
          if (node) void view.reveal(node, { select: true, focus: false });
        },
        selection: () => view.selection[0],
        selectedConnections: () => view.selection.flatMap((n) => (n.kind === 'connection' ? [n.connection] : [])),
        disposables: [
          tree,
          view,
          machineKeys.onDidChange(() => tree.refresh()),
          certificates.onDidChange(() => tree.refresh()),
          // Another window may have changed global connections; a focus is a cheap moment to look again.
          vscode.window.onDidChangeWindowState((state) => state.focused && tree.refresh()),
        ],
      };
    },
  });
  const { store, chat, service, resolution, statusBar } = services;
  const chatProvider = new ConnectionChatProvider(
    store,
    chat,
    service,
    logger,
    () => readSettings(logger).chatModelOverrides,
    () => void vscode.commands.executeCommand(Command.addChatModels),
  );
  context.subscriptions.push(
    channel,
    services,
    chatProvider,
    // A changed appsettings*.json or .env, trust, or reference setting re-resolves without a reload.
    watchReferenceFiles(() => resolution.invalidate()),
    // The shared files: read again when they change, their problems in the Problems panel.
    watchSharedFiles(services.shared),
    vscode.workspace.onDidGrantWorkspaceTrust(() => resolution.invalidate()),
    vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, chatProvider),
    ...registerCommands(services.handlers, logger, ui),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.statusBar.visible`)) statusBar.setVisible(readSettings(logger).statusBarVisible);
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.chat.modelOverrides`)) chatProvider.refresh();
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.references`)) resolution.invalidate();
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.sync`)) syncDefinitions();
    }),
    contributeConnectionSchemas(context.extensionPath, logger),
    services.start(),
  );
}

export function deactivate(): void {}

/** zod (both APIs) and l10n for the bundles loaded later (dist/yaml.js, dist/chat.js), so they carry no copy of their own. */
export { z as zod } from 'zod';
export { z as zodMini } from 'zod/mini';
export * as l10n from '@vscode/l10n';
