import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import { isReference } from '../../domain/references';
import type { SecretStyle } from '../../domain/yaml';
import { Command, type CommandHandler } from './ids';
import { isConnectionNode } from './pickConnection';
import { scopeLabel } from '../text/scope';
import { importFromYaml } from './yamlImport';
import { yamlLabels, type YamlCommandContext } from './yamlContext';

export { previewText } from './yamlImport';
export { yamlLabels, type YamlCommandContext, type YamlModule } from './yamlContext';

/**
 * Export to YAML…: the connection it was invoked on (or the view's selection), else a multi-pick;
 * then how secrets are written; then where. Writes promptflow YAML that never holds a key, and opens it.
 */
async function exportToYaml(ctx: YamlCommandContext, arg?: unknown, all?: unknown): Promise<string | undefined> {
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
  ui.flash('check', connections.length === 1 ? l10n.t("Exported '{name}' to {file}.", { name: connections[0]!.name, file }) : l10n.t('Exported {count} connections to {file}.', { count: connections.length, file }));
  return uri;
}

export function yamlCommands(ctx: YamlCommandContext): Record<typeof Command.importYaml | typeof Command.exportYaml, CommandHandler> {
  return {
    [Command.importYaml]: (arg?: unknown) => importFromYaml(ctx, arg),
    [Command.exportYaml]: (arg?: unknown, all?: unknown) => exportToYaml(ctx, arg, all),
  };
}
