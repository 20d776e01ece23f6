/**
 * Reading a promptflow YAML file (readPromptflowFile: parse, check, read every document) of just
 * under 1 MB in the shapes that cost a YAML composer the most: one map of 88,000 keys, 40,000
 * aliases (in a list and as keys), many small documents, deep nesting; and the largest files
 * read in full, just within the limits (src/domain/yaml/parse.ts). The extension host waits for
 * this, so each file should be read or refused well within 2 s.
 * `node --import tsx bench/yaml.ts` prints the figures alone; `npm run bench` includes them.
 */
import { performance } from 'node:perf_hooks';
import { readPromptflowFile } from '../src/domain/yaml';

export interface YamlBenchResult {
  label: string;
  bytes: number;
  /** Median time of one read. */
  ms: number;
  runs: number;
  /** What the read gave: connections read, or the first problem's code. */
  outcome: string;
}

const MB = 1024 * 1024;

/** Repeats `part(i)` while the text stays under 1 MB (the largest file read at all). */
function fill(head: string, part: (i: number) => string, tail = '', max = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [head];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  for (let i = 0; i < max; i++) {
    const next = part(i);
    const bytes = Buffer.byteLength(next);
    if (size + bytes >= MB) break;
    parts.push(next);
    size += bytes;
  }
  parts.push(tail);
  return parts.join('');
}

const YAML_BENCH_FILES: readonly { label: string; text: () => string }[] = [
  { label: 'one map of 88,000 keys', text: () => fill('', (i) => `k${i}: 1\n`, '', 88_000) },
  { label: '40,000 aliases in a list', text: () => fill('name: &a a\ntype: custom\nconfigs:\n  x: [', () => '*a, ', '*a]\n', 40_000) },
  { label: '40,000 aliases as keys', text: () => fill('name: &a a\ntype: custom\nconfigs:\n  x:\n', () => '    ? *a\n', '', 40_000) },
  { label: 'small documents (1 MB)', text: () => fill('', (i) => `name: c${i}\ntype: open_ai\napi_key: "\${env:K}"\n---\n`) },
  { label: 'nested lists (1 MB of [ and ])', text: () => `x: ${'['.repeat(524_000)}${']'.repeat(524_000)}` },
  // The largest files composed and read in full: just under the limits (10,000 nodes, 500 documents).
  { label: 'a map of 4,998 keys (node limit)', text: () => fill('', (i) => `k${i}: 1\n`, '', 4_998) },
  { label: '501 connections (document limit)', text: () => Array.from({ length: 501 }, (_, i) => `name: c${i}\ntype: open_ai\napi_key: "\${env:K}"\n`).join('---\n') },
  {
    label: '38 custom connections of 64 + 64 keys',
    text: () => {
      const entries = (prefix: string) => Array.from({ length: 64 }, (_, i) => `  ${prefix}${i}: "\${env:${prefix.toUpperCase()}${i}}"\n`).join('');
      return Array.from({ length: 38 }, (_, i) => `name: c${i}\ntype: custom\nconfigs:\n${entries('c')}secrets:\n${entries('s')}`).join('---\n');
    },
  },
];

export function benchYaml(runs = 3): YamlBenchResult[] {
  return YAML_BENCH_FILES.map(({ label, text: make }) => {
    const text = make();
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const read = readPromptflowFile('bench.yaml', text);
      times.push(performance.now() - start);
      outcome = `${read.connections.length} connections${read.problems[0] ? `, ${read.problems.length} problems (${read.problems[0].message.code}, …)` : ''}`;
    }
    times.sort((a, b) => a - b);
    return { label, bytes: Buffer.byteLength(text), ms: times[Math.floor(times.length / 2)]!, runs, outcome };
  });
}

if (require.main === module) {
  const runs = Number(process.env.YAML_BENCH_RUNS ?? 3);
  for (const r of benchYaml(runs)) console.log(`${r.label.padEnd(34)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KB  ${r.ms.toFixed(0).padStart(7)} ms  (median of ${r.runs})  ${r.outcome}`);
}
