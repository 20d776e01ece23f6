import * as vscode from 'vscode';
import { listedChatModels } from './domain/chat/listing';
import { ModelOverrides } from './domain/chat/overrides';
import { ChatModelStore } from './domain/chat/selection';
import type { Connection } from './domain/connection';
import { EnvironmentPermissions } from './domain/resolution/allowList';
import { ReferenceResolution } from './domain/resolution/resolver';
import { ReferenceStatus } from './domain/resolution/status';
import { referenceHint } from './domain/resolution/inspect';
import { ConnectionStore } from './domain/store/connectionStore';
import { TestResultStore } from './domain/testing/resultStore';
import { ConnectionTestService } from './domain/testing/testService';
import { chatCommands } from './ui/commands/chatCommands';
import { languageModelsCommands, offerOpenInChat, type LanguageModelsContext } from './ui/commands/languageModelsCommands';
import { askDestinationPermission, askEnvironmentPermission, hintText, referenceCommands } from './ui/commands/referenceCommands';
import { confirmAndDelete, connectionCommands } from './ui/commands/connectionCommands';
import { Command, VIEW_ID, type CommandHandler, type CommandId } from './ui/commands/ids';
import { TestAllRuns, testCommands, testOnStartup, type TestCommandContext } from './ui/commands/testCommands';
import { chatFormActions } from './ui/form/chatChoice';
import { ConnectionForms } from './ui/form/connectionForms';
import { TestStatusBar } from './ui/statusBar';
import { CHAT_VENDOR, ConnectionChatProvider } from './vscode/chat/chatProvider';
import { registerCommands } from './vscode/commands/registerCommands';
import { webviewForms } from './vscode/form/formPanel';
import { createLog } from './vscode/log';
import { SETTINGS_SECTION, readSettings, vscodeSettings } from './vscode/settings';
import { folderReferenceFiles, watchReferenceFiles, workspaceFolders } from './vscode/references';
import { mementoState, secretVault } from './vscode/storage';
import { getEntraToken } from './vscode/testing/entra';
import { ConnectionTreeProvider } from './vscode/tree/connectionTreeProvider';
import { vscodeStatusItem, vscodeUi, workbenchInfo } from './vscode/ui';
import { vscodeFiles } from './vscode/files';
import { contributeConnectionSchemas } from './vscode/yaml/schemaContributor';
import { useDisplayLanguage } from './vscode/l10n';
import { yamlCommands, type YamlModule } from './ui/commands/yamlCommands';

let yamlModule: YamlModule | undefined;
/** The promptflow YAML bundle, loaded on the first import or export. */
function loadYaml(): YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlModule ??= require('./yaml.js') as YamlModule);
}

