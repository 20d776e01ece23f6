/**
 * What reading a vault needs from outside the domain: running a program (src/platform/processes.ts),
 * an HTTPS GET (the request layer's, which never follows a redirect to another origin), a
 * Microsoft Entra ID token, the environment and the user's own files and settings.
 */
import type { HttpOutcome } from '../requests';
import type { ReferencedVault, VaultReference } from './grammar';
import type { VaultMessage } from './messages';

/** How a program run ended: its exit code and what it printed, or why it did not end by itself. */
export type RunOutcome = { outcome: 'exited'; code: number | null; stdout: string; stderr: string } | { outcome: 'notFound' } | { outcome: 'timeout' } | { outcome: 'cancelled' } | { outcome: 'failed'; reason: string };

export interface RunOptions {
  /** Given on standard input, then closed; the program's arguments never hold a secret. */
  stdin?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The program's environment (the one VS Code runs with); its PATH finds the program. */
  env?: Record<string, string>;
}

/** Runs a program without a shell; it is killed on timeout and on cancel. */
export type ProcessRunner = (command: string, args: readonly string[], options: RunOptions) => Promise<RunOutcome>;

/** A key command of the user's settings: a program and its arguments. */
export interface KeyCommand {
  command: string;
  args: readonly string[];
}

export interface VaultPorts {
  run: ProcessRunner;
  get(url: URL, headers: Record<string, string>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<HttpOutcome>;
  getEntraToken(scope: string): Promise<string>;
  env(): Readonly<Record<string, string | undefined>>;
  /** A file of the user's home folder (`.vault-token`), or undefined. */
  homeFile(name: string): Promise<string | undefined>;
  /** The key commands of the user's settings only. */
  keyCommands(): Readonly<Record<string, KeyCommand>>;
  /** The timeout for one read, and how long a value is kept in memory (0: not kept). */
  settings(): { timeoutSeconds: number; cacheMinutes: number };
  isTrusted(): boolean;
  now?(): number;
}

/** A value read from a vault, or why not. */
export type VaultRead = { ok: true; value: string } | { ok: false; problem: VaultMessage };

/** One kind of vault: reads an item. Never throws. */
export type VaultReader = (reference: VaultReference, context: ReadContext) => Promise<VaultRead>;

export interface ReadContext {
  ports: VaultPorts;
  timeoutMs: number;
  signal: AbortSignal;
}

export type VaultReaders = Record<ReferencedVault, VaultReader>;
