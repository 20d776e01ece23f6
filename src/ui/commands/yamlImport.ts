/**
 * Import from YAML…, step by step: open the file (a dotenv file also asks for a name), show the
 * plan and take the answer (Set Values loops back to reading), settle conflicts, choose a folder,
 * ask for placeholder URLs and keys, then apply and report. Dismissing any step stores nothing.
 */
import * as l10n from '@vscode/l10n';
import type { Connection, ConnectionInput, Scope } from '../../domain/connection';
import { destinationText, requestTarget } from '../../domain/destination';
import { providerName } from '../../domain/providers/catalog';
import type { AnsweredImport, ImportApplied, ImportChoice, ImportedConnection, ImportPlan, PlannedImport } from '../../domain/yaml';
import { importedTarget, keptKeys } from '../../domain/yaml/kept';
import { say, sayError } from '../text';
import { copyNameText } from '../text/labels';
import { scopeLabel } from '../text/scope';
import { yamlLabels, type YamlCommandContext, type YamlModule } from './yamlContext';

/** The file being imported. */
interface ImportFile {
  uri: string;
  name: string;
  bytes: Uint8Array;
  /** A dotenv file (`.env`, `prod.env`): one custom connection named by the user. */
  dotenv: boolean;
  /** The name a dotenv file's connection gets. */
  pfName: string;
}

/** What the user answered to the plan. */
interface Confirmed {
  answer: string;
  plan: ImportPlan;
  /** The refused parts, as shown. */
  problems: string[];
}

type PlanStep = { kind: 'stop' } | { kind: 'set'; pairs: string[] } | ({ kind: 'go' } & Confirmed);

