import * as l10n from '@vscode/l10n';
import type { Connection, Scope } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import { destinationText, requestTarget } from '../../domain/destination';
import { isReference } from '../../domain/references';
import { importedTarget, keptKeys } from '../../domain/yaml/kept';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { ImportedConnection, SecretStyle } from '../../domain/yaml';
import type { FilePorts, Ui, WorkbenchInfo } from '../ports';
import { Command, type CommandHandler } from './ids';
import { isConnectionNode } from './pickConnection';
import { say, sayError } from '../text';
import { scopeLabel } from '../text/scope';
import { copyNameText } from '../text/labels';

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

/**
 * The buttons and choices of Import from YAML… and Export to YAML…, in the display language. A
 * function, not constants: texts are looked up after the bundle is configured at activation, and
 * an answer is compared with the same text that was offered.
 */
export function yamlLabels() {
  return {
    IMPORT: l10n.t('Import'),
    IMPORT_TO_WORKSPACE: l10n.t('Import into Workspace'),
    SET_VALUES: l10n.t('Set Values (--set)…'),
    IMPORT_AND_REFERENCE: l10n.t('Import, Then Use ${env:…} in the File'),
    UPDATE: l10n.t('Update'),
    COPY: l10n.t('Import as a Copy'),
    SKIP: l10n.t('Skip'),
    IMPORT_AS_REFERENCES: l10n.t('Import as ${env:…} References'),
    ENV_STYLE: l10n.t('${env:NAME_KEY} references'),
    USER_INPUT_STYLE: '<user-input>',
  };
}



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

function describeSecrets(c: ImportedConnection, target: Connection | undefined, kept: ReadonlySet<string>): string[] {
  const stored = new Set(target && target.providerId === c.providerId ? target.secretKeys : []);
  return c.secrets.map((s) => {
    switch (s.source) {
      case 'value':
        return l10n.t('{field}: a key in the file, stored in secret storage', { field: s.field });
      case 'reference':
        return l10n.t('{field}: stays the reference {reference}', { field: s.field, reference: s.value ?? '' });
      case 'prompt':
        return l10n.t('{field}: asked for now (<user-input>)', { field: s.field });
      case 'keep':
        return kept.has(s.key)
          ? l10n.t('{field}: keeps the stored key', { field: s.field })
          : stored.has(s.key)
            ? l10n.t('{field}: asked for again, because the stored key was saved for another host', { field: s.field })
            : l10n.t('{field}: missing, asked for now', { field: s.field });
    }
  });
}

/** Where requests go (`api.openai.com`), and for an update that moves them, from where to where. */
function describeDestination(c: ImportedConnection, target: Connection | undefined): string | undefined {
  const after = destinationText(importedTarget(c));
  if (c.placeholders.length > 0 || after === undefined) return undefined;
  const before = target && target.providerId === c.providerId ? destinationText(requestTarget(target)) : undefined;
  if (before !== undefined && before !== after) return l10n.t('requests go to: {before} → {after}', { before, after });
  return l10n.t('requests go to: {host}', { host: after });
}

