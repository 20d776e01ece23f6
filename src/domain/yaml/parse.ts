import { CST, Lexer, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Alias, type Document } from 'yaml';
import type { Message, YamlMessage } from '../messages';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** How many alias expansions one document may make (a "billion laughs" file makes millions). */
export const MAX_ALIAS_COUNT = 100;
/**
 * How many nodes (documents, keys, values, list entries) one file may hold, counted before the
 * file is composed: composing a map checks each key against the keys before it, so time grows
 * with the square of its size. A connection holds at most about 140 keys.
 */
const MAX_NODE_COUNT = 10_000;
/** How many aliases (`*name`) one file may hold. */
const MAX_ALIASES = 100;
/** How many documents (connections) one file may hold: each is checked as the store checks a connection. */
const MAX_DOCUMENTS = 500;

/** One thing wrong with a file, located as precisely as the file allows. */
export interface YamlProblem {
  file: string;
  /** 1-based, when the file holds several documents. */
  document?: number;
  line?: number;
  field?: string;
  message: Message;
}

/** The problem with where it is (`prod.yaml, document 2, line 4: …`). */
export function formatProblem(problem: YamlProblem): YamlMessage {
  return { code: 'yaml.located', file: problem.file, document: problem.document, line: problem.line, problem: problem.message };
}

export interface ParsedDocument {
  /** 1-based position in the file. */
  index: number;
  /** The line the document starts on. */
  line: number;
  data: Record<string, unknown>;
  /** The line of a value (`['configs', 'api_base']`), or of its key when the value is empty. */
  lineOf(path: readonly string[]): number | undefined;
  /** Every alias of the document (`*k`), with where the value it repeats is. */
  aliases: readonly ParsedAlias[];
}

export interface ParsedAlias {
  /** The anchor's name (`k` of `&k` and `*k`). */
  name: string;
  /** The line of the alias. */
  line: number | undefined;
  /**
   * Where the value it repeats is (`['api_key']`, `['secrets']`, `[]` for the whole document);
   * undefined when that value is a key, or inside one.
   */
  target: readonly string[] | undefined;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  problems: YamlProblem[];
  documentCount: number;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Parses every document of a connection file. A document with any error gives nothing; the
 * other documents of the file still do. Keys must be unique strings; values keep YAML 1.2 core
 * types (so a bare `2024-02-01` stays text) and are checked by the importer.
 */
export function parseYamlFile(file: string, input: string | Uint8Array): ParsedFile {
  const size = typeof input === 'string' ? byteLength(input) : input.byteLength;
  if (size > MAX_FILE_BYTES) {
    return { documents: [], documentCount: 0, problems: [{ file, message: { code: 'yaml.fileTooLarge', kb: Math.ceil(size / 1024) } }] };
  }
  let text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const overLimit = overLimits(text);
  if (overLimit) return { documents: [], documentCount: 0, problems: [{ file, line: overLimit.line, message: overLimit.message }] };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true, version: '1.2', strict: true });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const problems: YamlProblem[] = [];
  const documents: ParsedDocument[] = [];
  const multi = list.filter((d) => d.contents !== null).length > 1;
  let index = 0;
  for (const doc of list) {
    if (doc.contents === null && doc.errors.length === 0) continue;
    index++;
    const docNo = multi ? index : undefined;
    const line = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    if (doc.errors.length > 0) {
      for (const error of doc.errors.slice(0, 5)) {
        problems.push({ file, document: docNo, line: error.linePos?.[0]?.line, message: describeYamlError(error.code, error.message, () => keyPathAt(doc.contents, error.pos[0])) });
      }
      continue;
    }
    if (!isMap(doc.contents)) {
      problems.push({ file, document: docNo, line: line(doc.contents?.range?.[0]), message: { code: 'yaml.notAMap' } });
      continue;
    }
    const badKey = findBadKey(doc.contents);
    if (badKey) {
      problems.push({ file, document: docNo, line: line(badKey.offset), message: badKey.message });
      continue;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message: YamlMessage = error instanceof Error && /alias/i.test(error.message) ? { code: 'yaml.tooManyAliases', max: MAX_ALIAS_COUNT } : { code: 'yaml.documentUnreadable' };
      problems.push({ file, document: docNo, line: line(doc.contents.range[0]), message });
      continue;
    }
    const startLine = line(doc.contents.range[0]) ?? 1;
    documents.push({
      index,
      line: startLine,
      data: data as Record<string, unknown>,
      aliases: aliasesOf(doc, line),
      lineOf(path) {
        const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return line(node.range[0]);
        const parent = doc.getIn(path.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
          if (pair && isScalar(pair.key) && pair.key.range) return line(pair.key.range[0]);
        }
        return undefined;
      },
    });
  }
  return { documents, problems, documentCount: index };
}

