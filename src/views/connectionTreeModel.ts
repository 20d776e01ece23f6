/**
 * What the Connections view shows, as plain data: the VS Code tree provider maps these nodes
 * one to one onto TreeItems. Kept free of `vscode` so it is tested and benchmarked in Node.
 */
import * as l10n from '@vscode/l10n';
import type { Connection, Scope, SecretBag } from '../domain/connection';
import { connectionFolder, type WorkspaceFolderInfo } from '../domain/folders';
import { maskSecret } from '../domain/masking';
import { findProvider, providerName } from '../domain/providers/catalog';
import { fieldApplies } from '../domain/providers/descriptor';
import type { BrokenRecord, ListResult } from '../domain/store/connectionStore';
import type { BindingState } from '../domain/shared/bindings';
import { isShared, SHARED_FILE_PATH } from '../domain/shared/parse';
import type { Capability } from '../domain/providers/descriptor';
import type { TestResult } from '../domain/testing/result';
import { markdownCode, markdownText } from '../domain/text/inert';
import { say } from '../ui/text';
import { resultBadge, resultText, kindText } from '../ui/text/results';
import { folderNotOpen } from '../ui/text/labels';
import { scopeLabel } from '../ui/text/scope';
import { term } from '../ui/text/terms';

/**
 * contextValue strings that package.json `when` clauses match on. A connection's says whether it
 * is active and where it lives (`connection.active.global`): Move to Workspace shows on global ones.
 */
export const NodeContext = {
  group: 'group',
  activeGlobal: 'connection.active.global',
  activeWorkspace: 'connection.active.workspace',
  inactiveGlobal: 'connection.inactive.global',
  inactiveWorkspace: 'connection.inactive.workspace',
  broken: 'connection.broken',
  /** A connection shared with the workspace (its definition in the folder's file): `shared.active`, `shared.inactive`. */
  sharedActive: 'shared.active',
  sharedInactive: 'shared.inactive',
} as const;

type ConnectionContext = `connection.${'active' | 'inactive'}.${Scope}` | `shared.${'active' | 'inactive'}`;

function connectionContext(connection: Connection): ConnectionContext {
  const state = connection.isActive ? 'active' : 'inactive';
  return isShared(connection) ? `shared.${state}` : `connection.${state}.${connection.scope}`;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  scope: Scope;
  /** A folder's shared connections: the folder's URI. */
  sharedFolder?: string;
  label: string;
  description: string;
  contextValue: typeof NodeContext.group;
  children: ItemNode[];
}

export interface ConnectionNode {
  kind: 'connection';
  id: string;
  label: string;
  description: string;
  /** A codicon id, and the theme color it is drawn in (if any). */
  icon: string;
  iconColor?: string;
  contextValue: ConnectionContext;
  connection: Connection;
  /** References that don't resolve (or may not be sent), one line each; the item shows a warning. */
  referenceProblems?: string[];
  /** The workspace folder of a workspace connection, shown when there are several (or it is not open). */
  folder?: string;
  /** What is amiss beyond references, one line each: a key to set on this machine, an alias used twice. */
  notes?: string[];
}

export interface BrokenNode {
  kind: 'broken';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  contextValue: typeof NodeContext.broken;
  broken: BrokenRecord;
}

export type ItemNode = ConnectionNode | BrokenNode;
export type TreeNode = GroupNode | ItemNode;

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The folder to show beside a workspace connection: only when there are several folders (or its
 * own is not open, said so); undefined otherwise, and for global connections.
 */
export function folderText(connection: { scope: string; folder?: string | undefined }, folders: readonly WorkspaceFolderInfo[]): string | undefined {
  if (connection.scope !== 'workspace') return undefined;
  const place = connectionFolder(connection.folder, folders);
  if (!place.ok) return place.missing ? folderNotOpen(place.missing.name) : undefined;
  return folders.length > 1 ? place.folder.name : undefined;
}

/**
 * The icon that tells a connection's state at a glance, whatever the width of the view: a
 * reference that doesn't resolve or a failed last test replaces the provider's icon, a passed
 * test colors it, and a disabled connection's is dimmed (its last result no longer counts).
 */
