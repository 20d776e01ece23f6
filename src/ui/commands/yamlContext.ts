/**
 * What Import from YAML… and Export to YAML… share: their context and their buttons' texts.
 */
import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { FilePorts, Ui, WorkbenchInfo } from '../ports';

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
