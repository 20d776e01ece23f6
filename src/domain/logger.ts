/**
 * Where the domain reports what it does. Implementations write to VS Code's output channel;
 * callers pass names, ids and aliases only, never a setting or secret value.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