function connectionIcon(connection: Connection, result?: TestResult, referenceProblems?: readonly string[]): { icon: string; iconColor?: string } {
  const providerIcon = findProvider(connection.providerId)?.icon ?? 'plug';
  if (referenceProblems && referenceProblems.length > 0) return { icon: 'warning', iconColor: 'problemsWarningIcon.foreground' };
  if (!connection.isActive) return { icon: providerIcon, iconColor: 'disabledForeground' };
  if (!result || result.skipped) return { icon: providerIcon };
  return result.success ? { icon: providerIcon, iconColor: 'testing.iconPassed' } : { icon: 'error', iconColor: 'testing.iconFailed' };
}

function connectionNode(connection: Connection, result?: TestResult, referenceProblems?: readonly string[], folder?: string, marks: ItemMarks = {}): ConnectionNode {
  const where = `${connection.alias} · ${providerName(connection.providerId)}${folder ? ` · ${folder}` : ''}${marks.badge ? ` · ${marks.badge}` : ''}`;
  return {
    kind: 'connection',
    id: connection.id,
    label: connection.name,
    description: !connection.isActive ? l10n.t('{connection} (disabled)', { connection: where }) : result && !result.skipped && !marks.badge ? `${where} · ${resultBadge(result)}` : where,
    ...(folder ? { folder } : {}),
    ...(marks.notes && marks.notes.length > 0 ? { notes: [...marks.notes] } : {}),
    ...(marks.notes && marks.notes.length > 0 && connection.isActive ? { icon: marks.icon ?? 'warning', iconColor: 'problemsWarningIcon.foreground' } : connectionIcon(connection, result, referenceProblems)),
    contextValue: connectionContext(connection),
    connection,
    ...(referenceProblems && referenceProblems.length > 0 ? { referenceProblems: [...referenceProblems] } : {}),
  };
}

function brokenNode(broken: BrokenRecord): BrokenNode {
  return {
    kind: 'broken',
    id: `broken:${broken.scope}:${broken.position}`,
    label: say(broken.label),
    description: l10n.t('unreadable — delete and create again'),
    tooltip: `${l10n.t("This stored connection can't be read: {reason}", { reason: say(broken.reason) })}${broken.backupNote ? `\n\n${say(broken.backupNote)}` : ''}`,
    contextValue: NodeContext.broken,
    broken,
  };
}

/**
 * The two groups, Workspace (only with a folder open) and Global, each sorted by name.
 * Nothing at all when there is nothing stored, so the view shows its welcome content.
 */
export interface TreeOptions {
  workspaceAvailable: boolean;
  /** Last test results by connection id, shown beside each connection. */
  results?: ReadonlyMap<string, TestResult>;
  /** Show only connections whose provider offers this capability. */
  capability?: Capability;
  /** The problems of a connection's references, when known (see ReferenceStatus). */
  referenceProblems?: (connection: Connection) => readonly string[] | undefined;
  /** The folder to show beside a workspace connection (see `folderText`), if any. */
  folderLabel?: (connection: Connection) => string | undefined;
  /** Whether this machine holds the keys a shared connection asks each person for, once known. */
  bindingState?: (connection: Connection) => BindingState | undefined;
  /** The self-signed certificate accepted for the connection's server, if any (its host and fingerprint). */
  acceptedCertificate?: (connection: Connection) => { host: string; fingerprint: string } | undefined;
}

/** What an item shows beyond its state: a short word in its description, and lines for its tooltip. */
interface ItemMarks {
  badge?: string;
  notes?: string[];
  icon?: string;
}

