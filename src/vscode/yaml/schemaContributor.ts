import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../domain/logger';
import { SCHEMA_URI_SCHEME, schemaContentFor, schemaUriFor } from '../../domain/yaml/schemaLink';

/** The part of the YAML extension's (redhat.vscode-yaml) API used here. */
interface YamlExtensionApi {
  registerContributor(scheme: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string, label?: string): boolean;
}

const YAML_EXTENSION = 'redhat.vscode-yaml';

/**
 * promptflow files name their schema with a `$schema` URL that is no longer served. When the YAML
 * extension is installed, files naming one of promptflow's connection schemas are given the one
 * this extension ships instead. Registered once the first YAML file opens (the YAML extension
 * starts then anyway), never at activation.
 */
export function contributeConnectionSchemas(extensionPath: string, logger: Logger): vscode.Disposable {
  let registered = false;
  const register = async () => {
    if (registered) return;
    const extension = vscode.extensions.getExtension<YamlExtensionApi>(YAML_EXTENSION);
    if (!extension) return;
    registered = true;
    try {
      const api = await extension.activate();
      api?.registerContributor(
        SCHEMA_URI_SCHEME,
        (resource) => {
          const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource);
          return document ? schemaUriFor(document.getText()) : undefined;
        },
        (uri) => schemaContentFor(uri, (file) => readFileSync(join(extensionPath, 'schemas', file), 'utf8')),
        'AI Connections',
      );
    } catch (error) {
      logger.warn(`The YAML extension's schema API is not available: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const isYaml = (d: vscode.TextDocument) => d.languageId === 'yaml';
  if (vscode.workspace.textDocuments.some(isYaml)) void register();
  return vscode.workspace.onDidOpenTextDocument((d) => {
    if (isYaml(d)) void register();
  });
}
