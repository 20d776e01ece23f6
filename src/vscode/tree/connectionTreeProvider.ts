import * as vscode from 'vscode';
import type { Connection } from '../../domain/connection';
import type { WorkspaceFolderInfo } from '../../domain/folders';
import type { Logger } from '../../domain/logger';
import type { ReferenceStatus } from '../../domain/resolution/status';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { CAPABILITY_LABELS, type Capability } from '../../domain/providers/descriptor';
import type { TestResultStore } from '../../domain/testing/resultStore';
import type { BindingState } from '../../domain/shared/bindings';
import { isShared, type SharedConnection } from '../../domain/shared/parse';
import { buildTree, connectionTooltip, folderText, type GroupNode, type TreeNode, type TreeOptions } from '../../views/connectionTreeModel';
import { Command } from '../../ui/commands/ids';
import { inertMarkdown } from '../../ui/inertUi';
import { say } from '../../ui/text';
import { term } from '../../ui/text/terms';

const DECORATION_SCHEME = 'ai-connections';

/** The Connections view: a thin mapping of the pure tree model onto VS Code TreeItems. */
export class ConnectionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: GroupNode[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private view: vscode.TreeView<TreeNode> | undefined;
  /** The capability filter in force, if any. */
  capability: Capability | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly results: TestResultStore,
    private readonly logger: Logger,
    private readonly references?: ReferenceStatus,
    private readonly folders: () => readonly WorkspaceFolderInfo[] = () => [],
    private readonly bindingState?: (connection: Connection) => BindingState | undefined,
    private readonly acceptedCertificate?: TreeOptions['acceptedCertificate'],
  ) {
    this.subscriptions = [
      this.changed,
      // Folders added, removed or renamed change which folder each workspace connection shows.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      ...(references ? [references.onDidChange(() => this.refresh())] : []),
      store.onDidChange(() => this.refresh()),
      results.onDidChange(() => this.refresh()),
      vscode.window.registerFileDecorationProvider(this),
    ];
  }

  /** The tree view showing this provider: its description tells which filter is on. */
  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
  }

  setCapability(capability: Capability | undefined): void {
    this.capability = capability;
    if (this.view) this.view.description = capability ? vscode.l10n.t('{capability} only', { capability: term(CAPABILITY_LABELS[capability]) }) : undefined;
    void vscode.commands.executeCommand('setContext', 'aiConnections.filtered', capability !== undefined);
    this.refresh();
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const folders = this.folders();
      this.roots = buildTree(this.store.list(), {
        workspaceAvailable: this.store.workspaceAvailable,
        results: this.results.all(),
        ...(this.capability ? { capability: this.capability } : {}),
        ...(this.references ? { referenceProblems: (c: Connection) => this.references!.problems(c)?.map(say) } : {}),
        folderLabel: (c: Connection) => folderText(c, folders),
        ...(this.bindingState ? { bindingState: this.bindingState } : {}),
        ...(this.acceptedCertificate ? { acceptedCertificate: this.acceptedCertificate } : {}),
      });
      return this.roots;
    }
    return node.kind === 'group' ? node.children : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group') return undefined;
    if (node.kind === 'connection' && isShared(node.connection)) return this.roots.find((group) => group.sharedFolder === (node.connection as SharedConnection).shared.folder);
    const scope = node.kind === 'connection' ? node.connection.scope : node.broken.scope;
    return this.roots.find((group) => group.scope === scope && group.sharedFolder === undefined);
  }

  /** The node for a connection id in the latest state, for reveal(). */
  findNode(id: string): TreeNode | undefined {
    this.getChildren();
    return this.roots.flatMap((group) => group.children).find((node) => node.id === id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    switch (node.kind) {
      case 'group':
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        item.iconPath = new vscode.ThemeIcon(node.sharedFolder ? 'repo' : node.scope === 'global' ? 'globe' : 'root-folder');
        item.tooltip = node.sharedFolder
          ? vscode.l10n.t('Connections shared through the repository (.vscode/ai-connections.json): everyone who opens it has them, and each person sets their own key')
          : node.scope === 'global'
            ? vscode.l10n.t('Connections available in every window')
            : vscode.l10n.t('Connections of this workspace only');
        break;
      case 'connection':
        item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
        if (!node.connection.isActive) item.resourceUri = vscode.Uri.from({ scheme: DECORATION_SCHEME, path: `/${node.id}`, query: 'disabled' });
        item.command = { command: Command.activateItem, title: vscode.l10n.t('Edit Connection'), arguments: [node] };
        item.accessibilityInformation = {
          label: node.referenceProblems ? vscode.l10n.t('{name}, {description}, unresolved references', { name: node.label, description: node.description }) : `${node.label}, ${node.description}`,
        };
        break;
      case 'broken':
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = node.tooltip;
        break;
    }
    return item;
  }

  /** The tooltip is built on hover: only then are the connection's secrets read (to mask them). */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'connection') return item;
    let secrets = {};
    try {
      secrets = await this.store.readSecrets(node.connection.id);
    } catch (error) {
      this.logger.warn(`Couldn't read secrets for the tooltip of '${node.connection.alias}'.`);
    }
    item.tooltip = inertMarkdown(new vscode.MarkdownString(connectionTooltip(node.connection, secrets, this.results.get(node.connection.id), node.referenceProblems, node.folder, node.notes)));
    return item;
  }

  /** Dims the label of disabled connections. */
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME || uri.query !== 'disabled') return undefined;
    return { color: new vscode.ThemeColor('disabledForeground'), tooltip: vscode.l10n.t('Disabled') };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
