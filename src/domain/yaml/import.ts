/**
 * Reads promptflow connection YAML: each document becomes an imported connection mapped onto a
 * provider's fields (strong types, custom connections, providers carried in a custom one), or
 * problems naming the file's line and key. Nothing is taken from a document with a problem.
 */
import { z } from 'zod';
import { ALIAS_PATTERN, suggestAlias } from '../alias';
import { mapSecretKey } from '../connection';
import { findProvider, PROVIDERS } from '../providers/catalog';
import { isSecretField } from '../providers/descriptor';
import { isReference } from '../references';
import { checkAgainstDescriptor } from './check';
import type { ImportedConnection, ImportedSecret, ImportRead, Reader, SecretSource } from './imported';
import type { YamlMessage } from '../messages';
import { applyOverrides, type Override } from './overrides';
import { parseYamlFile, type ParsedDocument, type YamlProblem } from './parse';
import { AUTH_MODES, CUSTOM_TYPE, DISPLAY_NAME_KEY, PROMPTFLOW_TYPES, PROVIDER_CONFIG, STRONG_TYPE_KEYS, STRONG_TYPE_PREFIX, promptflowType, promptflowTypeOf, snakeCase, type PromptflowType } from './promptflowTypes';

export function classifySecret(value: string): SecretSource {
  const trimmed = value.trim();
  if (trimmed === '<user-input>') return 'prompt';
  if (trimmed === '' || /^\*+$/.test(trimmed) || trimmed === '<no-change>') return 'keep';
  if (isReference(trimmed)) return 'reference';
  return 'value';
}

const KNOWN_TYPES = [...PROMPTFLOW_TYPES.map((t) => t.type), CUSTOM_TYPE].join(', ');

/** `name: 12`, `name: {{ x }}`: anything but text is refused with the key's name. The issue's message is a code (see `issueMessage`). */
const textOf = (required: boolean) => z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? (required ? 'yaml.required' : undefined) : 'yaml.notText') });

/** The keys every connection document has; the type's own keys are read by type below. */
const DocumentHeadSchema = z.looseObject({
  name: textOf(true).trim().min(1, 'yaml.required'),
  type: textOf(true).superRefine((type, ctx) => {
    if (type !== CUSTOM_TYPE && !promptflowType(type)) ctx.addIssue({ code: 'custom', message: 'yaml.unknownType' });
  }),
  $schema: textOf(false).nullish(),
  [DISPLAY_NAME_KEY]: textOf(false).optional(),
});

/** The message of an issue of `DocumentHeadSchema` (whose issue messages are codes). */
function issueMessage(issue: z.core.$ZodIssue, data: Record<string, unknown>): YamlMessage {
  const key = String(issue.path[0] ?? '');
  switch (issue.message) {
    case 'yaml.required':
      return key === 'type' ? { code: 'yaml.typeRequired', key, types: KNOWN_TYPES } : { code: 'yaml.required', key };
    case 'yaml.unknownType':
      return { code: 'yaml.unknownType', type: String(data.type).slice(0, 64), types: KNOWN_TYPES };
    default:
      return { code: 'yaml.notText', key };
  }
}

type Values = ImportedConnection['values'];

/** Reads every connection of a promptflow YAML file. Nothing is taken from a document with a problem. */
export function readPromptflowFile(file: string, input: string | Uint8Array, overrides: readonly Override[] = []): ImportRead {
  const parsed = parseYamlFile(file, input);
  const problems = [...parsed.problems];
  const connections: ImportedConnection[] = [];
  for (const doc of parsed.documents) {
    const result = readDocument(file, parsed.documentCount > 1 ? doc.index : undefined, doc, overrides);
    if ('problems' in result) problems.push(...result.problems);
    else connections.push(result.connection);
  }
  return { connections, problems, documentCount: parsed.documentCount };
}

