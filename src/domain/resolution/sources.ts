/**
 * Reading the files references resolve from: `appsettings*.json` (JSON with comments and trailing
 * commas, parsed with jsonc-parser as VS Code does) and `.env` (parsed with dotenv's `parse`).
 * Nothing here throws: an unreadable file becomes a problem with a line number, never a value.
 */
import { parse as parseDotenv } from 'dotenv';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ResolutionFileProblem } from './messages';

/** The largest file read; a larger one is reported as too large and skipped. */
const MAX_SOURCE_FILE_BYTES = 1024 * 1024;

/** A flattened configuration file: lower-cased `section:key:0` paths to their value and the path as written. */
export interface ConfigFile {
  name: string;
  values: Map<string, { value: string; key: string }>;
  problems: ResolutionFileProblem[];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Flattens a JSON object the way .NET configuration does: objects join their keys with `:`,
 * arrays use the index, numbers and booleans become their text, null is "no value". Keys are
 * compared without regard to case, the first of two spellings of the same key losing to the later.
 */
export function parseConfigFile(name: string, text: string): ConfigFile {
  const values: ConfigFile['values'] = new Map();
  const problems: ResolutionFileProblem[] = [];
  if (text.length > MAX_SOURCE_FILE_BYTES) return { name, values, problems: [{ code: 'resolution.fileTooLarge', file: name }] };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    return { name, values, problems: [{ code: 'resolution.fileNotJson', file: name }] };
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    problems.push({ code: 'resolution.jsonError', file: name, line: lineOf(text, first.offset), error: printParseErrorCode(first.error), more: errors.length - 1 });
    // A file with errors is not used at all: half a file would resolve surprising values.
    return { name, values, problems };
  }
  if (root === undefined) return { name, values, problems };
  if (root.type !== 'object') return { name, values, problems: [{ code: 'resolution.topLevelNotObject', file: name }] };
  const walk = (node: Node, path: string[], depth: number): void => {
    if (depth > 64) return;
    switch (node.type) {
      case 'object':
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (keyNode?.type === 'string' && valueNode) walk(valueNode, [...path, String(keyNode.value)], depth + 1);
        }
        break;
      case 'array':
        (node.children ?? []).forEach((child, index) => walk(child, [...path, String(index)], depth + 1));
        break;
      case 'string':
      case 'number':
      case 'boolean':
        if (path.length > 0) {
          const key = path.join(':');
          values.set(key.toLowerCase(), { value: String(node.value), key });
        }
        break;
      default:
        break;
    }
  };
  walk(root, [], 0);
  return { name, values, problems };
}

/**
 * A `.env` file through dotenv's `parse`: `NAME=value` lines, `export NAME=value`, `#` comments,
 * single, double and backtick quotes, multi-line values in double quotes with `\n` expanded.
 * No variable expansion (`${OTHER}` stays as written) and no command substitution.
 */
export function parseDotenvFile(name: string, text: string): { values: Map<string, string>; problems: ResolutionFileProblem[] } {
  if (text.length > MAX_SOURCE_FILE_BYTES) return { values: new Map(), problems: [{ code: 'resolution.fileTooLarge', file: name }] };
  try {
    return { values: new Map(Object.entries(parseDotenv(text))), problems: [] };
  } catch {
    return { values: new Map(), problems: [{ code: 'resolution.fileUnreadable', file: name }] };
  }
}
