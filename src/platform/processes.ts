/**
 * Runs a vault's program without a shell (`spawn` with an argument list): nothing in a reference
 * or a setting is ever read by a shell. Its input goes on standard input, then closed; what it
 * prints is capped at 64 KB a stream. On timeout or cancel the program is sent SIGTERM, then
 * SIGKILL a second later if it is still running.
 */
import { spawn } from 'node:child_process';
import type { RunOptions, RunOutcome } from '../domain/vaults/ports';

const MAX_OUTPUT_BYTES = 64 * 1024;
const KILL_GRACE_MS = 1_000;

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<RunOutcome> {
  return new Promise<RunOutcome>((resolve) => {
    if (options.signal?.aborted) {
      resolve({ outcome: 'cancelled' });
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, [...args], { shell: false, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    } catch (error) {
      resolve({ outcome: 'failed', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sizes = { out: 0, err: 0 };
    let ended: RunOutcome | undefined;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = (why: 'timeout' | 'cancelled') => {
      if (ended) return;
      ended = { outcome: why };
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref?.();
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const collect = (chunks: Buffer[], which: 'out' | 'err') => (chunk: Buffer) => {
      if (sizes[which] >= MAX_OUTPUT_BYTES) return;
      sizes[which] += chunk.length;
      chunks.push(chunk);
    };
    child.stdout?.on('data', collect(out, 'out'));
    child.stderr?.on('data', collect(err, 'err'));
    const finish = (outcome: RunOutcome) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(ended ?? outcome);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? { outcome: 'notFound' } : { outcome: 'failed', reason: error.code ?? 'spawn failed' });
    });
    child.on('close', (code) => {
      if (killTimer) clearTimeout(killTimer);
      finish({ outcome: 'exited', code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}
