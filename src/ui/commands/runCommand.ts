import * as l10n from '@vscode/l10n';
import type { Logger } from '../../domain/logger';
import { isMessage } from '../../domain/messages';
import { RestrictedModeError } from '../../domain/testing/testService';
import type { Ui } from '../ports';
import { say, sayError } from '../text';
import type { CommandHandler } from './ids';

/** Tells the user why nothing was sent in Restricted Mode, with the way out. */
function explainRestricted(ui: Ui, error: RestrictedModeError): void {
  void ui.info(say(error.detail), l10n.t('Manage Workspace Trust')).then((choice) => {
    if (choice) void ui.executeCommand('workbench.trust.manage');
  });
}

/**
 * Wraps a command handler so that no failure escapes unreported: the reason is logged and shown
 * (as plain text), and VS Code gets `undefined` instead of a rejected promise.
 */
export function reportingHandler(id: string, handler: CommandHandler, logger: Logger, ui: Ui): CommandHandler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof RestrictedModeError) {
        explainRestricted(ui, error);
        return undefined;
      }
      const detail = (error as { detail?: unknown } | undefined)?.detail;
      const message = (isMessage(detail) ? say(detail) : error instanceof Error ? error.message : String(error)) || 'Something went wrong.';
      logger.error(`${id}: ${message}`);
      void ui.error(sayError(error) || message);
      return undefined;
    }
  };
}
