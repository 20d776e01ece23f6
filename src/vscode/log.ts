import * as vscode from 'vscode';
import type { Logger } from '../domain/logger';

/** The "AI Connections" output channel. Callers log names, ids and aliases, never values. */
export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('AI Connections', { log: true });
  const logger: Logger = {
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
  return { channel, logger };
}
