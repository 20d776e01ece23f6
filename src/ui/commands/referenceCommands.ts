/**
 * References in the UI: the Allow / Deny question for an environment variable outside the
 * allow-list, Show Resolution, and Import from Environment.
 */
import * as l10n from '@vscode/l10n';
import type { Connection, Scope } from '../../domain/connection';
import { destinationText } from '../../domain/destination';
import { findProvider } from '../../domain/providers/catalog';
import { connectionFolder, type WorkspaceFolderInfo } from '../../domain/folders';
import type { Logger } from '../../domain/logger';
import { inspectConnection } from '../../domain/resolution/inspect';
import type { ResolutionMessage } from '../../domain/messages';
import type { ResolutionSourceText } from '../../domain/resolution/messages';
import type { DestinationRequest, PermissionRequest, ReferencePlace, ReferenceResolution } from '../../domain/resolution/resolver';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { DialogAction, Ui, WorkbenchInfo } from '../ports';
import { say, sayError } from '../text';
import { term } from '../text/terms';
import { Command, type CommandHandler } from './ids';
import { resolveConnection } from './pickConnection';

/** Allow, and Deny as the dialog's close affordance: the only two buttons, and Escape denies. */
export function allowOrDeny(): { allow: string; buttons: DialogAction[] } {
  const allow = l10n.t('Allow');
  return { allow, buttons: [allow, { title: l10n.t('Deny'), isCloseAffordance: true }] };
}

/** The modal asked before an environment variable outside the allow-list is sent anywhere. */
export function askEnvironmentPermission(ui: Ui): (request: PermissionRequest) => Promise<boolean> {
  return async (request) => {
    const { allow, buttons } = allowOrDeny();
    const label = request.label ?? l10n.t('a setting');
    const params = { variable: request.variable, host: request.host, label, connection: request.connectionName };
    const remembered = l10n.t('It is not in aiConnections.references.allowedEnvironmentVariables. Your answer is remembered for this connection, variable and host.');
    const detail = request.connectionName
      ? l10n.t("The connection '{connection}' uses {variable} for {label}, sent to {host}. {remembered}", { ...params, remembered })
      : l10n.t('The new connection uses {variable} for {label}, sent to {host}. {remembered}', { ...params, remembered });
    const answer = await ui.confirm(l10n.t('Send the environment variable {variable} to {host}?', params), { detail }, ...buttons);
    return answer === allow;
  };
}

/**
 * The modal asked before the user's own key goes to a host that the workspace's files named
 * (a base URL from `.env`, say): it names the host, the file and where the key comes from.
 */
export function askDestinationPermission(ui: Ui): (request: DestinationRequest) => Promise<boolean> {
  return async (request) => {
    const { allow, buttons } = allowOrDeny();
    const params = { host: request.host, file: request.file, reference: request.reference, field: request.field, keyField: request.keyField, connection: request.connectionName };
    const key = request.keyReference ? l10n.t('Its {keyField} is {reference} from your environment.', { keyField: request.keyField, reference: request.keyReference }) : l10n.t("Its {keyField} is yours, from VS Code's secret storage or sign-in.", params);
    const detail = request.connectionName
      ? l10n.t("The {field} of '{connection}' is {reference}, which the workspace's {file} sets to {host}. {key} Allow only if you trust {host}; your answer is remembered for this connection and host.", { ...params, key })
      : l10n.t("The {field} of the new connection is {reference}, which the workspace's {file} sets to {host}. {key} Allow only if you trust {host}; your answer is remembered for this connection and host.", { ...params, key });
    const answer = await ui.confirm(l10n.t('Send your key to {host}, a host named by the workspace’s {file}?', params), { detail }, ...buttons);
    return answer === allow;
  };
}

/** The form's hint for a reference, as text in the display language (at most 600 characters). */
export function hintText(hint: { ok: boolean; hint?: ResolutionMessage }): { ok: boolean; text: string } {
  return { ok: hint.ok, text: hint.hint ? say(hint.hint).slice(0, 600) : '' };
}

export interface ReferenceCommandContext {
  ui: Ui;
  store: ConnectionStore;
  resolution: ReferenceResolution;
  logger: Logger;
  workspaceAvailable: () => boolean;
  /** Whether a connection's references may be resolved now (a shared one's not in Restricted Mode); all when absent. */
  mayResolve?: (connection: Connection) => boolean;
  /** The workspace folders (a workspace connection reads its own folder's files). */
  workbench?: Pick<WorkbenchInfo, 'folders'>;
}