/** What `measureYaml` counts in a file's tokens. */
export interface YamlSize {
  nodes: number;
  aliases: number;
  /** Document boundaries (`---`, `...`, or both): one less than the documents of a file that starts without `---`. */
  separators: number;
  /** Where a count first went over its limit (the offset of that token); counting stops there. */
  over?: { offset: number; limit: 'nodes' | 'aliases' | 'documents' };
}

/**
 * Counts the nodes and aliases of a file from its tokens, in time linear in the file's size
 * (composing it is not). A node is a scalar, an alias, a flow collection, a list entry, an
 * explicit key, a `:` without a key before it, an anchor or a tag (each may stand for an empty
 * value), a directive or a document's start or end. Composing makes a few more (a key's empty
 * value and a block map are not counted, and a broken file's recovery adds some): at most three
 * times as many, which the unit tests check on random texts.
 */
export function measureYaml(text: string, max = { nodes: MAX_NODE_COUNT, aliases: MAX_ALIASES, documents: MAX_DOCUMENTS }): YamlSize {
  let nodes = 0;
  let aliases = 0;
  let separators = 0;
  let offset = 0;
  /** The next token is a scalar's source, whatever it looks like. */
  let source = false;
  /** The token before (spaces, line ends and comments aside) could be a key. */
  let key = false;
  /** A document ended with `...` (a `---` after it starts the next one, it is not another). */
  let ended = false;
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    if (source) {
      offset += token.length;
      source = false;
      key = true;
      continue;
    }
    const type = CST.tokenType(token);
    // The lexer's markers for a document, a scalar and a flow error are not in the text.
    if (type !== 'doc-mode' && type !== 'flow-error-end' && type !== 'scalar') offset += token.length;
    switch (type) {
      case 'space':
      case 'newline':
      case 'comment':
        continue;
      case 'scalar':
        source = true;
        nodes++;
        break;
      case 'alias':
        aliases++;
        nodes++;
        break;
      case 'map-value-ind':
        if (!key) nodes++;
        break;
      case 'doc-start':
        if (!ended) separators++;
        nodes++;
        break;
      case 'doc-end':
        separators++;
        nodes++;
        break;
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'flow-map-start':
      case 'flow-seq-start':
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'directive-line':
      case 'anchor':
      case 'tag':
        nodes++;
        break;
      default:
        break;
    }
    key = type === 'alias' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar';
    ended = type === 'doc-end' || (ended && (type === 'directive-line' || type === 'doc-mode'));
    if (aliases > max.aliases) return { nodes, aliases, separators, over: { offset: at, limit: 'aliases' } };
    if (nodes > max.nodes) return { nodes, aliases, separators, over: { offset: at, limit: 'nodes' } };
    if (separators > max.documents) return { nodes, aliases, separators, over: { offset: at, limit: 'documents' } };
  }
  return { nodes, aliases, separators };
}

