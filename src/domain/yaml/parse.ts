import { LineCounter, isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { Message } from '../messages';
import type { YamlMessage } from './messages';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** How many alias expansions one document may make (a "billion laughs" file makes millions). */
export const MAX_ALIAS_COUNT = 100;

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
        problems.push({ file, document: docNo, line: error.linePos?.[0]?.line, message: describeYamlError(error.code, error.message) });
      }
      continue;
    }
    if (!isMap(doc.contents)) {
      problems.push({ file, document: docNo, line: line(doc.contents?.range?.[0]), message: { code: 'yaml.notAMap' } });
      continue;
    }
    const badKey = findNonStringKey(doc.contents);
    if (badKey) {
      problems.push({ file, document: docNo, line: line(badKey.offset), message: { code: 'yaml.keyNotText' } });
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

/** Finds a key that is not a plain string (a number, a map), at the top or in `configs` and `secrets`. */
function findNonStringKey(node: unknown, top = true): { offset: number | undefined } | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      const key = pair.key as { range?: [number, number, number] } | null;
      return { offset: key?.range?.[0] };
    }
    if (top && (pair.key.value === 'configs' || pair.key.value === 'secrets')) {
      const inner = findNonStringKey(pair.value, false);
      if (inner) return inner;
    }
  }
  return undefined;
}

function describeYamlError(code: string, message: string): YamlMessage {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return { code: 'yaml.duplicateKey' };
    case 'TAB_AS_INDENT':
      return { code: 'yaml.tabIndent' };
    default:
      return { code: 'yaml.syntax', text: `${first.charAt(0).toLowerCase()}${first.slice(1)}${/[.:]$/.test(first) ? '' : '.'}` };
  }
}
