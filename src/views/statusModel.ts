/**
 * What the status bar item shows, as plain data: idle, running, or the last results. The VS Code
 * adapter renders it; the logic is tested in Node.
 */
import type { Connection } from '../domain/connection';
import type { TestResult } from '../domain/testing/result';
import { markdownText } from '../domain/text/inert';

export type RunState = { running: false } | { running: true; done: number; total: number };

export interface StatusView {
  text: string;
  /** Markdown table of the last results. */
  tooltip: string;
  severity: 'none' | 'warning';
}


export function statusView(connections: readonly Connection[], results: ReadonlyMap<string, TestResult>, run: RunState): StatusView {
  const active = connections.filter((c) => c.isActive);
  const tested = active.map((c) => [c, results.get(c.id)] as const).filter((e): e is readonly [Connection, TestResult] => e[1] !== undefined && !e[1].skipped);
  const failed = tested.filter(([, r]) => !r.success).length;
  const ok = tested.length - failed;
  const rows = tested
    .slice()
    .sort(([a, ra], [b, rb]) => Number(ra.success) - Number(rb.success) || a.name.localeCompare(b.name))
    .map(([c, r]) => `| ${markdownText(c.name)} | ${r.success ? '✓' : '✗'} | ${r.success ? `${Math.round(r.latencyMs)} ms` : ''} | ${r.success ? `${r.modelCount ?? 0} models` : markdownText(r.errorKind ?? 'failed')} |`);
  const table = rows.length > 0 ? `| Connection | | Latency | Result |\n|---|---|---|---|\n${rows.join('\n')}` : 'No connection tested yet.';
  const untested = active.length - tested.length;
  const footer = `\n\n${untested > 0 ? `${untested} active connection${untested === 1 ? '' : 's'} not tested. ` : ''}Click to test all active connections.`;
  const tooltip = `**AI Connections**\n\n${table}${footer}`;
  if (run.running) return { text: `$(sync~spin) Testing ${run.done}/${run.total}…`, tooltip, severity: 'none' };
  if (tested.length === 0) return { text: `$(plug) AI ${active.length}`, tooltip, severity: 'none' };
  if (failed > 0) return { text: `$(error) ${failed} failed`, tooltip, severity: 'warning' };
  return { text: `$(check) ${ok} ok`, tooltip, severity: 'none' };
}
