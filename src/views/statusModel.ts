/**
 * What the status bar item shows, as plain data: idle, running, or the last results. The VS Code
 * adapter renders it; the logic is tested in Node.
 */
import * as l10n from '@vscode/l10n';
import { kindText } from '../ui/text/results';
import type { Connection } from '../domain/connection';
import type { TestResult } from '../domain/testing/result';
import { markdownText } from '../domain/text/inert';

export type RunState = { running: false } | { running: true; done: number; total: number };

export interface StatusView {
  text: string;
  /** Markdown table of the last results; every word in it escaped (a translation is text from outside too). */
  tooltip: string;
  severity: 'none' | 'warning';
  /** Nothing to test (no active connection, no run): the item is hidden rather than showing "AI 0". */
  empty: boolean;
}

export function statusView(connections: readonly Connection[], results: ReadonlyMap<string, TestResult>, run: RunState): StatusView {
  const active = connections.filter((c) => c.isActive);
  const tested = active.map((c) => [c, results.get(c.id)] as const).filter((e): e is readonly [Connection, TestResult] => e[1] !== undefined && !e[1].skipped);
  const failed = tested.filter(([, r]) => !r.success).length;
  const ok = tested.length - failed;
  const rows = tested
    .slice()
    .sort(([a, ra], [b, rb]) => Number(ra.success) - Number(rb.success) || a.name.localeCompare(b.name))
    .map(
      ([c, r]) =>
        `| ${markdownText(c.name)} | ${r.success ? '✓' : '✗'} | ${r.success ? markdownText(l10n.t('{ms} ms', { ms: Math.round(r.latencyMs) })) : ''} | ${markdownText(r.success ? (r.modelCount === 1 ? l10n.t('1 model') : l10n.t('{count} models', { count: r.modelCount ?? 0 })) : kindText(r.errorKind))} |`,
    );
  const header = `| ${markdownText(l10n.t('Connection'))} | | ${markdownText(l10n.t('Latency'))} | ${markdownText(l10n.t('Result'))} |`;
  const table = rows.length > 0 ? `${header}\n|---|---|---|---|\n${rows.join('\n')}` : markdownText(l10n.t('No connection tested yet.'));
  const untested = active.length - tested.length;
  const notTested = untested === 1 ? l10n.t('1 active connection not tested.') : l10n.t('{count} active connections not tested.', { count: untested });
  const footer = `\n\n${untested > 0 ? `${markdownText(notTested)} ` : ''}${markdownText(l10n.t('Click to test all active connections.'))}`;
  const tooltip = `**${markdownText(l10n.t('AI Connections'))}**\n\n${table}${footer}`;
  if (run.running) return { text: `$(sync~spin) ${l10n.t('Testing {done}/{total}…', { done: run.done, total: run.total })}`, tooltip, severity: 'none', empty: false };
  if (tested.length === 0) return { text: `$(plug) ${l10n.t('AI {count}', { count: active.length })}`, tooltip, severity: 'none', empty: active.length === 0 };
  if (failed > 0) return { text: `$(error) ${l10n.t('{count} failed', { count: failed })}`, tooltip, severity: 'warning', empty: false };
  return { text: `$(check) ${l10n.t('{count} ok', { count: ok })}`, tooltip, severity: 'none', empty: false };
}