function readDocument(file: string, document: number | undefined, doc: ParsedDocument, overrides: readonly Override[]): { connection: ImportedConnection } | { problems: YamlProblem[] } {
  const { data, set } = applyOverrides(doc.data, overrides);
  const problems: YamlProblem[] = [];
  const reader: Reader = {
    line: (path) => (set.has(path.join('.')) ? undefined : doc.lineOf(path)),
    problem(path, message) {
      const overridden = set.has(path.join('.'));
      problems.push({ file, document, line: overridden ? undefined : (doc.lineOf(path) ?? doc.line), field: path.join('.'), message: overridden ? { code: 'yaml.overridden', problem: message } : message });
    },
  };
  // An alias repeating a secret would put it into a plain setting: nothing else is said of such a
  // document, since another message could quote the repeated value (as `type` or as a number).
  const secrets = secretPaths(doc.data);
  for (const alias of doc.aliases) {
    const target = alias.target;
    const secret = target && secrets.find((path) => startsWith(path, target) || startsWith(target, path));
    if (secret) problems.push({ file, document, line: alias.line, field: secret.join('.'), message: { code: 'yaml.secretAlias', alias: alias.name.slice(0, 64), field: secret.join('.') } });
  }
  if (problems.length > 0) return { problems };
  const head = DocumentHeadSchema.safeParse(data);
  if (!head.success) {
    for (const issue of head.error.issues) reader.problem(issue.path.map(String), issueMessage(issue, data));
    return { problems };
  }
  const { name, type, [DISPLAY_NAME_KEY]: displayName } = head.data;

  const pfName = name;
  const base = {
    file,
    document: doc.index,
    line: doc.line,
    type,
    name: typeof displayName === 'string' && displayName.trim() !== '' ? displayName.trim() : pfName,
    named: typeof displayName === 'string' && displayName.trim() !== '',
    alias: aliasOf(pfName),
  };
  const body = type === CUSTOM_TYPE ? readCustom(data, reader) : readStrongType(type, data, reader);
  if (problems.length > 0 || !body) return { problems };
  const connection: ImportedConnection = { ...base, ...body, placeholders: [] };
  checkAgainstDescriptor(connection, reader);
  return problems.length > 0 ? { problems } : { connection };
}

/** A promptflow type's keys that hold a secret (`api_key`). */
function secretKeysOf(pf: PromptflowType): string[] {
  const provider = findProvider(pf.providerId)!;
  return Object.keys(pf.keys).filter((key) => {
    const field = provider.fields.find((f) => f.key === pf.keys[key]);
    return field !== undefined && isSecretField(field);
  });
}

/** Every key that holds a secret in some promptflow type, for a document whose type is not known. */
const ANY_SECRET_KEY = new Set(PROMPTFLOW_TYPES.flatMap(secretKeysOf));

/**
 * Where the file's secrets are: the type's secret keys (`api_key`), or each entry of a custom
 * connection's `secrets:` (the map itself when it is not a map). Without a known type, both.
 */
function secretPaths(data: Record<string, unknown>): string[][] {
  const pf = typeof data.type === 'string' ? promptflowType(data.type) : undefined;
  const custom = data.type === CUSTOM_TYPE;
  const paths: string[][] = [];
  if (!pf) {
    const map = data.secrets;
    if (map !== null && typeof map === 'object' && !Array.isArray(map)) paths.push(...Object.keys(map).map((entry) => ['secrets', entry]));
    else if (map !== undefined) paths.push(['secrets']);
  }
  if (!custom) {
    const keys = pf ? new Set(secretKeysOf(pf)) : ANY_SECRET_KEY;
    paths.push(
      ...Object.keys(data)
        .filter((key) => keys.has(key))
        .map((key) => [key]),
    );
  }
  return paths;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/** The alias for promptflow's name of a connection: the name itself when it is a valid alias. */
export function aliasOf(pfName: string): string {
  return ALIAS_PATTERN.test(pfName) ? pfName : suggestAlias(pfName) || 'connection';
}

const TOP_LEVEL = new Set(['$schema', 'name', 'type', DISPLAY_NAME_KEY]);

/** A value as text; a number or `true` is refused, quoted in the message unless it is a secret. */
function text(reader: Reader, path: readonly string[], value: unknown, secret = false): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') {
    const key = path.join('.');
    reader.problem(path, typeof value === 'object' ? { code: 'yaml.notText', key } : secret ? { code: 'yaml.quoteSecret', key } : { code: 'yaml.quoteText', key, value: String(value) });
    return undefined;
  }
  return value;
}

export function secretOf(reader: Reader, key: string, path: readonly string[], value: string): ImportedSecret {
  const source = classifySecret(value);
  const secret: ImportedSecret = { key, field: path.join('.'), line: reader.line(path), source };
  if (source === 'value' || source === 'reference') secret.value = source === 'reference' ? value.trim() : value;
  return secret;
}

function readStrongType(type: string, data: Record<string, unknown>, reader: Reader): Pick<ImportedConnection, 'providerId' | 'values' | 'secrets' | 'kept'> | undefined {
  const pf = promptflowType(type)!;
  const provider = findProvider(pf.providerId)!;
  const values: Values = {};
  const secrets: ImportedSecret[] = [];
  const extra: Record<string, string> = {};
  const kept: string[] = [];
  for (const [key, raw] of Object.entries(data)) {
    if (TOP_LEVEL.has(key)) continue;
    const fieldKey = Object.hasOwn(pf.keys, key) ? pf.keys[key] : undefined;
    const field = fieldKey ? provider.fields.find((f) => f.key === fieldKey) : undefined;
    const value = text(reader, [key], raw, field !== undefined && isSecretField(field));
    if (value === undefined) continue;
    if (key === 'module' && value === pf.module) continue;
    if (!field) {
      extra[key] = value;
      kept.push(key);
      continue;
    }
    if (isSecretField(field)) {
      secrets.push(secretOf(reader, field.key, [key], value));
    } else if (key === 'auth_mode') {
      const mode = Object.hasOwn(AUTH_MODES, value.trim()) ? AUTH_MODES[value.trim()] : undefined;
      if (!mode) reader.problem([key], { code: 'yaml.authMode', key, modes: Object.keys(AUTH_MODES) });
      else values[field.key] = mode;
    } else if (value.trim() !== '' && !(key === 'base_url' && value.trim() === '_')) {
      // promptflow treats an empty value (and OpenAI's base_url "_") as not set.
      values[field.key] = value;
    }
  }
  if (Object.keys(extra).length > 0) values.extra = extra;
  return { providerId: provider.id, values, secrets, kept };
}

