import * as vscode from 'vscode';
import type { Logger } from '../../domain/logger';
import type { CommandHandler, CommandId } from '../../ui/commands/ids';
import { reportingHandler } from '../../ui/commands/runCommand';
import type { Ui } from '../../ui/ports';

/** Registers every handler, each wrapped so its failures are logged and shown, never thrown at VS Code. */
export function registerCommands(handlers: Record<CommandId, CommandHandler>, logger: Logger, ui: Ui): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, reportingHandler(id, handler, logger, ui)));
}
