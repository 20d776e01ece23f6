/** Every command of the extension; mirrors `contributes.commands` in package.json (a unit test checks). */
export const Command = {
  newConnection: 'aiConnections.newConnection',
  editConnection: 'aiConnections.editConnection',
  deleteConnection: 'aiConnections.deleteConnection',
  enableConnection: 'aiConnections.enableConnection',
  disableConnection: 'aiConnections.disableConnection',
  duplicateConnection: 'aiConnections.duplicateConnection',
  /** A connection changes place: scope, or workspace folder. */
  moveToWorkspace: 'aiConnections.moveToWorkspace',
  moveToGlobal: 'aiConnections.moveToGlobal',
  moveToFolder: 'aiConnections.moveToFolder',
  copyAlias: 'aiConnections.copyAlias',
  copyId: 'aiConnections.copyId',
  refresh: 'aiConnections.refresh',
  deleteBroken: 'aiConnections.deleteBroken',
  showLog: 'aiConnections.showLog',
  /** Run by the tree on each click of an item: a double click (or one "open" in double-click mode) edits it. */
  activateItem: 'aiConnections.activateItem',
  /** Enter on the focused item edits it. */
  editSelected: 'aiConnections.editSelected',
  testConnection: 'aiConnections.testConnection',
  testAll: 'aiConnections.testAll',
  showModels: 'aiConnections.showModels',
  filterByCapability: 'aiConnections.filterByCapability',
  clearFilter: 'aiConnections.clearFilter',
  chooseChatModels: 'aiConnections.chooseChatModels',
  /** Opens VS Code's Chat view with a connection's model chosen. */
  openInChat: 'aiConnections.openInChat',
  /** VS Code's Language Models editor: Add Models → AI Connections. */
  addChatModels: 'aiConnections.addChatModels',
  /** VS Code's Language Models editor: the gear on the AI Connections group (`managementCommand`). */
  manageChatModels: 'aiConnections.manageChatModels',
  /** Import from and export to promptflow connection YAML. */
  importYaml: 'aiConnections.importYaml',
  exportYaml: 'aiConnections.exportYaml',
  showResolution: 'aiConnections.showResolution',
  importFromEnvironment: 'aiConnections.importFromEnvironment',
  /** Asks the usual localhost ports for model servers, when the user runs it. */
  findLocalModelServers: 'aiConnections.findLocalModelServers',
  /** A shared connection's key, bound on this machine (src/domain/shared). */
  setMyKey: 'aiConnections.setMyKey',
  forgetMyKey: 'aiConnections.forgetMyKey',
  /** A personal connection's definition written into the folder's shared file. */
  shareWithWorkspace: 'aiConnections.shareWithWorkspace',
  /** Accepts (or stops accepting) the self-signed certificate of a connection's server, by host. */
  trustServerCertificate: 'aiConnections.trustServerCertificate',
  /** Forgets the keys read from vaults and kept in memory. */
  refreshSecrets: 'aiConnections.refreshSecrets',
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

export type CommandHandler = (...args: unknown[]) => unknown;
/** Handlers of one feature; the composition root joins them into a complete Record<CommandId, ...>. */
export type CommandHandlers = Partial<Record<CommandId, CommandHandler>>;

export const VIEW_ID = 'aiConnections.connections';
