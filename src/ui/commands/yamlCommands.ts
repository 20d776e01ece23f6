import { SCOPE_LABELS, type Connection, type Scope } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import { isReference } from '../../domain/references';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { ImportedConnection, SecretStyle } from '../../domain/yaml';
import type { FilePorts, Ui, WorkbenchInfo } from '../ports';
import { Command, type CommandHandler } from './ids';
import { isConnectionNode } from './pickConnection';
import { say, sayError } from '../text';

/** The promptflow YAML module (`dist/yaml.js`), loaded on the first import or export. */
export type YamlModule = typeof import('../../domain/yaml');

export interface YamlCommandContext {
  ui: Ui;
  files: FilePorts;
  store: ConnectionStore;
  loadYaml: () => YamlModule;
  /** Connections selected in the view, for Export from the view's context menu. */
  selection?: () => readonly Connection[];
  /** The workspace folders: with several, a connection imported into the workspace is given one. */
  workbench?: Pick<WorkbenchInfo, 'folders' | 'activeFolder'>;
}

const YAML_FILTERS = { 'promptflow connection YAML': ['yaml', 'yml'] };
/** Import also takes dotenv files (`.env`, `prod.env`), as `pf connection create -f .env` does; `.env` has no extension to filter on. */
const IMPORT_FILTERS = { 'promptflow connections (YAML, .env)': ['yaml', 'yml', 'env'], 'All files': ['*'] };

export const IMPORT = 'Import';
export const IMPORT_TO_WORKSPACE = 'Import into Workspace';
export const SET_VALUES = 'Set Values (--set)…';
export const IMPORT_AND_REFERENCE = 'Import, Then Use ${env:…} in the File';
export const UPDATE = 'Update';
export const COPY = 'Import as a Copy';
export const SKIP = 'Skip';
export const IMPORT_AS_REFERENCES = 'Import as ${env:…} References';

/** The folder a file is in, for the default name of a bare `.env`. */
function folderNameOf(uri: string): string | undefined {
  try {
    const parts = new URL(uri).pathname.split('/').filter((p) => p !== '');
    return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 2]!) : undefined;
  } catch {
    return undefined;
  }
}

interface Planned {
  connection: ImportedConnection;
  target?: Connection;
  choice: 'create' | 'update' | 'copy' | 'skip';
}

function describeSecrets(c: ImportedConnection, target: Connection | undefined): string[] {
  const stored = new Set(target && target.providerId === c.providerId ? target.secretKeys : []);
  return c.secrets.map((s) => {
    switch (s.source) {
      case 'value':
        return `${s.field}: a key in the file, stored in secret storage`;
      case 'reference':
        return `${s.field}: stays the reference ${s.value}`;
      case 'prompt':
        return `${s.field}: asked for now (<user-input>)`;
      case 'keep':
        return stored.has(s.key) ? `${s.field}: keeps the stored key` : `${s.field}: missing, asked for now`;
    }
  });
}

/** The preview: what will be created or updated, which values are asked for, what is kept, what is refused. */
export function previewText(plans: readonly Planned[], problems: readonly string[]): string {
  const lines: string[] = [];
  for (const { connection: c, target } of plans) {
    const verb = target ? (target.providerId === c.providerId ? 'Update' : 'Conflict with') : 'Create';
    lines.push(`${verb} '${c.name}' (${c.alias} · ${providerName(c.providerId)}${target ? ` · ${SCOPE_LABELS[target.scope]}` : ''})`);
    for (const line of describeSecrets(c, target)) lines.push(`  ${line}`);
    for (const p of c.placeholders) lines.push(`  ${p.field}: not a URL in the file, asked for now`);
    if (c.kept.length > 0) lines.push(`  kept as they are: ${c.kept.join(', ')}`);
  }
  if (problems.length > 0) {
    lines.push('', 'Not imported:');
    for (const p of problems) lines.push(`  ${p}`);
  }
  return lines.join('\n');
}

/**
 * Import from YAML…: reads a promptflow connection file, shows what will change, asks for
 * `<user-input>` secrets and placeholder URLs, and only then stores. Dismissing any step stores nothing.
 * A dotenv file (`.env`, `prod.env`) is read as `pf connection create -f .env --name X` reads it:
 * the name is asked for, and every key becomes a secret of a custom connection.
 */
