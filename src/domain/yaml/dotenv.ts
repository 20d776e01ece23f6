/**
 * promptflow's other import path, `pf connection create -f .env --name X`: every key of a dotenv
 * file becomes a secret of a custom connection named X. The file is read with dotenv's `parse`,
 * as `.env` references are (src/domain/resolution/sources.ts); this module only adds where each
 * key is, for messages, and the checks a secret of a custom connection must pass.
 */
import { mapSecretKey } from '../connection';
import { LIMITS } from '../limits';
import { parseDotenvFile } from '../resolution/sources';
import { MAP_KEY } from '../validation';
import { checkAgainstDescriptor } from './check';
import { aliasOf, secretOf } from './import';
import type { ImportRead, ImportedConnection, Reader } from './imported';
import type { YamlMessage } from '../messages';
import { MAX_FILE_BYTES, RESERVED_NAME, type YamlProblem } from './parse';

/** Whether a file is read as dotenv (`.env`, `prod.env`) rather than as YAML. */
export function isDotenvFile(fileName: string): boolean {
  return /\.env$/i.test(fileName);
}

/**
 * The name offered for the connection (promptflow's `--name`): `prod.env` gives `prod`; a bare
 * `.env` gives its folder's name, else `env`.
 */
export function defaultDotenvName(fileName: string, folderName?: string): string {
  const stem = fileName.replace(/\.env$/i, '').trim();
  if (stem !== '') return stem;
  return folderName?.trim() || 'env';
}

/** promptflow's message for a dotenv file without a single key (test_connection_load_from_env_file_bad_case). */
export function loadNothingMessage(file: string): YamlMessage {
  return { code: 'yaml.loadNothing', file };
}

/** The key at the start of a line as dotenv's `parse` reads it: `KEY=`, `export KEY=`, `KEY: `. */
const KEY_AT_LINE_START = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)/;

/** The line of each key (the last assignment, which is the one dotenv keeps). */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split(/\r\n?|\n/).forEach((line, i) => {
    const match = KEY_AT_LINE_START.exec(line);
    if (match) lines.set(match[1]!, i + 1);
  });
  return lines;
}

/**
 * Reads a dotenv file as one custom connection named `name`, every key a secret (a literal value,
 * `${env:NAME}` or `<user-input>` follow the rules of YAML secrets). Nothing is taken from a file
 * with a problem; problems name the line and the key, never a value.
 */
export function readDotenvFile(file: string, input: string | Uint8Array, name: string): ImportRead {
  const size = typeof input === 'string' ? new TextEncoder().encode(input).length : input.byteLength;
  const refuse = (problems: YamlProblem[], documentCount = 0): ImportRead => ({ connections: [], problems, documentCount });
  if (size > MAX_FILE_BYTES) return refuse([{ file, message: { code: 'yaml.fileTooLarge', kb: Math.ceil(size / 1024) } }]);
  let text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const parsed = parseDotenvFile(file, text);
  if (parsed.problems.length > 0) return refuse(parsed.problems.map((message) => ({ file, message })));
  const lines = keyLines(text);
  // dotenv's parse drops `__proto__` (an object does not keep it): refused rather than lost.
  const reserved = lines.get(RESERVED_NAME);
  if (reserved !== undefined) return refuse([{ file, line: reserved, field: RESERVED_NAME, message: { code: 'yaml.reservedName', key: RESERVED_NAME } }], 1);
  if (parsed.values.size === 0) return refuse([{ file, message: loadNothingMessage(file) }]);

  const problems: YamlProblem[] = [];
  const reader: Reader = {
    line: (path) => (path[0] === 'secrets' && path[1] !== undefined ? lines.get(path[1]) : undefined),
    problem(path, message) {
      problems.push({ file, line: reader.line(path), field: path.join('.'), message });
    },
  };
  if (parsed.values.size > LIMITS.mapEntries) {
    reader.problem([], { code: 'yaml.tooManyKeys', count: parsed.values.size, max: LIMITS.mapEntries });
  }
  for (const [key, value] of parsed.values) {
    if (!MAP_KEY.test(key)) {
      const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
      reader.problem(['secrets', key], { code: 'yaml.badSecretName', name: shown });
    } else if (value.length > LIMITS.secretValueLength) {
      reader.problem(['secrets', key], { code: 'yaml.valueTooLong', key, length: value.length, max: LIMITS.secretValueLength });
    }
  }
  const pfName = name.trim();
  if (pfName === '') reader.problem(['name'], { code: 'yaml.needsName' });
  if (problems.length > 0) return refuse(problems, 1);

  const connection: ImportedConnection = {
    file,
    document: 1,
    line: 1,
    type: 'custom',
    providerId: 'custom',
    name: pfName,
    named: false,
    alias: aliasOf(pfName),
    values: {},
    secrets: [...parsed.values].map(([key, value]) => ({ ...secretOf(reader, mapSecretKey('secrets', key), ['secrets', key], value), field: key })),
    kept: [],
    placeholders: [],
  };
  checkAgainstDescriptor(connection, reader);
  return problems.length > 0 ? refuse(problems, 1) : { connections: [connection], problems: [], documentCount: 1 };
}

/** Can every literal secret of the connection be written as `${env:KEY}` (a dotenv key naming an environment variable)? */
export function canReferenceKeys(connection: ImportedConnection): boolean {
  return connection.secrets.some((s) => s.source === 'value') && connection.secrets.every((s) => s.source !== 'value' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.field));
}

/** The connection with each literal secret replaced by `${env:KEY}`: the values stay in the dotenv file. */
export function referenceDotenvKeys(connection: ImportedConnection): ImportedConnection {
  return {
    ...connection,
    secrets: connection.secrets.map((s) => (s.source === 'value' ? { key: s.key, field: s.field, line: s.line, source: 'reference' as const, value: `\${env:${s.field}}` } : s)),
  };
}