/** A file over `MAX_NODE_COUNT`, `MAX_ALIASES` or `MAX_DOCUMENTS`, refused at the line where it goes over. */
function overLimits(text: string): { line: number; message: YamlMessage } | undefined {
  const { over } = measureYaml(text);
  if (!over) return undefined;
  const message: YamlMessage = over.limit === 'aliases' ? { code: 'yaml.aliasLimit', max: MAX_ALIASES } : over.limit === 'documents' ? { code: 'yaml.documentLimit', max: MAX_DOCUMENTS } : { code: 'yaml.nodeLimit', max: MAX_NODE_COUNT };
  return { line: lineAt(text, over.offset), message };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The aliases of a document and the path of the value each repeats (resolved as the `yaml`
 * package resolves it: the last anchor of that name before the alias). A file has at most
 * `MAX_ALIASES` aliases, so resolving each one by a walk of the document stays cheap.
 */
function aliasesOf(doc: Document.Parsed, line: (offset: number | undefined) => number | undefined): ParsedAlias[] {
  /** Each node's parent and its key there; no key for a node that is (inside) a map's key. */
  const parents = new Map<unknown, { parent: unknown; key: string | undefined }>();
  const aliases: Alias[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) aliases.push(node);
    else if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key !== null && typeof pair.key === 'object') {
          parents.set(pair.key, { parent: node, key: undefined });
          stack.push(pair.key);
        }
        if (pair.value !== null && typeof pair.value === 'object') {
          parents.set(pair.value, { parent: node, key: isScalar(pair.key) ? String(pair.key.value) : undefined });
          stack.push(pair.value);
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        parents.set(item, { parent: node, key: String(i) });
        stack.push(item);
      });
    }
  }
  const pathOf = (node: unknown): string[] | undefined => {
    const path: string[] = [];
    for (let at = node; at !== doc.contents;) {
      const entry = parents.get(at);
      if (!entry || entry.key === undefined) return undefined;
      path.unshift(entry.key);
      at = entry.parent;
    }
    return path;
  };
  return aliases.map((alias) => {
    const found = alias.resolve(doc);
    return { name: alias.source, line: line(alias.range?.[0]), target: found ? pathOf(found) : undefined };
  });
}

/**
 * A name JavaScript objects do not keep as a key: assigning it changes the object's prototype,
 * so a value under it would be lost without a word.
 */
export const RESERVED_NAME = '__proto__';

/**
 * Finds a key that is not a plain string (a number, a map) or that is `__proto__`, at the top
 * or in `configs` and `secrets`.
 */
function findBadKey(node: unknown, path: readonly string[] = []): { offset: number | undefined; message: YamlMessage } | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      const key = pair.key as { range?: [number, number, number] } | null;
      return { offset: key?.range?.[0], message: { code: 'yaml.keyNotText' } };
    }
    if (pair.key.value === RESERVED_NAME) return { offset: pair.key.range?.[0], message: { code: 'yaml.reservedName', key: [...path, RESERVED_NAME].join('.') } };
    if (path.length === 0 && (pair.key.value === 'configs' || pair.key.value === 'secrets')) {
      const inner = findBadKey(pair.value, [pair.key.value]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The path of the text key that starts at `offset` (`secrets.api_key`), if one does. */
function keyPathAt(node: unknown, offset: number, path: readonly string[] = []): string | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const here = [...path, pair.key.value];
    if (pair.key.range?.[0] === offset) return here.join('.');
    const inner = keyPathAt(pair.value, offset, here);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function describeYamlError(code: string, message: string, duplicateKey: () => string | undefined): YamlMessage {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = duplicateKey();
      return key === undefined ? { code: 'yaml.duplicateKey' } : { code: 'yaml.duplicateKey', key };
    }
    case 'TAB_AS_INDENT':
      return { code: 'yaml.tabIndent' };
    default:
      return { code: 'yaml.syntax', text: `${first.charAt(0).toLowerCase()}${first.slice(1)}${/[.:]$/.test(first) ? '' : '.'}` };
  }
}
