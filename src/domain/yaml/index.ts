/**
 * promptflow connection YAML: read, map onto providers, write. This module (and the `yaml`
 * package) is its own bundle, `dist/yaml.js`, loaded only when importing or exporting.
 */
export { keptKeys, importedTarget } from './kept';
export { readPromptflowFile, classifySecret } from './import';
export type { ImportedConnection, ImportedSecret, ImportedPlaceholder, ImportRead, SecretSource } from './imported';
export { findMatch, secretsToAsk, toConnectionInput, placeholderProblem, MissingValueError, planImport } from './plan';
export { choicesFor } from './plan';
export type { ImportChoice, InputOptions, ImportPlan, PlannedImport } from './plan';
export { applyImport } from './apply';
export type { ImportApplied, AnsweredImport } from './apply';
export { exportPromptflowYaml, toPromptflowDocument, envReferenceFor } from './export';
export type { SecretStyle, StoredReferences } from './export';
export { parseOverrides } from './overrides';
export type { Override } from './overrides';
export { formatProblem, MAX_FILE_BYTES, MAX_ALIAS_COUNT } from './parse';
export type { YamlProblem } from './parse';
export { referenceLiteralSecrets } from './rewrite';
export { readDotenvFile, isDotenvFile, defaultDotenvName, loadNothingMessage, canReferenceKeys, referenceDotenvKeys } from './dotenv';