export async function importFromYaml(ctx: YamlCommandContext, arg?: unknown): Promise<Connection[]> {
  const { ui, files, store } = ctx;
  const uri = files.uriOf(arg) ?? (await files.pickOpenFile({ title: 'Import Connections from YAML or .env', filters: IMPORT_FILTERS }));
  if (!uri) return [];
  const yaml = ctx.loadYaml();
  const name = files.nameOf(uri);
  const bytes = await files.readFile(uri);
  if (bytes.byteLength > yaml.MAX_FILE_BYTES) {
    void ui.error(`${name}: the file is ${Math.ceil(bytes.byteLength / 1024)} KB; connection files are limited to 1 MB. Nothing was imported.`);
    return [];
  }
  const dotenv = yaml.isDotenvFile(name);
  let pfName = '';
  if (dotenv) {
    // Refuse an empty or broken file before asking for a name.
    const suggested = yaml.defaultDotenvName(name, folderNameOf(uri));
    const first = yaml.readDotenvFile(name, bytes, suggested);
    if (first.connections.length === 0) {
      void ui.error(`Nothing was imported. ${first.problems.map((problem) => yaml.formatProblem(problem, say)).join(' ')}`);
      return [];
    }
    const typed = await files.input({
      title: `Import ${name} as a Custom Connection`,
      prompt: `The connection's name (as pf connection create -f ${name} --name takes it); each of the ${first.connections[0]!.secrets.length} keys becomes a secret`,
      value: suggested,
    });
    if (typed === undefined) return [];
    pfName = typed;
  }
  let setPairs: string[] = [];
  for (;;) {
    const { overrides, problems: setProblems } = yaml.parseOverrides(setPairs);
    if (setProblems.length > 0) {
      void ui.error(setProblems.join(' '));
      return [];
    }
    const read = dotenv ? yaml.readDotenvFile(name, bytes, pfName) : yaml.readPromptflowFile(name, bytes, overrides);
    const problems = read.problems.map((problem) => yaml.formatProblem(problem, say));
    if (read.connections.length === 0) {
      void ui.error(problems.length > 0 ? `Nothing was imported. ${problems.join(' ')}` : `${name} holds no connection. Nothing was imported.`);
      return [];
    }
    const existing = store.list().connections;
    const plans: Planned[] = read.connections.map((connection) => {
      const target = yaml.findMatch(connection, existing);
      return { connection, target, choice: target ? 'update' : 'create' };
    });
    const literals = read.connections.some((c) => c.secrets.some((s) => s.source === 'value'));
    const count = plans.length === 1 ? `'${plans[0]!.connection.name}'` : `${plans.length} connections`;
    const actions = dotenv
      ? [IMPORT, ...(store.workspaceAvailable ? [IMPORT_TO_WORKSPACE] : []), ...(read.connections.every(yaml.canReferenceKeys) ? [IMPORT_AS_REFERENCES] : [])]
      : [IMPORT, ...(store.workspaceAvailable ? [IMPORT_TO_WORKSPACE] : []), SET_VALUES, ...(literals ? [IMPORT_AND_REFERENCE] : [])];
    const where =
      (store.workspaceAvailable ? ' New connections are global (every window) unless you import them into this workspace.' : '') +
      (actions.includes(IMPORT_AS_REFERENCES) ? ` ${IMPORT_AS_REFERENCES} stores \${env:KEY} for each key instead of its value${store.workspaceAvailable ? ", in this workspace (which also reads the folder's .env)" : ''}.` : '');
    const answer = await ui.confirm(`Import ${count} from ${name}?`, { detail: `${previewText(plans, problems)}${where ? `\n\n${where.trim()}` : ''}` }, ...actions);
    if (answer === SET_VALUES) {
      const typed = await files.input({
        title: 'Set Values',
        prompt: 'key=value pairs separated by spaces, as pf connection create --set takes them (configs.<name>=… and secrets.<name>=… for custom connections)',
        placeHolder: 'api_base=https://my-resource.openai.azure.com',
        value: setPairs.join(' '),
      });
      if (typed !== undefined) setPairs = typed.split(/\s+/).filter((p) => p !== '');
      continue;
    }
    if (answer !== IMPORT && answer !== IMPORT_TO_WORKSPACE && answer !== IMPORT_AND_REFERENCE && answer !== IMPORT_AS_REFERENCES) return [];
    const scope: Scope = answer === IMPORT_TO_WORKSPACE || (answer === IMPORT_AS_REFERENCES && store.workspaceAvailable) ? 'workspace' : 'global';
    if (answer === IMPORT_AS_REFERENCES) for (const plan of plans) plan.connection = yaml.referenceDotenvKeys(plan.connection);
    for (const plan of plans) {
      if (!plan.target) continue;
      const sameProvider = plan.target.providerId === plan.connection.providerId;
      const choice = await ui.confirm(
        `A connection named '${plan.target.name}' (${plan.target.alias} · ${providerName(plan.target.providerId)}) already exists.`,
        { detail: sameProvider ? 'Update it with the file, skip this connection, or import it as a copy.' : `It is not a ${providerName(plan.connection.providerId)} connection: skip this one, or import it as a copy.` },
        ...(sameProvider ? [UPDATE, COPY, SKIP] : [COPY, SKIP]),
      );
      if (choice === undefined) return [];
      plan.choice = choice === UPDATE ? 'update' : choice === COPY ? 'copy' : 'skip';
    }
    // With several folders, new workspace connections belong to one: its appsettings*.json and .env are theirs.
    let folder: string | undefined;
    const folders = ctx.workbench?.folders() ?? [];
    if (scope === 'workspace' && folders.length > 1 && plans.some((p) => p.choice === 'create' || p.choice === 'copy')) {
      const active = ctx.workbench?.activeFolder();
      const ordered = [...folders].sort((a, b) => Number(b.uri === active) - Number(a.uri === active));
      const chosen = await ui.pick(
        ordered.map((f) => ({ label: f.name, ...(f.uri === active ? { description: 'folder of the active editor' } : {}), uri: f.uri })),
        { title: `Import from ${name}`, placeHolder: 'Which folder do the new connections belong to? They read its appsettings*.json and .env' },
      );
      if (!chosen) return [];
      folder = chosen.uri;
    }
    const inputs = [];
    for (const plan of plans) {
      if (plan.choice === 'skip') continue;
      const target = plan.choice === 'update' ? plan.target : undefined;
      const answers: Record<string, string> = {};
      for (const secret of yaml.secretsToAsk(plan.connection, target)) {
        const value = await files.input({ title: `Import '${plan.connection.name}'`, prompt: `${secret.field} (kept in VS Code's secret storage)`, password: true });
        if (value === undefined || value === '') {
          void ui.warn(`No value for ${secret.field} of '${plan.connection.name}'. Nothing was imported.`);
          return [];
        }
        answers[secret.key] = value;
      }
      const urls: Record<string, string> = {};
      for (const placeholder of plan.connection.placeholders) {
        const value = await files.input({ title: `Import '${plan.connection.name}'`, prompt: `${placeholder.field}: the file holds a placeholder; enter the URL`, placeHolder: 'https://…' });
        if (value === undefined || (placeholder.required && value.trim() === '')) {
          void ui.warn(`No URL for ${placeholder.field} of '${plan.connection.name}'. Nothing was imported.`);
          return [];
        }
        urls[placeholder.key] = value;
      }
      const taken = new Set(store.list().connections.map((c) => c.alias));
      const input = yaml.toConnectionInput(plan.connection, { scope, target, answers, urls, copy: plan.choice === 'copy', takenAliases: taken });
      // An updated connection keeps its folder; a new one gets the folder chosen.
      inputs.push({ plan, target, input: !target && folder ? { ...input, folder } : input });
    }
    const stored: Connection[] = [];
    const failed: string[] = [];
    for (const { plan, target, input } of inputs) {
      try {
        stored.push(target ? await store.update(target.id, input, target.dateModified) : await store.create(input));
      } catch (error) {
        failed.push(`'${plan.connection.name}': ${sayError(error)}`);
      }
    }
    if (answer === IMPORT_AND_REFERENCE && stored.length > 0) {
      const text = new TextDecoder().decode(bytes);
      const rewritten = yaml.referenceLiteralSecrets(text, plans.filter((p) => p.choice !== 'skip').map((p) => p.connection));
      await files.writeFile(uri, rewritten.text);
      void ui.info(`${name} now refers to ${rewritten.references.join(', ')} instead of the keys; set these environment variables where promptflow runs.`);
    }
    if (answer === IMPORT_AS_REFERENCES && stored.length > 0) {
      const references = plans.filter((p) => p.choice !== 'skip').flatMap((p) => p.connection.secrets.filter((s) => s.source === 'reference').map((s) => s.value!));
      void ui.info(`The keys of ${name} stay in the file: the connection refers to ${references.join(', ')}. Set these where the connection is used; a workspace connection also reads the folder's .env.`);
    }
    const skipped = plans.filter((p) => p.choice === 'skip').length;
    const summary = `Imported ${stored.length} of ${plans.length} connection${plans.length === 1 ? '' : 's'} from ${name}${skipped ? ` (${skipped} skipped)` : ''}.`;
    if (failed.length > 0 || problems.length > 0) void ui.warn(`${summary} ${[...failed, ...problems].join(' ')}`);
    else ui.flash('check', summary);
    return stored;
  }
}