function readMap(reader: Reader, key: 'configs' | 'secrets', raw: unknown): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    reader.problem([key], { code: 'yaml.notAMapOfValues', key });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [entry, value] of Object.entries(raw as Record<string, unknown>)) {
    const t = text(reader, [key, entry], value, key === 'secrets');
    if (t !== undefined) out[entry] = t;
  }
  return out;
}

function readCustom(data: Record<string, unknown>, reader: Reader): Pick<ImportedConnection, 'providerId' | 'values' | 'secrets' | 'kept'> | undefined {
  const configs = readMap(reader, 'configs', data.configs);
  const secretMap = readMap(reader, 'secrets', data.secrets);
  if (!configs || !secretMap) return undefined;
  const target = configs[PROVIDER_CONFIG];
  if (target !== undefined) return readCarriedProvider(target, data, configs, secretMap, reader);

  const values: Values = {};
  const kept: string[] = [];
  const strongConfigs: Record<string, string> = {};
  const isStrongType = typeof data.custom_type === 'string';
  for (const [key, raw] of Object.entries(data)) {
    if (TOP_LEVEL.has(key) || key === 'configs' || key === 'secrets') continue;
    const value = text(reader, [key], raw);
    if (value === undefined) continue;
    // A plain custom connection written by promptflow carries its default module: nothing to keep.
    if (key === 'module' && !isStrongType && value === 'promptflow.connections') continue;
    strongConfigs[`${STRONG_TYPE_PREFIX}${key}`] = value;
    if (!(STRONG_TYPE_KEYS as readonly string[]).includes(key)) kept.push(key);
  }
  const allConfigs = { ...configs, ...strongConfigs };
  if (Object.keys(allConfigs).length > 0) values.configs = allConfigs;
  const secrets = Object.entries(secretMap).map(([entry, value]) => secretOf(reader, mapSecretKey('secrets', entry), ['secrets', entry], value));
  return { providerId: 'custom', values, secrets, kept };
}

/** A provider promptflow lacks, exported as a custom connection naming it in `ai_connections_provider`. */
function readCarriedProvider(target: string, data: Record<string, unknown>, configs: Record<string, string>, secretMap: Record<string, string>, reader: Reader): Pick<ImportedConnection, 'providerId' | 'values' | 'secrets' | 'kept'> | undefined {
  const provider = findProvider(target.trim());
  if (!provider || provider.id === 'custom' || promptflowTypeOf(provider.id)) {
    const carried = PROVIDERS.filter((p) => p.id !== 'custom' && !promptflowTypeOf(p.id)).map((p) => p.id);
    reader.problem(['configs', PROVIDER_CONFIG], { code: 'yaml.carriedProvider', key: `configs.${PROVIDER_CONFIG}`, providers: carried.join(', ') });
    return undefined;
  }
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL.has(key) && key !== 'configs' && key !== 'secrets' && !(key === 'module' && data[key] === 'promptflow.connections')) {
      reader.problem([key], { code: 'yaml.notASetting', key, provider: provider.displayName });
    }
  }
  const values: Values = {};
  const secrets: ImportedSecret[] = [];
  const bySnake = new Map(provider.fields.map((f) => [snakeCase(f.key), f]));
  for (const [entry, value] of Object.entries(configs)) {
    if (entry === PROVIDER_CONFIG) continue;
    const field = bySnake.get(entry);
    if (!field || isSecretField(field)) reader.problem(['configs', entry], { code: 'yaml.notASetting', key: `configs.${entry}`, provider: provider.displayName });
    else if (value.trim() !== '') values[field.key] = value;
  }
  for (const [entry, value] of Object.entries(secretMap)) {
    const field = bySnake.get(entry);
    if (!field || !isSecretField(field)) reader.problem(['secrets', entry], { code: 'yaml.notASecret', key: `secrets.${entry}`, provider: provider.displayName });
    else secrets.push(secretOf(reader, field.key, ['secrets', entry], value));
  }
  return { providerId: provider.id, values, secrets, kept: [] };
}