/** Show Resolution: per setting, the reference and where it resolves from, with a setting's value as it is and a key's masked. */
async function showResolution(ctx: ReferenceCommandContext, arg: unknown): Promise<void> {
  const connection = await resolveConnection(ctx.ui, ctx.store, arg, { placeHolder: l10n.t('Select a connection to show how its references resolve') });
  if (!connection) return;
  if (ctx.mayResolve && !ctx.mayResolve(connection)) {
    void ctx.ui.info(l10n.t("'{name}' is shared through the repository: in Restricted Mode its references are not resolved. Trust the workspace to see them.", { name: connection.name }));
    return;
  }
  const secrets = connection.secretKeys.length > 0 ? await ctx.store.readSecrets(connection) : {};
  // A person asked: vaults are read (in a trusted workspace), their values shown masked.
  const rows = await inspectConnection(ctx.resolution, connection, secrets, { readVaults: true });
  if (rows.length === 0) {
    void ctx.ui.info(l10n.t("'{name}' holds no references: every value is stored as typed.", { name: connection.name }));
    return;
  }
  const picked = await ctx.ui.pick(
    rows.map((row) => ({
      label: `${row.problem ? '✗' : '✓'} ${row.label}`,
      description: row.reference,
      detail: row.problem ? say(row.problem) : resolvedDetail(row.from!, row.unread ? undefined : (row.shown ?? ''), row.asks === true),
      reference: row.reference,
    })),
    { title: resolutionTitle(ctx, connection), placeHolder: l10n.t('Where each reference resolves from (keys masked); pick one to copy the reference'), matchOnDescription: true },
  );
  if (picked) await ctx.ui.copy(picked.reference);
}

/** `→ appsettings.json, OpenAI:ApiKey (sk-***)`, and whether it asks before it is sent. */
function resolvedDetail(from: ResolutionSourceText, shown: string | undefined, asks: boolean): string {
  const params = { source: say(from), value: shown === undefined ? say({ code: 'vault.notRead' }) : shown === '' ? l10n.t('(empty)') : shown };
  if (!asks) return l10n.t('→ {source} ({value})', params);
  const vault = from.code === 'vault.source' || from.code === 'vault.sourceDotenvx';
  return vault ? l10n.t('→ {source} ({value}) · asks before it is sent (a vault item of a connection the workspace brought)', params) : l10n.t('→ {source} ({value}) · asks before it is sent (not in the allowed environment variables)', params);
}

/** `Resolution of ‹name›`, with ` in folder ‹name›` for a workspace connection when the workspace has several folders. */
function resolutionTitle(ctx: ReferenceCommandContext, connection: Connection): string {
  const folders = ctx.workbench?.folders() ?? [];
  const name = connection.name;
  if (connection.scope !== 'workspace' || folders.length < 2) return l10n.t('Resolution of {name}', { name });
  const place = connectionFolder(connection.folder, folders);
  return place.ok ? l10n.t('Resolution of {name} in folder {folder}', { name, folder: place.folder.name }) : l10n.t('Resolution of {name} ({problem})', { name, problem: say(place.problem) });
}

/** A connection Import from Environment can propose: its provider and the variables it reads. */
interface Proposal {
  providerId: string;
  name: string;
  /** Field key -> variable name; the first entry is the one that must be set. */
  fields: [string, string][];
  secretFields: string[];
}

