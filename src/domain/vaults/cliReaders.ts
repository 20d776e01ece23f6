/**
 * The vaults read by running their own program, as the person would in a terminal, without a
 * shell: 1Password (`op read <reference>`), pass (`pass show <path>`), gopass (`gopass show -o
 * <path>`) and the key commands of the user's settings. Arguments are the reference or the path,
 * never a secret. The first line printed is the value; what a program prints on standard error is
 * shown only as its first line, scrubbed of anything shaped like a key and made inert.
 */
import { scrubSecrets } from '../requests';
import { plainText } from '../text/inert';
import type { VaultKind, VaultReference } from './grammar';
import type { VaultMessage } from './messages';
import type { ReadContext, RunOutcome, VaultRead } from './ports';

/** The environment VS Code runs with, for the program: its PATH finds the program, its variables configure it. */
function runEnvironment(context: ReadContext): Record<string, string> {
  return Object.fromEntries(Object.entries(context.ports.env()).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The first line of a program's output: the secret. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').trim();
}

/**
 * A vault's complaint, fit to show: its first non-empty line, without `[ERROR] date time`, scrubbed
 * and inert. `mayHold` is text that may be the secret (what a program printed on standard output,
 * the token a server was sent): no line of it is ever shown.
 */
export function complaint(text: string, mayHold: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const bare = line.replace(/^\s*\[(?:ERROR|WARN)\]\s*(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s*)?/, '').replace(/^(?:Error|error):\s*/, '');
  const secrets = mayHold.split(/\r?\n/).filter((l) => l.trim().length >= 4);
  return plainText(scrubSecrets(bare, secrets, 200));
}

/** What the value is, or why not, from a run that ended. */
function fromRun(vault: VaultKind, item: string, run: RunOutcome, context: ReadContext, command: string, classify: (stderr: string) => VaultMessage | undefined): VaultRead {
  switch (run.outcome) {
    case 'notFound':
      return { ok: false, problem: { code: 'vault.notInstalled', vault, command } };
    case 'timeout':
      return { ok: false, problem: { code: 'vault.timeout', vault, seconds: Math.round(context.timeoutMs / 1000) } };
    case 'cancelled':
      return { ok: false, problem: { code: 'vault.cancelled', vault } };
    case 'failed':
      return { ok: false, problem: { code: 'vault.failed', vault, detail: plainText(run.reason).slice(0, 200) } };
    case 'exited': {
      if (run.code !== 0) return { ok: false, problem: classify(run.stderr) ?? { code: 'vault.failed', vault, detail: complaint(run.stderr, run.stdout) } };
      const value = firstLine(run.stdout);
      return value === '' ? { ok: false, problem: { code: 'vault.empty', vault, item } } : { ok: true, value };
    }
  }
}

const OP_NOT_SIGNED_IN = /not currently signed in|no accounts configured|account is not signed in|session expired|authorization prompt dismissed|signin/i;
const OP_NOT_FOUND = /isn't an item|isn't a vault|isn't a field|isn't a section|does not have a field|could not find|no item found|not found/i;

/** 1Password: `op read`, signed in as the person already is (the app's CLI integration or `op signin`). */
export async function readOnePassword(reference: VaultReference, context: ReadContext): Promise<VaultRead> {
  const run = await context.ports.run('op', ['read', '--no-newline', reference.text], { timeoutMs: context.timeoutMs, signal: context.signal, env: runEnvironment(context) });
  return fromRun('onePassword', reference.item, run, context, 'op', (stderr) => {
    if (OP_NOT_SIGNED_IN.test(stderr)) return { code: 'vault.notSignedIn', vault: 'onePassword' };
    if (OP_NOT_FOUND.test(stderr)) return { code: 'vault.notFound', vault: 'onePassword', item: reference.item };
    return undefined;
  });
}

const STORE_NOT_FOUND = /is not in the password store|could not find password|not found|does not exist|entry is not/i;

/**
 * pass and gopass. gopass is asked for the password line only (`show -o`); Debian's gopass, a
 * different program that predates that flag, refuses it, and is then asked for the entry.
 */
export async function readPasswordStore(reference: VaultReference, context: ReadContext): Promise<VaultRead> {
  const vault = reference.vault;
  const classify = (stderr: string): VaultMessage | undefined => (STORE_NOT_FOUND.test(stderr) ? { code: 'vault.notFound', vault, item: reference.item } : undefined);
  const options = { timeoutMs: context.timeoutMs, signal: context.signal, env: runEnvironment(context) };
  if (vault === 'pass') return fromRun(vault, reference.item, await context.ports.run('pass', ['show', reference.item], options), context, 'pass', classify);
  const run = await context.ports.run('gopass', ['show', '-o', reference.item], options);
  const refusedFlag = run.outcome === 'exited' && run.code !== 0 && /flag provided but not defined: -o/.test(run.stderr);
  return fromRun(vault, reference.item, refusedFlag ? await context.ports.run('gopass', ['show', reference.item], options) : run, context, 'gopass', classify);
}

/** A key command of the user's settings; one from anywhere else does not exist. */
export async function readKeyCommand(reference: VaultReference, context: ReadContext): Promise<VaultRead> {
  const commands = context.ports.keyCommands();
  const defined = Object.hasOwn(commands, reference.item) ? commands[reference.item] : undefined;
  if (!defined) return { ok: false, problem: { code: 'vault.commandUnknown', name: reference.item } };
  const run = await context.ports.run(defined.command, defined.args, { timeoutMs: context.timeoutMs, signal: context.signal, env: runEnvironment(context) });
  return fromRun('command', reference.item, run, context, defined.command, () => undefined);
}