/** A shared connection's key to set here, and an alias a personal and a shared connection both use. */
function itemMarks(connection: Connection, clashes: ReadonlyMap<string, readonly Connection[]>, options: TreeOptions): ItemMarks {
  const notes: string[] = [];
  let badge: string | undefined;
  let icon: string | undefined;
  const state = options.bindingState?.(connection);
  if (state?.state === 'needed') {
    badge = say({ code: isShared(connection) ? 'shared.keyNeeded' : 'shared.keyNeededHere', name: connection.name });
    icon = 'key';
    notes.push(l10n.t('Your key is needed: use Set My Key… (it stays on this machine).'));
  } else if (state?.state === 'hostChanged') {
    badge = l10n.t('host changed');
    notes.push(say({ code: 'shared.hostChanged', name: connection.name, from: state.from, to: state.to }));
  }
  const accepted = options.acceptedCertificate?.(connection);
  if (accepted) {
    badge ??= l10n.t('self-signed certificate accepted');
    icon ??= 'workspace-untrusted';
    notes.push(l10n.t('The self-signed certificate of {host} is accepted (SHA-256 {fingerprint}). Use Trust Server Certificate… to stop accepting it.', accepted));
  }
  for (const other of clashes.get(connection.alias)?.filter((c) => c !== connection) ?? []) {
    badge ??= l10n.t('alias clash');
    notes.push(say({ code: 'shared.aliasClash', alias: connection.alias, other: other.name, otherShared: isShared(other) }));
  }
  return { ...(badge ? { badge } : {}), ...(notes.length > 0 ? { notes } : {}), ...(icon ? { icon } : {}) };
}

/** Aliases a shared connection has together with another (a personal one, or a shared one of another folder), with those connections. */
function aliasClashes(connections: readonly Connection[]): Map<string, Connection[]> {
  const byAlias = new Map<string, Connection[]>();
  for (const c of connections) byAlias.set(c.alias, [...(byAlias.get(c.alias) ?? []), c]);
  for (const [alias, list] of byAlias) if (list.length < 2 || !list.some(isShared)) byAlias.delete(alias);
  return byAlias;
}

export function buildTree(list: ListResult, options: TreeOptions): GroupNode[] {
  if (list.connections.length === 0 && list.broken.length === 0) return [];
  const scopes: Scope[] = options.workspaceAvailable ? ['workspace', 'global'] : ['global'];
  const capability = options.capability;
  const offers = (c: Connection) => !capability || (findProvider(c.providerId)?.capabilities.includes(capability) ?? false);
  const clashes = aliasClashes(list.connections);
  const node = (c: Connection) => connectionNode(c, options.results?.get(c.id), options.referenceProblems?.(c), isShared(c) ? undefined : options.folderLabel?.(c), itemMarks(c, clashes, options));
  const byName = (a: Connection, b: Connection) => collator.compare(a.name, b.name) || a.alias.localeCompare(b.alias);
  const groups: GroupNode[] = scopes.map((scope) => {
    const connections = list.connections.filter((c) => c.scope === scope && !isShared(c) && offers(c)).sort(byName);
    const children: ItemNode[] = [...connections.map(node), ...(capability ? [] : list.broken.filter((b) => b.scope === scope).map(brokenNode))];
    return {
      kind: 'group',
      id: `group:${scope}`,
      scope,
      label: scopeLabel(scope),
      description: children.length === 0 ? (capability ? l10n.t('none match the filter') : l10n.t('no connections')) : String(children.length),
      contextValue: NodeContext.group,
      children,
    };
  });
  // Each folder's shared connections, after the workspace's own: from the repository, in the file's order.
  const shared = list.connections.filter(isShared);
  for (const folder of [...new Set(shared.map((c) => c.shared.folder))]) {
    const inFolder = shared.filter((c) => c.shared.folder === folder);
    const children = inFolder.filter(offers).map(node);
    groups.splice(groups.length - 1, 0, {
      kind: 'group',
      id: `group:shared:${folder}`,
      scope: 'workspace',
      sharedFolder: folder,
      label: l10n.t('Shared · {folder}', { folder: inFolder[0]!.shared.folderName }),
      description: children.length === 0 ? l10n.t('none match the filter') : String(children.length),
      contextValue: NodeContext.group,
      children,
    });
  }
  return groups;
}

/** A URL as shown: any user name or password in it is masked (records saved before they were refused). */
function shownUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username === '' && url.password === '') return value;
    url.username = '***';
    url.password = '';
    return url.toString();
  } catch {
    return value;
  }
}

/**
 * A markdown tooltip: who, where, state, then every setting with secrets masked. Every word in it
 * is escaped as markdown text where it is put in, our own labels too: a translation is text from
 * outside like a server's answer, and must not become a link, an image, HTML or emphasis.
 */
