/** A test result in words, for the tree, the status bar and notifications. */
import * as l10n from '@vscode/l10n';
import type { TestResult } from '../../domain/testing/result';
import { say } from './index';

/** Why a result failed or was skipped; `undefined` when it holds no message (results kept by older versions). */
export function resultText(result: Pick<TestResult, 'message'>): string | undefined {
  return result.message ? say(result.message) : undefined;
}

/** The short form the tree shows beside a tested connection: `✓ 240 ms`, `✗ auth`, `– no test`. */
export function resultBadge(result: TestResult): string {
  if (result.skipped) return l10n.t('– no test');
  if (result.success) return l10n.t('✓ {ms} ms', { ms: Math.round(result.latencyMs) });
  return l10n.t('✗ {kind}', { kind: result.errorKind ?? l10n.t('failed') });
}