/** The preview: what will be created or updated, where requests go, which values are asked for, what is kept, what is refused. */
export function previewText(plans: readonly Planned[], problems: readonly string[]): string {
  const lines: string[] = [];
  for (const { connection: c, target } of plans) {
    const what = { name: c.name, alias: c.alias, provider: providerName(c.providerId), scope: target ? scopeLabel(target.scope) : '' };
    lines.push(
      !target
        ? l10n.t("Create '{name}' ({alias} · {provider})", what)
        : target.providerId === c.providerId
          ? l10n.t("Update '{name}' ({alias} · {provider} · {scope})", what)
          : l10n.t("Conflict with '{name}' ({alias} · {provider} · {scope})", what),
    );
    const destination = describeDestination(c, target);
    if (destination) lines.push(`  ${destination}`);
    for (const line of describeSecrets(c, target, keptKeys(c, target))) lines.push(`  ${line}`);
    for (const p of c.placeholders) lines.push(`  ${l10n.t('{field}: not a URL in the file, asked for now', { field: p.field })}`);
    if (c.kept.length > 0) lines.push(`  ${l10n.t('kept as they are: {keys}', { keys: c.kept.join(', ') })}`);
  }
  if (problems.length > 0) {
    lines.push('', l10n.t('Not imported:'));
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
  const { IMPORT, IMPORT_TO_WORKSPACE, SET_VALUES, IMPORT_AND_REFERENCE, UPDATE, COPY, SKIP, IMPORT_AS_REFERENCES } = yamlLabels();
  // Import also takes dotenv files (`.env`, `prod.env`), as `pf connection create -f .env` does; `.env` has no extension to filter on.
  const filters = { [l10n.t('promptflow connections (YAML, .env)')]: ['yaml', 'yml', 'env'], [l10n.t('All files')]: ['*'] };
  const uri = files.uriOf(arg) ?? (await files.pickOpenFile({ title: l10n.t('Import Connections from YAML or .env'), filters }));
  if (!uri) return [];
  const yaml = ctx.loadYaml();
  const name = files.nameOf(uri);
  const bytes = await files.readFile(uri);
  if (bytes.byteLength > yaml.MAX_FILE_BYTES) {
    void ui.error(l10n.t('{file}: the file is {kb} KB; connection files are limited to 1 MB. Nothing was imported.', { file: name, kb: Math.ceil(bytes.byteLength / 1024) }));
    return [];
  }
  const dotenv = yaml.isDotenvFile(name);
  let pfName = '';
  if (dotenv) {
    // Refuse an empty or broken file before asking for a name.
    const suggested = yaml.defaultDotenvName(name, folderNameOf(uri));
    const first = yaml.readDotenvFile(name, bytes, suggested);
    if (first.connections.length === 0) {
      void ui.error(l10n.t('Nothing was imported. {problems}', { problems: first.problems.map((p) => say(yaml.formatProblem(p))).join(' ') }));
      return [];
    }
    const keys = first.connections[0]!.secrets.length;
    const typed = await files.input({
      title: l10n.t('Import {file} as a Custom Connection', { file: name }),
      prompt:
        keys === 1
          ? l10n.t("The connection's name (as pf connection create -f {file} --name takes it); its one key becomes a secret", { file: name })
          : l10n.t("The connection's name (as pf connection create -f {file} --name takes it); each of the {count} keys becomes a secret", { file: name, count: keys }),
      value: suggested,
    });
    if (typed === undefined) return [];
    pfName = typed;
  }
  let setPairs: string[] = [];
  for (;;) {
    const { overrides, problems: setProblems } = yaml.parseOverrides(setPairs);
    if (setProblems.length > 0) {
      void ui.error(setProblems.map(say).join(' '));
      return [];
    }
    const read = dotenv ? yaml.readDotenvFile(name, bytes, pfName) : yaml.readPromptflowFile(name, bytes, overrides);
    const problems = read.problems.map((p) => say(yaml.formatProblem(p)));
    if (read.connections.length === 0) {
      void ui.error(problems.length > 0 ? l10n.t('Nothing was imported. {problems}', { problems: problems.join(' ') }) : l10n.t('{file} holds no connection. Nothing was imported.', { file: name }));
      return [];
    }
    const existing = store.list().connections;
    const plans: Planned[] = read.connections.map((connection) => {
      const target = yaml.findMatch(connection, existing);
      return { connection, target, choice: target ? 'update' : 'create' };
    });
    const literals = read.connections.some((c) => c.secrets.some((s) => s.source === 'value'));

    const actions = dotenv
      ? [IMPORT, ...(store.workspaceAvailable ? [IMPORT_TO_WORKSPACE] : []), ...(read.connections.every(yaml.canReferenceKeys) ? [IMPORT_AS_REFERENCES] : [])]
      : [IMPORT, ...(store.workspaceAvailable ? [IMPORT_TO_WORKSPACE] : []), SET_VALUES, ...(literals ? [IMPORT_AND_REFERENCE] : [])];
    const notes = [
      ...(store.workspaceAvailable ? [l10n.t('New connections are global (every window) unless you import them into this workspace.')] : []),
      ...(actions.includes(IMPORT_AS_REFERENCES)
        ? [
            store.workspaceAvailable
              ? l10n.t("{button} stores ${env:KEY} for each key instead of its value, in this workspace (which also reads the folder's .env).", { button: IMPORT_AS_REFERENCES })
              : l10n.t('{button} stores ${env:KEY} for each key instead of its value.', { button: IMPORT_AS_REFERENCES }),
          ]
        : []),
    ];
    const question =
      plans.length === 1 ? l10n.t("Import '{name}' from {file}?", { name: plans[0]!.connection.name, file: name }) : l10n.t('Import {count} connections from {file}?', { count: plans.length, file: name });
    const answer = await ui.ask(question, { detail: `${previewText(plans, problems)}${notes.length > 0 ? `\n\n${notes.join(' ')}` : ''}` }, ...actions);
    if (answer === SET_VALUES) {
      const typed = await files.input({
        title: l10n.t('Set Values'),
        prompt: l10n.t('key=value pairs separated by spaces, as pf connection create --set takes them (configs.<name>=… and secrets.<name>=… for custom connections)'),
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
      const choice = await ui.ask(
        l10n.t("A connection named '{name}' ({alias} · {provider}) already exists.", { name: plan.target.name, alias: plan.target.alias, provider: providerName(plan.target.providerId) }),
        {
          detail: sameProvider
            ? l10n.t('Update it with the file, skip this connection, or import it as a copy.')
            : l10n.t('It is not a {provider} connection: skip this one, or import it as a copy.', { provider: providerName(plan.connection.providerId) }),
        },
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
        ordered.map((f) => ({ label: f.name, ...(f.uri === active ? { description: l10n.t('folder of the active editor') } : {}), uri: f.uri })),
        { title: l10n.t('Import from {file}', { file: name }), placeHolder: l10n.t('Which folder do the new connections belong to? They read its appsettings*.json and .env') },
      );
      if (!chosen) return [];
      folder = chosen.uri;
    }
    const inputs = [];
    for (const plan of plans) {
      if (plan.choice === 'skip') continue;
      const target = plan.choice === 'update' ? plan.target : undefined;
      const urls: Record<string, string> = {};
      for (const placeholder of plan.connection.placeholders) {
        const value = await files.input({
          title: l10n.t("Import '{name}'", { name: plan.connection.name }),
          prompt: l10n.t('{field}: the file holds a placeholder; enter the URL', { field: placeholder.field }),
          placeHolder: 'https://…',
        });
        if (value === undefined || (placeholder.required && value.trim() === '')) {
          void ui.warn(l10n.t("No URL for {field} of '{name}'. Nothing was imported.", { field: placeholder.field, name: plan.connection.name }));
          return [];
        }
        urls[placeholder.key] = value;
      }
      // Asked after the URLs: a stored key is kept only while the connection's host stays the same.
      const answers: Record<string, string> = {};
      for (const secret of yaml.secretsToAsk(plan.connection, target, urls)) {
        const value = await files.input({
          title: l10n.t("Import '{name}'", { name: plan.connection.name }),
          prompt: l10n.t("{field} (kept in VS Code's secret storage)", { field: secret.field }),
          password: true,
        });
        if (value === undefined || value === '') {
          void ui.warn(l10n.t("No value for {field} of '{name}'. Nothing was imported.", { field: secret.field, name: plan.connection.name }));
          return [];
        }
        answers[secret.key] = value;
      }
      const taken = new Set(store.list().connections.map((c) => c.alias));
      const input = yaml.toConnectionInput(plan.connection, { scope, target, answers, urls, copy: plan.choice === 'copy', copyName: copyNameText, takenAliases: taken });
      // An updated connection keeps its folder; a new one gets the folder chosen.
      inputs.push({ plan, target, input: !target && folder ? { ...input, folder } : input });
    }
    const stored: Connection[] = [];
    const failed: string[] = [];
    for (const { plan, target, input } of inputs) {
      try {
        stored.push(target ? await store.update(target.id, input, target.dateModified) : await store.create(input));
      } catch (error) {
        failed.push(l10n.t("'{name}': {error}", { name: plan.connection.name, error: sayError(error) }));
      }
    }
    if (answer === IMPORT_AND_REFERENCE && stored.length > 0) {
      const text = new TextDecoder().decode(bytes);
      const rewritten = yaml.referenceLiteralSecrets(text, plans.filter((p) => p.choice !== 'skip').map((p) => p.connection));
      await files.writeFile(uri, rewritten.text);
      void ui.info(
        l10n.t('{file} now refers to {references} instead of the keys; set these environment variables where promptflow runs.', { file: name, references: rewritten.references.join(', ') }),
      );
    }
    if (answer === IMPORT_AS_REFERENCES && stored.length > 0) {
      const references = plans.filter((p) => p.choice !== 'skip').flatMap((p) => p.connection.secrets.filter((s) => s.source === 'reference').map((s) => s.value!));
      void ui.info(
        l10n.t("The keys of {file} stay in the file: the connection refers to {references}. Set these where the connection is used; a workspace connection also reads the folder's .env.", {
          file: name,
          references: references.join(', '),
        }),
      );
    }
    const skipped = plans.filter((p) => p.choice === 'skip').length;
    const counts = { stored: stored.length, total: plans.length, file: name, skipped };
    const summary =
      plans.length === 1
        ? skipped
          ? l10n.t('Imported {stored} of {total} connection from {file} ({skipped} skipped).', counts)
          : l10n.t('Imported {stored} of {total} connection from {file}.', counts)
        : skipped
          ? l10n.t('Imported {stored} of {total} connections from {file} ({skipped} skipped).', counts)
          : l10n.t('Imported {stored} of {total} connections from {file}.', counts);
    if (failed.length > 0 || problems.length > 0) void ui.warn(`${summary} ${[...failed, ...problems].join(' ')}`);
    else ui.flash('check', summary);
    return stored;
  }
}


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
      void ui.info(l10n.t('There is no connection to export.'));
      return undefined;
    }
    const selected = new Set((ctx.selection?.() ?? []).map((c) => c.id));
    const picked = await ui.pickMany(
      candidates.map((connection) => ({
        label: connection.name,
        description: `${connection.alias} · ${providerName(connection.providerId)}`,
        detail: scopeLabel(connection.scope),
        picked: selected.has(connection.id),
        connection,
      })),
      { placeHolder: l10n.t('Select the connections to export'), matchOnDescription: true },
    );
    if (!picked || picked.length === 0) return undefined;
    connections = picked.map((p) => p.connection);
  }
  if (connections.length === 0) return undefined;
  const { ENV_STYLE, USER_INPUT_STYLE } = yamlLabels();
  const style = await ui.pick(
    [
      { label: ENV_STYLE, detail: l10n.t("Each key as ${env:<NAME>_<KEY>}, promptflow's pf flow build convention: set the variables where the flow runs."), style: 'env' as SecretStyle },
      { label: USER_INPUT_STYLE, detail: l10n.t('pf connection create -f asks for each key.'), style: 'user-input' as SecretStyle },
    ],
    { placeHolder: l10n.t('How should keys appear in the file? (never as the key itself)') },
  );
  if (!style) return undefined;
  const defaultName = connections.length === 1 ? `${connections[0]!.alias}.connection.yaml` : 'connections.connection.yaml';
  const uri = await files.pickSaveFile({ title: l10n.t('Export Connections to YAML'), defaultName, filters: { [l10n.t('promptflow connection YAML')]: ['yaml', 'yml'] } });
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
  const file = files.nameOf(uri);
  ui.flash(
    'check',
    connections.length === 1 ? l10n.t("Exported '{name}' to {file}.", { name: connections[0]!.name, file }) : l10n.t('Exported {count} connections to {file}.', { count: connections.length, file }),
  );
  return uri;
}

export function yamlCommands(ctx: YamlCommandContext): Record<typeof Command.importYaml | typeof Command.exportYaml, CommandHandler> {
  return {
    [Command.importYaml]: (arg?: unknown) => importFromYaml(ctx, arg),
    [Command.exportYaml]: (arg?: unknown, all?: unknown) => exportToYaml(ctx, arg, all),
  };
}