export function connectionTooltip(connection: Connection, secrets: SecretBag, result?: TestResult, referenceProblems?: readonly string[], folder?: string, notes?: readonly string[]): string {
  // [label as words, value as markdown]
  const rows: [string, string][] = [
    [l10n.t('Alias'), markdownCode(connection.alias)],
    [l10n.t('Provider'), markdownText(providerName(connection.providerId))],
    isShared(connection) ? [l10n.t('Scope'), markdownText(l10n.t('Shared with the workspace ({file})', { file: `${connection.shared.folderName}/${SHARED_FILE_PATH}` }))] : [l10n.t('Scope'), markdownText(scopeLabel(connection.scope))],
    ...(folder ? [[l10n.t('Folder'), markdownText(folder)] as [string, string]] : []),
    [l10n.t('State'), markdownText(connection.isActive ? l10n.t('Active') : l10n.t('Disabled'))],
    ...settingRows(connection, secrets),
  ];
  if (result) rows.push([l10n.t('Last test'), markdownText(lastTestText(result))]);
  // Escaping a label also keeps it from ending its table cell early (a `|` is escaped too).
  const table = rows.map(([k, v]) => `| ${markdownText(k)} | ${v} |`).join('\n');
  const warning = referenceProblems && referenceProblems.length > 0 ? `\n\n${markdownText(l10n.t('⚠ Unresolved references:'))}\n\n${referenceProblems.map((p) => `- ${markdownText(p)}`).join('\n')}` : '';
  const noted = notes && notes.length > 0 ? `\n\n${notes.map((n) => `- ${markdownText(n)}`).join('\n')}` : '';
  const modified = isShared(connection)
    ? markdownText(l10n.t('From the repository: everyone who opens it shares this definition, and each person sets their own key.'))
    : markdownText(l10n.t('Modified {when} UTC', { when: connection.dateModified.replace('T', ' ').slice(0, 16) }));
  return `**${markdownText(connection.name)}**\n\n| | |\n|---|---|\n${table}${warning}${noted}\n\n${modified}`;
}

/** The tooltip's rows of a connection's settings that apply, secrets masked: [label as words, value as markdown]. */
function settingRows(connection: Connection, secrets: SecretBag): [string, string][] {
  const provider = findProvider(connection.providerId);
  const set = l10n.t('set');
  const rows: [string, string][] = [];
  for (const field of provider?.fields ?? []) {
    if (!fieldApplies(field, connection.settings, provider!)) continue;
    if (field.kind === 'map') {
      const entries = field.secret
        ? connection.secretKeys.filter((k) => k.startsWith(`${field.key}.`)).map((k) => [k.slice(field.key.length + 1), maskSecret(secrets[k] ?? '') || set] as const)
        : Object.entries((connection.settings[field.key] as Record<string, string> | undefined) ?? {});
      for (const [key, value] of entries) rows.push([`${term(field.label)}: ${key}`, markdownCode(value)]);
    } else if (field.kind === 'password') {
      if (connection.secretKeys.includes(field.key)) rows.push([term(field.label), markdownCode(maskSecret(secrets[field.key] ?? '') || set)]);
    } else {
      const value = connection.settings[field.key];
      if (value !== undefined) rows.push([term(field.label), typeof value === 'boolean' ? markdownText(value ? l10n.t('Yes') : l10n.t('No')) : markdownCode(field.kind === 'url' ? shownUrl(String(value)) : String(value))]);
    }
  }
  return rows;
}

/** The tooltip's last test: its result, latency, model count and time. */
function lastTestText(result: TestResult): string {
  const when = result.testedAt.replace('T', ' ').slice(0, 16);
  if (result.skipped) return resultText(result) ?? l10n.t('not tested');
  if (!result.success) return l10n.t('✗ {reason} ({when} UTC)', { reason: resultText(result) ?? kindText(result.errorKind), when });
  return result.modelCount === 1 ? l10n.t('✓ {ms} ms, 1 model ({when} UTC)', { ms: Math.round(result.latencyMs), when }) : l10n.t('✓ {ms} ms, {count} models ({when} UTC)', { ms: Math.round(result.latencyMs), count: result.modelCount ?? 0, when });
}
