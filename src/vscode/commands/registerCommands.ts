import * as vscode from 'vscode';
import type { Logger } from '../../domain/logger';
import type { CommandHandler, CommandId } from './ids';

/** Registers every handler with one wrapper: failures are logged and shown, never thrown at VS Code. */
export function registerCommands(
  handlers: Record<CommandId, CommandHandler>,
  logger: Logger,
): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