/** The variables the provider SDKs read, as connections. */
const IMPORTABLE: { providerId: string; name: string; required: string[]; optional: [string, string][]; key: [string, string[]] | undefined }[] = [
  {
    providerId: 'openai',
    name: 'OpenAI',
    required: ['OPENAI_API_KEY'],
    optional: [
      ['organization', 'OPENAI_ORG_ID'],
      ['baseUrl', 'OPENAI_BASE_URL'],
    ],
    key: ['apiKey', ['OPENAI_API_KEY']],
  },
  { providerId: 'azure-openai', name: 'Azure OpenAI', required: ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT'], optional: [['apiVersion', 'OPENAI_API_VERSION']], key: ['apiKey', ['AZURE_OPENAI_API_KEY']] },
  { providerId: 'anthropic', name: 'Anthropic', required: ['ANTHROPIC_API_KEY'], optional: [], key: ['apiKey', ['ANTHROPIC_API_KEY']] },
  { providerId: 'google-gemini', name: 'Google Gemini', required: [], optional: [], key: ['apiKey', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']] },
  { providerId: 'mistral', name: 'Mistral', required: ['MISTRAL_API_KEY'], optional: [], key: ['apiKey', ['MISTRAL_API_KEY']] },
  { providerId: 'ollama', name: 'Ollama', required: ['OLLAMA_HOST'], optional: [], key: undefined },
];

const IMPORT_VARIABLES = [...new Set(IMPORTABLE.flatMap((p) => [...p.required, ...p.optional.map(([, v]) => v), ...(p.key?.[1] ?? [])]))];

function proposals(found: ReadonlyMap<string, unknown>): Proposal[] {
  const out: Proposal[] = [];
  for (const entry of IMPORTABLE) {
    if (!entry.required.every((name) => found.has(name))) continue;
    const fields: [string, string][] = [];
    if (entry.key) {
      const variable = entry.key[1].find((name) => found.has(name));
      if (!variable) continue;
      fields.push([entry.key[0], variable]);
    }
    if (entry.providerId === 'azure-openai') fields.push(['endpoint', 'AZURE_OPENAI_ENDPOINT']);
    if (entry.providerId === 'ollama') fields.push(['baseUrl', 'OLLAMA_HOST']);
    for (const [field, variable] of entry.optional) if (found.has(variable)) fields.push([field, variable]);
    out.push({ providerId: entry.providerId, name: entry.name, fields, secretFields: entry.key ? [entry.key[0]] : [] });
  }
  return out;
}

/**
 * Import from Environment: proposes a connection for each provider whose variables are set in
 * the environment or the workspace's `.env`, skipping those already stored, and creates the ones
 * checked, with `${env:NAME}` references (or, if chosen, the keys copied into secret storage).
 */
async function importFromEnvironment(ctx: ReferenceCommandContext): Promise<Connection[]> {
  const { ui, store } = ctx;
  const read = await readVariableSources(ctx);
  if (!read) return [];
  const { sources, folder } = read;
  const usesVariable = await variablesInUse(store);
  const candidates = proposals(sources).filter((p) => {
    const used = usesVariable.get(p.providerId);
    return !used?.has('*') && !used?.has(p.fields[0]![1]);
  });
  if (candidates.length === 0) {
    void ui.info(sources.size === 0 ? l10n.t("None of {variables} is set in VS Code's environment or the workspace's .env.", { variables: IMPORT_VARIABLES.join(', ') }) : l10n.t('Every connection the environment describes is already stored.'));
    return [];
  }
  const items = [];
  for (const p of candidates) items.push(await importItem(ctx, p, sources, folder));
  const picked = await ui.pickMany(items, { title: l10n.t('Import from Environment'), placeHolder: l10n.t('Check the connections to create') });
  if (!picked || picked.length === 0) return [];
  const copy = await askCopyKeys(ctx);
  if (copy === undefined) return [];
  return createImported(ctx, picked, folder, copy);
}

type VariableSources = Map<string, { source: 'environment' | 'dotenv'; scope: Scope }>;

/** Where each importable variable is set: VS Code's environment, or the .env read (undefined when the user cancelled choosing it). */
async function readVariableSources(ctx: ReferenceCommandContext): Promise<{ sources: VariableSources; folder: WorkspaceFolderInfo | undefined } | undefined> {
  const { resolution } = ctx;
  const sources: VariableSources = new Map();
  for (const [name] of await resolution.variables(IMPORT_VARIABLES, 'global')) sources.set(name, { source: 'environment', scope: 'global' });
  if (!ctx.workspaceAvailable()) return { sources, folder: undefined };
  const chosen = await chooseDotenvFolder(ctx);
  if (!chosen) return undefined;
  const { folder } = chosen;
  const place: ReferencePlace = { scope: 'workspace', ...(folder ? { folder: folder.uri } : {}) };
  for (const [name, source] of await resolution.variables(IMPORT_VARIABLES, place)) if (source === 'dotenv' && !sources.has(name)) sources.set(name, { source, scope: 'workspace' });
  return { sources, folder };
}

/** The .env read: the workspace's own, or with several folders, the one chosen among those that have one (undefined when the user cancelled). */
async function chooseDotenvFolder(ctx: ReferenceCommandContext): Promise<{ folder: WorkspaceFolderInfo | undefined } | undefined> {
  const folders = ctx.workbench?.folders() ?? [];
  if (folders.length <= 1) return { folder: undefined };
  const withDotenv: { folder: WorkspaceFolderInfo; names: string[] }[] = [];
  for (const f of folders) {
    const names = [...(await ctx.resolution.variables(IMPORT_VARIABLES, { scope: 'workspace', folder: f.uri }))].filter(([, source]) => source === 'dotenv').map(([name]) => name);
    if (names.length > 0) withDotenv.push({ folder: f, names });
  }
  if (withDotenv.length <= 1) return { folder: withDotenv[0]?.folder };
  const chosen = await ctx.ui.pick(
    withDotenv.map((entry) => ({ label: entry.folder.name, description: entry.names.join(', '), entry })),
    { title: l10n.t('Import from Environment'), placeHolder: l10n.t('Which folder’s .env? Its connections are kept in the workspace and read that folder') },
  );
  return chosen ? { folder: chosen.entry.folder } : undefined;
}

/** Already stored, by provider: the variables its connections refer to, and '*' when an earlier import created one. */
async function variablesInUse(store: ConnectionStore): Promise<Map<string, Set<string>>> {
  const usesVariable = new Map<string, Set<string>>();
  for (const c of store.list().connections) {
    const values = Object.values(c.settings).filter((v): v is string => typeof v === 'string');
    if (c.secretKeys.length > 0) values.push(...Object.values(await store.readSecrets(c).catch(() => ({}))));
    const set = usesVariable.get(c.providerId) ?? new Set<string>();
    for (const value of values) if (value.startsWith('${env:')) set.add(value.slice(6, -1));
    if (/ \(environment( \d+)?\)$/.test(c.name)) set.add('*');
    usesVariable.set(c.providerId, set);
  }
  return usesVariable;
}

/** The pick item for one proposal: where each part comes from and the host the key would go to, resolved now. */
async function importItem(ctx: ReferenceCommandContext, p: Proposal, sources: VariableSources, folder: WorkspaceFolderInfo | undefined) {
  const dotenvName = folder ? `${folder.name}/.env` : '.env';
  const fromDotenv = p.fields.some(([, v]) => sources.get(v)?.source === 'dotenv');
  const scope: Scope = fromDotenv ? 'workspace' : 'global';
  const place: ReferencePlace = { scope, ...(scope === 'workspace' && folder ? { folder: folder.uri } : {}) };
  // Where each part comes from, and the host the key would go to, resolved now.
  const origin = (variable: string) => (sources.get(variable)?.source === 'dotenv' ? dotenvName : l10n.t("VS Code's environment"));
  const parts = p.fields.map(([field, variable]) => l10n.t('{field}: {variable} from {origin}', { field: fieldLabel(p.providerId, field), variable, origin: origin(variable) }));
  const destination = p.fields.find(([field]) => field === destinationField(p.providerId));
  const host = await proposedHost(ctx, p.providerId, destination?.[1], place);
  // The user's key paired with a host the repository's .env names: shown, left unchecked, and asked about before anything is sent.
  const keyVariable = p.fields.find(([field]) => p.secretFields.includes(field))?.[1];
  const mixed = keyVariable !== undefined && sources.get(keyVariable)?.source === 'environment' && destination !== undefined && sources.get(destination[1])?.source === 'dotenv';
  const where = scope === 'workspace' ? l10n.t('a Workspace connection') : l10n.t('a Global connection');
  return {
    label: mixed ? `⚠ ${p.name}` : p.name,
    description: host ? l10n.t('→ {host}', { host }) : '',
    detail: mixed ? l10n.t("Your key from VS Code's environment would go to {host}, which {file} names: asks before anything is sent. {parts}; {where}", { host: host ?? '?', file: dotenvName, parts: parts.join(' · '), where }) : `${parts.join(' · ')}; ${where}`,
    picked: !mixed,
    proposal: p,
    scope,
  };
}

/** Asks whether to store references or copy the keys: true to copy, undefined when the user cancelled. */
async function askCopyKeys(ctx: ReferenceCommandContext): Promise<boolean | undefined> {
  const asCopies = l10n.t('Copy the keys into secret storage');
  const how = await ctx.ui.pick(
    [
      { label: l10n.t('Store references (${env:NAME})'), detail: l10n.t('The value stays where it is and is read when needed (recommended).') },
      { label: asCopies, detail: l10n.t('The key is copied now; later changes to the variable are not seen.') },
    ],
    {
      title: l10n.t('Import from Environment'),
      placeHolder: l10n.t('How should the keys be stored?'),
    },
  );
  if (!how) return undefined;
  return how.label === asCopies;
}

/** Creates the checked connections, then says which were imported and which failed. */
async function createImported(ctx: ReferenceCommandContext, picked: readonly { proposal: Proposal; scope: Scope }[], folder: WorkspaceFolderInfo | undefined, copy: boolean): Promise<Connection[]> {
  const { ui, store } = ctx;
  const created: Connection[] = [];
  const failures: string[] = [];
  for (const { proposal, scope } of picked) {
    const values: Record<string, string> = {};
    const place: ReferencePlace = { scope, ...(scope === 'workspace' && folder ? { folder: folder.uri } : {}) };
    try {
      for (const [field, variable] of proposal.fields) values[field] = await valueFor(ctx, proposal, field, variable, place, copy);
      const name = uniqueName(proposal.name, store);
      created.push(await store.create({ providerId: proposal.providerId, name, alias: freeAlias(name, store), ...place, isActive: true, values }));
    } catch (error) {
      failures.push(l10n.t('{name}: {error}', { name: proposal.name, error: sayError(error) }));
    }
  }
  if (created.length > 0) void ui.info(l10n.t('Imported {names} from the environment.', { names: created.map((c) => `'${c.name}'`).join(', ') }));
  if (failures.length > 0) void ui.error(l10n.t('Some connections were not imported: {failures}', { failures: failures.join('; ') }));
  return created;
}

/** The field that says where a proposal's requests go (OpenAI's base URL, Azure's endpoint). */
function destinationField(providerId: string): string | undefined {
  return findProvider(providerId)?.test?.baseField;
}

function fieldLabel(providerId: string, key: string): string {
  const label = findProvider(providerId)?.fields.find((f) => f.key === key)?.label;
  return label ? term(label) : key;
}

/** The host a proposal would send its key to: the variable's URL as it resolves now, else the provider's default. */
async function proposedHost(ctx: ReferenceCommandContext, providerId: string, variable: string | undefined, place: ReferencePlace): Promise<string | undefined> {
  if (variable === undefined) return destinationText(findProvider(providerId)?.test?.defaultBase);
  const outcome = await ctx.resolution.lookup(`\${env:${variable}}`, place);
  if (!outcome?.ok || outcome.value === undefined) return undefined;
  const value = providerId === 'ollama' && !/^https?:\/\//i.test(outcome.value) ? `http://${outcome.value}` : outcome.value;
  return destinationText(value);
}

async function valueFor(ctx: ReferenceCommandContext, proposal: Proposal, field: string, variable: string, place: ReferencePlace, copy: boolean): Promise<string> {
  const reference = `\${env:${variable}}`;
  const isSecret = proposal.secretFields.includes(field);
  // OLLAMA_HOST is often host:port without a scheme, which a URL field can't take as it is.
  if (proposal.providerId === 'ollama' || (copy && isSecret)) {
    const outcome = await ctx.resolution.lookup(reference, place);
    if (!outcome?.ok || outcome.value === undefined) throw new Error(l10n.t('{variable} could not be read.', { variable }));
    if (proposal.providerId !== 'ollama') return outcome.value;
    if (/^https?:\/\//i.test(outcome.value)) return reference;
    return `http://${outcome.value}`;
  }
  return reference;
}

function uniqueName(base: string, store: ConnectionStore): string {
  const names = new Set(store.list().connections.map((c) => c.name.toLowerCase()));
  if (!names.has(`${base} (environment)`.toLowerCase())) return `${base} (environment)`;
  for (let i = 2; ; i++) if (!names.has(`${base} (environment ${i})`.toLowerCase())) return `${base} (environment ${i})`;
}

export function freeAlias(name: string, store: ConnectionStore): string {
  const taken = new Set(store.list().connections.map((c) => c.alias));
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'connection';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function referenceCommands(ctx: ReferenceCommandContext): Record<typeof Command.showResolution | typeof Command.importFromEnvironment, CommandHandler> {
  return {
    [Command.showResolution]: (arg: unknown) => showResolution(ctx, arg),
    [Command.importFromEnvironment]: () => importFromEnvironment(ctx),
  };
}