export const ENV_STYLE = '${env:NAME_KEY} references';
export const USER_INPUT_STYLE = '<user-input>';

/**
 * Export to YAML…: the connection it was invoked on (or the view's selection), else a multi-pick;
 * then how secrets are written; then where. Writes promptflow YAML that never holds a key, and opens it.
 */
export async function exportToYaml(ctx: YamlCommandContext, arg?: unknown, all?: unknown): Promise<string | undefined> {
  const { ui, files, store } = ctx;
  let connections: Connection[];
  if (Array.isArray(all) && all.length > 1 && all.every(isConnectionNode)) connections = all.map((n) => store.get(n.connection.id)).filter((c): c is Connection => c !== undefined);
  else if (isConnectionNode(arg)) connections = [store.get(arg.connection.id)].filter((c): c is Connection => c !== undefined);
  else if (typeof arg === 'string') connections = [store.get(arg)].filter((c): c is Connection => c !== undefined);
  else {
    const candidates = store.list().connections;
    if (candidates.length === 0) {
      void ui.info('There is no connection to export.');
      return undefined;
    }
    const selected = new Set((ctx.selection?.() ?? []).map((c) => c.id));
    const picked = await ui.pickMany(
      candidates.map((connection) => ({
        label: connection.name,
        description: `${connection.alias} · ${providerName(connection.providerId)}`,
        detail: SCOPE_LABELS[connection.scope],
        picked: selected.has(connection.id),
        connection,
      })),
      { placeHolder: 'Select the connections to export', matchOnDescription: true },
    );
    if (!picked || picked.length === 0) return undefined;
    connections = picked.map((p) => p.connection);
  }
  if (connections.length === 0) return undefined;
  const style = await ui.pick(
    [
      { label: ENV_STYLE, detail: "Each key as ${env:<NAME>_<KEY>}, promptflow's pf flow build convention: set the variables where the flow runs.", style: 'env' as SecretStyle },
      { label: USER_INPUT_STYLE, detail: 'pf connection create -f asks for each key.', style: 'user-input' as SecretStyle },
    ],
    { placeHolder: 'How should keys appear in the file? (never as the key itself)' },
  );
  if (!style) return undefined;
  const defaultName = connections.length === 1 ? `${connections[0]!.alias}.connection.yaml` : 'connections.connection.yaml';
  const uri = await files.pickSaveFile({ title: 'Export Connections to YAML', defaultName, filters: YAML_FILTERS });
  if (!uri) return undefined;
  // A stored reference (`${env:OPENAI_KEY}`) is written as it is; a key never leaves secret storage.
  const references: Record<string, Record<string, string>> = {};
  for (const connection of connections) {
    const bag = await store.readSecrets(connection);
    references[connection.id] = Object.fromEntries(Object.entries(bag).filter(([, value]) => isReference(value)));
  }
  const text = ctx.loadYaml().exportPromptflowYaml(connections, style.style, references);
  await files.writeFile(uri, text);
  await files.openFile(uri);
  ui.flash('check', `Exported ${connections.length === 1 ? `'${connections[0]!.name}'` : `${connections.length} connections`} to ${files.nameOf(uri)}.`);
  return uri;
}

export function yamlCommands(ctx: YamlCommandContext): Record<typeof Command.importYaml | typeof Command.exportYaml, CommandHandler> {
  return {
    [Command.importYaml]: (arg?: unknown) => importFromYaml(ctx, arg),
    [Command.exportYaml]: (arg?: unknown, all?: unknown) => exportToYaml(ctx, arg, all),
  };
}
