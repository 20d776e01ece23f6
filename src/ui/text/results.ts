/** A test result in words, for the tree, the status bar and notifications. */
import * as l10n from '@vscode/l10n';
import type { ErrorKind } from '../../domain/requests';
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
  return l10n.t('✗ {kind}', { kind: kindText(result.errorKind) });
}

/** The one-word kind of a failure, as the tree badge and the status bar table show it. */
export function kindText(kind: ErrorKind | undefined): string {
  // Each is the short kind of a failed connection test, shown after ✗ in the Connections view and the status bar.
  switch (kind) {
    case 'auth':
      return l10n.t({ message: 'auth', comment: ['kind of a failed connection test'] });
    case 'notFound':
      return l10n.t({ message: 'notFound', comment: ['kind of a failed connection test'] });
    case 'rateLimited':
      return l10n.t({ message: 'rateLimited', comment: ['kind of a failed connection test'] });
    case 'server':
      return l10n.t({ message: 'server', comment: ['kind of a failed connection test'] });
    case 'unreachable':
      return l10n.t({ message: 'unreachable', comment: ['kind of a failed connection test'] });
    case 'timeout':
      return l10n.t({ message: 'timeout', comment: ['kind of a failed connection test'] });
    case 'badResponse':
      return l10n.t({ message: 'badResponse', comment: ['kind of a failed connection test'] });
    case 'config':
      return l10n.t({ message: 'config', comment: ['kind of a failed connection test'] });
    case 'disabled':
      return l10n.t({ message: 'disabled', comment: ['kind of a failed connection test'] });
    case 'cancelled':
      return l10n.t({ message: 'cancelled', comment: ['kind of a failed connection test'] });
    case undefined:
      return l10n.t('failed');
  }
}
