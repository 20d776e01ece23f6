/**
 * The extension's VS Code layer assembled as the composition root does, over in-memory ports and
 * fake UI: the real store, test service, form host, commands and status bar.
 */
import type { Connection } from '../../src/domain/connection';
import { DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES, EnvironmentPermissions } from '../../src/domain/resolution/allowList';
import { ReferenceResolution } from '../../src/domain/resolution/resolver';
import { referenceHint } from '../../src/domain/resolution/inspect';
import { askDestinationPermission, askEnvironmentPermission, hintText, referenceCommands } from '../../src/ui/commands/referenceCommands';
import { say } from '../../src/ui/text';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { listedChatModels } from '../../src/domain/chat/listing';
import { ChatModelStore } from '../../src/domain/chat/selection';
import { chatCommands } from '../../src/ui/commands/chatCommands';
import { languageModelsCommands, offerOpenInChat, type LanguageModelsContext } from '../../src/ui/commands/languageModelsCommands';
import { TestResultStore } from '../../src/domain/testing/resultStore';
import { ConnectionTestService } from '../../src/domain/testing/testService';
import type { Capability } from '../../src/domain/providers/descriptor';
import { confirmAndDelete, connectionCommands, type TreeControl } from '../../src/ui/commands/connectionCommands';
import type { CommandHandler, CommandId } from '../../src/ui/commands/ids';
import { reportingHandler } from '../../src/ui/commands/runCommand';
import { TestAllRuns, testCommands, type TestCommandContext } from '../../src/ui/commands/testCommands';
import { chatFormActions } from '../../src/ui/form/chatChoice';
import { ConnectionForms } from '../../src/ui/form/connectionForms';
import { TestStatusBar } from '../../src/ui/statusBar';
import { FakeFormViews } from './fakeForms';
import { FakeFiles } from './fakeFiles';
import { yamlCommands } from '../../src/ui/commands/yamlCommands';
import * as yamlModule from '../../src/domain/yaml';
import type { WorkbenchInfo } from '../../src/ui/ports';
import { FakeStatusItem, FakeUi, MemoryLogger } from './fakeUi';
import { MemorySettings, MemoryState, MemoryVault } from './memoryPorts';
import { ModelOverrides } from '../../src/domain/chat/overrides';

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
    /** The `aiConnections.*` settings; default none set. */
    settings?: MemorySettings;
  } = {},
) {
  const trust = { trusted: options.trusted ?? true };
  const global = options.global ?? new MemoryState();
  const workspace = new MemoryState();
  const secrets = options.secrets ?? new MemoryVault();
  const logger = new MemoryLogger();
  const ui = new FakeUi();
  const store = new ConnectionStore({ global, workspace, secrets, logger, folders: () => workbench.folders() });
  const results = new TestResultStore({ global, workspace }, logger);
  const chat = new ChatModelStore({ global, workspace }, logger, () => store.notifyOtherWindows());
  const recordModelList = async (connection: Connection, body: unknown) => chat.recordList(connection, await listedChatModels(connection, body, { timeoutMs: 2000, ...(options.fetch ? { fetch: options.fetch } : {}) }));
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
  const resolution = new ReferenceResolution({
    env: () => options.env ?? {},
    folders: workbench.folders,
    files: (folder) => ({ read: async (name) => folders.find((f) => f.uri === folder.uri)?.files[name] }),
    isTrusted: () => trust.trusted,
    settings: () => ({ environment: options.environment ?? 'Development', allowedEnvironmentVariables: options.allowed ?? [...DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES] }),
    permissions: new EnvironmentPermissions({ global, workspace }),
    ask: askEnvironmentPermission(ui),
    askDestination: askDestinationPermission(ui),
  });
  const service = new ConnectionTestService({
    isTrusted: () => trust.trusted,
    store,
    results,
    settings: () => ({ timeoutSeconds: 2, concurrency: 4 }),
    logger,
    resolverFor: (owner) => resolution.resolverFor(owner),
    getEntraToken: async (scope) => {
      entraTokens.push(scope);
      return 'eyJ-test-entra-token';
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onModelList: recordModelList,
  });
  const views = new FakeFormViews();
  const tree = new FakeTree();
  const edited: Connection[] = [];
  const settings = options.settings ?? new MemorySettings();
  const overrides = new ModelOverrides(settings);
  const chatContext: LanguageModelsContext = { ui, store, chat, service, overrides, editConnection: (c) => edited.push(c), newConnection: () => forms.open() };
  const forms = new ConnectionForms(views, store, logger, ui, {
    deleteConnection: (connection) => confirmAndDelete(ui, store, connection),
    saved: (connection, created) => {
      if (created) offerOpenInChat(chatContext, connection);
    },
    test: (input, existingId) => service.testInput(input, existingId),
    ...chatFormActions(chat, recordModelList, { ui, overrides, logger }),
    referenceHint: async (reference, place, connection) => hintText(await referenceHint(resolution, reference, place, connection)),
    folders: () => ({ folders: workbench.folders(), active: workbench.activeFolder() }),
  });
  const statusItem = new FakeStatusItem();
  const statusBar = new TestStatusBar(statusItem, store, results, true);
  const documents = new FakeFiles();
  const testContext: TestCommandContext = { ui, store, service, statusBar, tree, logger, runs: new TestAllRuns(), editConnection: (c) => edited.push(c), showLog: () => undefined };
  const raw: Record<CommandId, CommandHandler> = {
    ...connectionCommands({ ui, workbench, store, companions: [chat, results], logger, forms: () => forms, tree, reveal: () => undefined, showLog: () => undefined, selection: () => undefined }),
    ...testCommands(testContext),
    ...chatCommands(chatContext),
    ...languageModelsCommands(chatContext),
    ...yamlCommands({ ui, files: documents, store, loadYaml: () => yamlModule, workbench }),
    ...referenceCommands({ ui, store, resolution, logger, workspaceAvailable: () => true, workbench }),
  };
  // As registered with VS Code: each handler wrapped so no failure escapes unreported.
  const commands = Object.fromEntries(Object.entries(raw).map(([id, handler]) => [id, reportingHandler(id, handler, logger, ui)])) as Record<CommandId, CommandHandler>;
  return { settings, overrides, files, folders, workbench, documents, resolution, trust, global, workspace, secrets, logger, ui, store, results, chat, service, views, tree, forms, statusItem, statusBar, testContext, commands, raw, edited, entraTokens };
}