/** Where requests go (`api.openai.com`), and for an update that moves them, from where to where. */
function describeDestination(c: ImportedConnection, target: Connection | undefined): string | undefined {
  const after = destinationText(importedTarget(c));
  if (c.placeholders.length > 0 || after === undefined) return undefined;
  const before = target && target.providerId === c.providerId ? destinationText(requestTarget(target)) : undefined;
  if (before !== undefined && before !== after) return l10n.t('requests go to: {before} → {after}', { before, after });
  return l10n.t('requests go to: {host}', { host: after });
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

function headline(c: ImportedConnection, target: Connection | undefined): string {
  const what = { name: c.name, alias: c.alias, provider: providerName(c.providerId), scope: target ? scopeLabel(target.scope) : '' };
  if (!target) return l10n.t("Create '{name}' ({alias} · {provider})", what);
  return target.providerId === c.providerId ? l10n.t("Update '{name}' ({alias} · {provider} · {scope})", what) : l10n.t("Conflict with '{name}' ({alias} · {provider} · {scope})", what);
}

/** The preview: what will be created or updated, where requests go, which values are asked for, what is kept, what is refused. */
export function previewText(entries: readonly Pick<PlannedImport, 'connection' | 'target'>[], problems: readonly string[]): string {
  const lines: string[] = [];
  for (const { connection: c, target } of entries) {
    lines.push(headline(c, target));
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

/** The folder a file is in, for the default name of a bare `.env`. */
function folderNameOf(uri: string): string | undefined {
  try {
    const parts = new URL(uri).pathname.split('/').filter((p) => p !== '');
    return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 2]!) : undefined;
  } catch {
    return undefined;
  }
}

/** Step 1: the file, within the size limit; a dotenv file's connection is named (its keys are checked first). */
async function openImportFile(ctx: YamlCommandContext, arg: unknown): Promise<{ file: ImportFile; yaml: YamlModule } | undefined> {
  const { ui, files } = ctx;
  // Import also takes dotenv files (`.env`, `prod.env`), as `pf connection create -f .env` does; `.env` has no extension to filter on.
  const filters = { [l10n.t('promptflow connections (YAML, .env)')]: ['yaml', 'yml', 'env'], [l10n.t('All files')]: ['*'] };
  const uri = files.uriOf(arg) ?? (await files.pickOpenFile({ title: l10n.t('Import Connections from YAML or .env'), filters }));
  if (!uri) return undefined;
  const yaml = ctx.loadYaml();
  const name = files.nameOf(uri);
  const bytes = await files.readFile(uri);
  if (bytes.byteLength > yaml.MAX_FILE_BYTES) {
    void ui.error(l10n.t('{file}: the file is {kb} KB; connection files are limited to 1 MB. Nothing was imported.', { file: name, kb: Math.ceil(bytes.byteLength / 1024) }));
    return undefined;
  }
  if (!yaml.isDotenvFile(name)) return { yaml, file: { uri, name, bytes, dotenv: false, pfName: '' } };
  // Refuse an empty or broken file before asking for a name.
  const suggested = yaml.defaultDotenvName(name, folderNameOf(uri));
  const first = yaml.readDotenvFile(name, bytes, suggested);
  if (first.connections.length === 0) {
    void ui.error(l10n.t('Nothing was imported. {problems}', { problems: first.problems.map((p) => say(yaml.formatProblem(p))).join(' ') }));
    return undefined;
  }
  const keys = first.connections[0]!.secrets.length;
  const pfName = await files.input({
    title: l10n.t('Import {file} as a Custom Connection', { file: name }),
    prompt:
      keys === 1
        ? l10n.t("The connection's name (as pf connection create -f {file} --name takes it); its one key becomes a secret", { file: name })
        : l10n.t("The connection's name (as pf connection create -f {file} --name takes it); each of the {count} keys becomes a secret", { file: name, count: keys }),
    value: suggested,
  });
  return pfName === undefined ? undefined : { yaml, file: { uri, name, bytes, dotenv: true, pfName } };
}

/** The buttons the plan's question offers, and the notes that explain them. */
function planActions(ctx: YamlCommandContext, yaml: YamlModule, file: ImportFile, plan: ImportPlan): { actions: string[]; notes: string[] } {
  const { IMPORT, IMPORT_TO_WORKSPACE, SET_VALUES, IMPORT_AND_REFERENCE, IMPORT_AS_REFERENCES } = yamlLabels();
  const workspace = ctx.store.workspaceAvailable;
  const toWorkspace = workspace ? [IMPORT_TO_WORKSPACE] : [];
  const actions = file.dotenv ? [IMPORT, ...toWorkspace, ...(plan.entries.every((e) => yaml.canReferenceKeys(e.connection)) ? [IMPORT_AS_REFERENCES] : [])] : [IMPORT, ...toWorkspace, SET_VALUES, ...(plan.literalKeys ? [IMPORT_AND_REFERENCE] : [])];
  const notes: string[] = [];
  if (workspace) notes.push(l10n.t('New connections are global (every window) unless you import them into this workspace.'));
  if (actions.includes(IMPORT_AS_REFERENCES)) {
    notes.push(
      workspace
        ? l10n.t("{button} stores ${env:KEY} for each key instead of its value, in this workspace (which also reads the folder's .env).", { button: IMPORT_AS_REFERENCES })
        : l10n.t('{button} stores ${env:KEY} for each key instead of its value.', { button: IMPORT_AS_REFERENCES }),
    );
  }
  return { actions, notes };
}

/** Step 2: read the file (with the values set so far), show the plan, take the answer. */
async function confirmPlan(ctx: YamlCommandContext, yaml: YamlModule, file: ImportFile, setPairs: string[]): Promise<PlanStep> {
  const { ui, files } = ctx;
  const { overrides, problems: setProblems } = yaml.parseOverrides(setPairs);
  if (setProblems.length > 0) {
    void ui.error(setProblems.map(say).join(' '));
    return { kind: 'stop' };
  }
  const read = file.dotenv ? yaml.readDotenvFile(file.name, file.bytes, file.pfName) : yaml.readPromptflowFile(file.name, file.bytes, overrides);
  const problems = read.problems.map((p) => say(yaml.formatProblem(p)));
  if (read.connections.length === 0) {
    void ui.error(problems.length > 0 ? l10n.t('Nothing was imported. {problems}', { problems: problems.join(' ') }) : l10n.t('{file} holds no connection. Nothing was imported.', { file: file.name }));
    return { kind: 'stop' };
  }
  const plan = yaml.planImport(read, ctx.store.list().connections);
  const { actions, notes } = planActions(ctx, yaml, file, plan);
  const question = plan.entries.length === 1 ? l10n.t("Import '{name}' from {file}?", { name: plan.entries[0]!.connection.name, file: file.name }) : l10n.t('Import {count} connections from {file}?', { count: plan.entries.length, file: file.name });
  const answer = await ui.ask(question, { detail: `${previewText(plan.entries, problems)}${notes.length > 0 ? `\n\n${notes.join(' ')}` : ''}` }, ...actions);
  const { SET_VALUES } = yamlLabels();
  if (answer === SET_VALUES) {
    const typed = await files.input({
      title: l10n.t('Set Values'),
      prompt: l10n.t('key=value pairs separated by spaces, as pf connection create --set takes them (configs.<name>=… and secrets.<name>=… for custom connections)'),
      placeHolder: 'api_base=https://my-resource.openai.azure.com',
      value: setPairs.join(' '),
    });
    return { kind: 'set', pairs: typed === undefined ? setPairs : typed.split(/\s+/).filter((p) => p !== '') };
  }
  if (answer === undefined || !actions.includes(answer)) return { kind: 'stop' };
  return { kind: 'go', answer, plan, problems };
}

/** Step 3: for each match, update, copy or skip (only a copy or a skip for another provider's). False when dismissed. */
async function settleConflicts(ctx: YamlCommandContext, yaml: YamlModule, entries: readonly PlannedImport[]): Promise<boolean> {
  const { UPDATE, COPY, SKIP } = yamlLabels();
  const labels: Record<ImportChoice, string> = { update: UPDATE, copy: COPY, skip: SKIP, create: '' };
  for (const entry of entries) {
    if (!entry.target) continue;
    const choices = yaml.choicesFor(entry);
    const answer = await ctx.ui.ask(
      l10n.t("A connection named '{name}' ({alias} · {provider}) already exists.", { name: entry.target.name, alias: entry.target.alias, provider: providerName(entry.target.providerId) }),
      {
        detail: entry.action === 'update' ? l10n.t('Update it with the file, skip this connection, or import it as a copy.') : l10n.t('It is not a {provider} connection: skip this one, or import it as a copy.', { provider: providerName(entry.connection.providerId) }),
      },
      ...choices.map((c) => labels[c]),
    );
    const chosen = choices.find((c) => labels[c] === answer);
    if (!chosen) return false;
    entry.choice = chosen;
  }
  return true;
}

/** Step 4: with several folders, new workspace connections belong to one (its appsettings*.json and .env are theirs). Null when dismissed. */
async function chooseFolder(ctx: YamlCommandContext, file: ImportFile, scope: Scope, entries: readonly PlannedImport[]): Promise<string | undefined | null> {
  const folders = ctx.workbench?.folders() ?? [];
  if (scope !== 'workspace' || folders.length <= 1 || !entries.some((e) => e.choice === 'create' || e.choice === 'copy')) return undefined;
  const active = ctx.workbench?.activeFolder();
  const ordered = [...folders].sort((a, b) => Number(b.uri === active) - Number(a.uri === active));
  const chosen = await ctx.ui.pick(
    ordered.map((f) => ({ label: f.name, ...(f.uri === active ? { description: l10n.t('folder of the active editor') } : {}), uri: f.uri })),
    { title: l10n.t('Import from {file}', { file: file.name }), placeHolder: l10n.t('Which folder do the new connections belong to? They read its appsettings*.json and .env') },
  );
  return chosen ? chosen.uri : null;
}

/** Step 5: one connection's placeholder URLs, then the keys it needs (a stored key is kept only while its host stays). */
async function answerEntry(ctx: YamlCommandContext, yaml: YamlModule, entry: PlannedImport, scope: Scope, folder: string | undefined): Promise<AnsweredImport | undefined> {
  const { ui, files, store } = ctx;
  const { connection } = entry;
  const target = entry.choice === 'update' ? entry.target : undefined;
  const title = l10n.t("Import '{name}'", { name: connection.name });
  const urls: Record<string, string> = {};
  for (const placeholder of connection.placeholders) {
    const value = await files.input({ title, prompt: l10n.t('{field}: the file holds a placeholder; enter the URL', { field: placeholder.field }), placeHolder: 'https://…' });
    if (value === undefined || (placeholder.required && value.trim() === '')) {
      void ui.warn(l10n.t("No URL for {field} of '{name}'. Nothing was imported.", { field: placeholder.field, name: connection.name }));
      return undefined;
    }
    urls[placeholder.key] = value;
  }
  const answers: Record<string, string> = {};
  for (const secret of yaml.secretsToAsk(connection, target, urls)) {
    const value = await files.input({ title, prompt: l10n.t("{field} (kept in VS Code's secret storage)", { field: secret.field }), password: true });
    if (value === undefined || value === '') {
      void ui.warn(l10n.t("No value for {field} of '{name}'. Nothing was imported.", { field: secret.field, name: connection.name }));
      return undefined;
    }
    answers[secret.key] = value;
  }
  const taken = new Set(store.list().connections.map((c) => c.alias));
  const input: ConnectionInput = yaml.toConnectionInput(connection, { scope, target, answers, urls, copy: entry.choice === 'copy', copyName: copyNameText, takenAliases: taken });
  // An updated connection keeps its folder; a new one gets the folder chosen.
  return { name: connection.name, target, input: !target && folder ? { ...input, folder } : input };
}

/** Step 7: after storing, the file rewritten to use references, or what the references are. */
async function followUp(ctx: YamlCommandContext, yaml: YamlModule, file: ImportFile, answer: string, imported: readonly ImportedConnection[]): Promise<void> {
  const { IMPORT_AND_REFERENCE, IMPORT_AS_REFERENCES } = yamlLabels();
  if (answer === IMPORT_AND_REFERENCE) {
    const rewritten = yaml.referenceLiteralSecrets(new TextDecoder().decode(file.bytes), imported);
    await ctx.files.writeFile(file.uri, rewritten.text);
    void ctx.ui.info(l10n.t('{file} now refers to {references} instead of the keys; set these environment variables where promptflow runs.', { file: file.name, references: rewritten.references.join(', ') }));
  } else if (answer === IMPORT_AS_REFERENCES) {
    const references = imported.flatMap((c) => c.secrets.filter((s) => s.source === 'reference').map((s) => s.value!));
    void ctx.ui.info(
      l10n.t("The keys of {file} stay in the file: the connection refers to {references}. Set these where the connection is used; a workspace connection also reads the folder's .env.", {
        file: file.name,
        references: references.join(', '),
      }),
    );
  }
}

/** Step 8: how many were imported, of how many, and what was refused. */
function report(ctx: YamlCommandContext, file: ImportFile, confirmed: Confirmed, applied: ImportApplied): void {
  const { entries } = confirmed.plan;
  const skipped = entries.filter((e) => e.choice === 'skip').length;
  const counts = { stored: applied.stored.length, total: entries.length, file: file.name, skipped };
  const summary =
    entries.length === 1
      ? skipped
        ? l10n.t('Imported {stored} of {total} connection from {file} ({skipped} skipped).', counts)
        : l10n.t('Imported {stored} of {total} connection from {file}.', counts)
      : skipped
        ? l10n.t('Imported {stored} of {total} connections from {file} ({skipped} skipped).', counts)
        : l10n.t('Imported {stored} of {total} connections from {file}.', counts);
  const failed = applied.failed.map(({ name, error }) => l10n.t("'{name}': {error}", { name, error: sayError(error) }));
  if (failed.length > 0 || confirmed.problems.length > 0) void ctx.ui.warn(`${summary} ${[...failed, ...confirmed.problems].join(' ')}`);
  else ctx.ui.flash('check', summary);
}

/** Steps 3 to 8, once the plan is confirmed. */
async function carryOut(ctx: YamlCommandContext, yaml: YamlModule, file: ImportFile, confirmed: Confirmed): Promise<Connection[]> {
  const { IMPORT_TO_WORKSPACE, IMPORT_AS_REFERENCES } = yamlLabels();
  const { answer, plan } = confirmed;
  const scope: Scope = answer === IMPORT_TO_WORKSPACE || (answer === IMPORT_AS_REFERENCES && ctx.store.workspaceAvailable) ? 'workspace' : 'global';
  if (answer === IMPORT_AS_REFERENCES) for (const entry of plan.entries) entry.connection = yaml.referenceDotenvKeys(entry.connection);
  if (!(await settleConflicts(ctx, yaml, plan.entries))) return [];
  const folder = await chooseFolder(ctx, file, scope, plan.entries);
  if (folder === null) return [];
  const answered: AnsweredImport[] = [];
  for (const entry of plan.entries) {
    if (entry.choice === 'skip') continue;
    const one = await answerEntry(ctx, yaml, entry, scope, folder);
    if (!one) return [];
    answered.push(one);
  }
  const applied = await yaml.applyImport(ctx.store, answered);
  if (applied.stored.length > 0)
    await followUp(
      ctx,
      yaml,
      file,
      answer,
      plan.entries.filter((e) => e.choice !== 'skip').map((e) => e.connection),
    );
  report(ctx, file, confirmed, applied);
  return applied.stored;
}

/**
 * Import from YAML…: reads a promptflow connection file, shows what will change, asks for
 * `<user-input>` secrets and placeholder URLs, and only then stores. Dismissing any step stores nothing.
 * A dotenv file (`.env`, `prod.env`) is read as `pf connection create -f .env --name X` reads it:
 * the name is asked for, and every key becomes a secret of a custom connection.
 */
export async function importFromYaml(ctx: YamlCommandContext, arg?: unknown): Promise<Connection[]> {
  const opened = await openImportFile(ctx, arg);
  if (!opened) return [];
  const { file, yaml } = opened;
  let setPairs: string[] = [];
  for (;;) {
    const step = await confirmPlan(ctx, yaml, file, setPairs);
    if (step.kind === 'stop') return [];
    if (step.kind === 'go') return carryOut(ctx, yaml, file, step);
    setPairs = step.pairs;
  }
}