/** Composition root: builds the store, tests, view, status bar, form and commands; VS Code gets every disposable. */
export function activate(context: vscode.ExtensionContext): void {
  useDisplayLanguage();
  const { channel, logger } = createLog();
  const ui = vscodeUi();
  // Records hold no secrets, but connections are per machine: nothing is synced across devices.
  context.globalState.setKeysForSync([]);
  const states = {
    global: mementoState(context.globalState),
    ...(vscode.workspace.workspaceFolders?.length ? { workspace: mementoState(context.workspaceState) } : {}),
  };
  const store = new ConnectionStore({ ...states, secrets: secretVault(context.secrets), logger, folders: workspaceFolders });
  const results = new TestResultStore(states, logger);
  const chat = new ChatModelStore(states, logger, () => store.notifyOtherWindows());
  // A connection's chat models and their limits, from a successful model list (a test's, or the form's test of what was saved).
  const recordModelList = async (connection: Connection, body: unknown) => chat.recordList(connection, await listedChatModels(connection, body, { timeoutMs: readSettings(logger).timeoutSeconds * 1000 }));
  // The one seam every use of a reference goes through (tests, chat, tree, form, Show Resolution).
  // Nothing is read until a reference is needed.
  const resolution = new ReferenceResolution({
    env: () => process.env,
    folders: workspaceFolders,
    files: folderReferenceFiles,
    isTrusted: () => vscode.workspace.isTrusted,
    settings: () => {
      const { referencesEnvironment, allowedEnvironmentVariables } = readSettings(logger);
      return { environment: referencesEnvironment, allowedEnvironmentVariables };
    },
    permissions: new EnvironmentPermissions(states),
    ask: askEnvironmentPermission(ui),
    askDestination: askDestinationPermission(ui),
  });
  const referenceStatus = new ReferenceStatus(resolution, (connection) => store.readSecrets(connection));
  resolution.onDidChange(() => referenceStatus.invalidate());
  const service = new ConnectionTestService({
    isTrusted: () => vscode.workspace.isTrusted,
    store,
    results,
    settings: () => readSettings(logger),
    logger,
    getEntraToken,
    resolverFor: (owner) => resolution.resolverFor(owner),
    onModelList: recordModelList,
  });
  const tree = new ConnectionTreeProvider(store, results, logger, referenceStatus, workspaceFolders);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree });
  tree.attach(view);
  const reveal = (id: string) => {
    const node = tree.findNode(id);
    if (node) void view.reveal(node, { select: true, focus: false });
  };
  // Chat's commands and VS Code's entry points (Add Models, Open in Chat) open forms once they exist.
  const overrides = new ModelOverrides(vscodeSettings);
  const chatContext: LanguageModelsContext = { ui, store, chat, service, overrides, editConnection: (c) => forms.open(c), newConnection: () => forms.open() };
  const forms = new ConnectionForms(webviewForms(context.extensionUri), store, logger, ui, {
    deleteConnection: (connection) => confirmAndDelete(ui, store, connection),
    saved: (connection, created) => {
      setTimeout(() => reveal(connection.id), 0);
      if (created) offerOpenInChat(chatContext, connection);
    },
    test: (input, existingId) => service.testInput(input, existingId),
    ...chatFormActions(chat, recordModelList, { ui, overrides, logger }),
    referenceHint: async (reference, place, connection) => hintText(await referenceHint(resolution, reference, place, connection)),
    folders: () => ({ folders: workbenchInfo.folders(), active: workbenchInfo.activeFolder() }),
  });
  const settings = readSettings(logger);
  const statusBar = new TestStatusBar(vscodeStatusItem(), store, results, settings.statusBarVisible);
  const showLog = () => channel.show();
  const testContext: TestCommandContext = { ui, store, service, statusBar, tree, logger, runs: new TestAllRuns(), editConnection: (c) => forms.open(c), showLog };
  // Typed as the complete record: a command without a handler fails to compile.
  const handlers: Record<CommandId, CommandHandler> = {
    ...connectionCommands({ ui, workbench: workbenchInfo, store, companions: [chat, results], logger, forms: () => forms, tree, reveal, showLog, selection: () => view.selection[0] }),
    ...testCommands(testContext),
    ...chatCommands(chatContext),
    ...languageModelsCommands(chatContext),
    ...yamlCommands({ ui, files: vscodeFiles, store, loadYaml, workbench: workbenchInfo, selection: () => view.selection.flatMap((n) => (n.kind === 'connection' ? [n.connection] : [])) }),
    ...referenceCommands({ ui, store, resolution, logger, workspaceAvailable: () => store.workspaceAvailable, workbench: workbenchInfo }),
  };
  const chatProvider = new ConnectionChatProvider(store, chat, service, logger, () => readSettings(logger).chatModelOverrides, () => void vscode.commands.executeCommand(Command.addChatModels));
  context.subscriptions.push(
    channel,
    store,
    tree,
    view,
    forms,
    statusBar,
    chatProvider,
    resolution,
    referenceStatus,
    // A changed appsettings*.json or .env, trust, or reference setting re-resolves without a reload.
    watchReferenceFiles(() => resolution.invalidate()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => resolution.invalidate()),
    vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, chatProvider),
    ...registerCommands(handlers, logger, ui),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.statusBar.visible`)) statusBar.setVisible(readSettings(logger).statusBarVisible);
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.chat.modelOverrides`)) chatProvider.refresh();
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.references`)) resolution.invalidate();
    }),
    contributeConnectionSchemas(context.extensionPath, logger),
    // Chat choices of deleted connections go with them.
    store.onDidChange(() => void chat.prune(store.list().connections)),
    // Another window may have changed global connections; a focus is a cheap moment to look again.
    vscode.window.onDidChangeWindowState((state) => state.focused && tree.refresh()),
  );
  // Keys a window could not delete earlier are retried once things have settled; never at activation.
  const retry = setTimeout(() => void store.retryOrphanedSecrets(), 5_000);
  context.subscriptions.push({ dispose: () => clearTimeout(retry) });
  if (settings.testOnStartup) void testOnStartup(testContext);
}

export function deactivate(): void {}

/** zod and l10n for the bundles loaded later (dist/yaml.js, dist/chat.js), so they carry no copy of their own. */
export { z as zod } from 'zod';
export * as l10n from '@vscode/l10n';
