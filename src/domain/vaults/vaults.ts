/**
 * The one way a vault is read. Every read asks the trust gate first: in Restricted Mode no program
 * is run and nothing is fetched. A value is kept in memory only, for `cacheMinutes` (never on disk,
 * never in state), keyed by the reference as written: a hundred connections that name one item
 * read it once per period, and reads of an item already under way are joined. **Refresh Secrets**
 * forgets them all. A read is cancelled (its program killed) once everyone waiting for it cancels.
 */
import { Emitter, type Event } from '../events';
import { RestrictedModeError, assertTrusted } from '../requests';
import type { VaultReference } from './grammar';
import { readKeyCommand, readOnePassword, readPasswordStore } from './cliReaders';
import { keyVaultReader, readHashiCorp, type KeyVaultOptions } from './httpReaders';
import type { VaultPorts, VaultRead, VaultReaders } from './ports';

interface Pending {
  read: Promise<VaultRead>;
  abort: AbortController;
  waiting: number;
  /** Forgotten while under way: its answer is not kept. */
  forgotten?: boolean;
}

export class Vaults {
  private readonly values = new Map<string, { value: string; until: number }>();
  private readonly pending = new Map<string, Pending>();
  private readonly changed = new Emitter<void>();
  private readonly readers: VaultReaders;
  /** Fires when the kept values are forgotten. */
  readonly onDidForget: Event<void> = this.changed.event;
  /** How many times each vault was read (not answered from memory): for the measurements in bench/. */
  readonly reads = { count: 0 };

  constructor(
    private readonly ports: VaultPorts,
    options: { keyVault?: KeyVaultOptions; readers?: Partial<VaultReaders> } = {},
  ) {
    this.readers = {
      onePassword: readOnePassword,
      pass: readPasswordStore,
      gopass: readPasswordStore,
      hashicorp: readHashiCorp,
      azureKeyVault: keyVaultReader(options.keyVault),
      command: readKeyCommand,
      ...options.readers,
    };
  }

  private now(): number {
    return this.ports.now?.() ?? Date.now();
  }

  /** The value kept from an earlier read, if it is still fresh. Never reads. */
  cached(reference: VaultReference): string | undefined {
    const kept = this.values.get(reference.text);
    if (kept && kept.until > this.now()) return kept.value;
    if (kept) this.values.delete(reference.text);
    return undefined;
  }

  /** Reads an item (or takes it from memory). Never throws; refused in Restricted Mode. */
  async read(reference: VaultReference, signal?: AbortSignal): Promise<VaultRead> {
    try {
      assertTrusted(() => this.ports.isTrusted());
    } catch (error) {
      if (error instanceof RestrictedModeError) return { ok: false, problem: { code: 'vault.restricted', vault: reference.vault } };
      throw error;
    }
    const kept = this.cached(reference);
    if (kept !== undefined) return { ok: true, value: kept };
    if (signal?.aborted) return { ok: false, problem: { code: 'vault.cancelled', vault: reference.vault } };
    const pending = this.pending.get(reference.text) ?? this.start(reference);
    pending.waiting++;
    return new Promise<VaultRead>((resolve) => {
      const leave = () => {
        signal?.removeEventListener('abort', cancelled);
        pending.waiting--;
      };
      const cancelled = () => {
        leave();
        if (pending.waiting === 0) pending.abort.abort();
        resolve({ ok: false, problem: { code: 'vault.cancelled', vault: reference.vault } });
      };
      signal?.addEventListener('abort', cancelled, { once: true });
      void pending.read.then((read) => {
        if (signal?.aborted) return;
        leave();
        resolve(read);
      });
    });
  }

  private start(reference: VaultReference): Pending {
    const abort = new AbortController();
    const { timeoutSeconds, cacheMinutes } = this.ports.settings();
    this.reads.count++;
    const read = this.readers[reference.vault](reference, { ports: this.ports, timeoutMs: timeoutSeconds * 1000, signal: abort.signal })
      .catch((): VaultRead => ({ ok: false, problem: { code: 'vault.failed', vault: reference.vault, detail: '' } }))
      .then((result) => {
        if (this.pending.get(reference.text) === pending) this.pending.delete(reference.text);
        // Forgotten meanwhile (Refresh Secrets): the answer serves its readers and is not kept.
        if (result.ok && cacheMinutes > 0 && !pending.forgotten) this.values.set(reference.text, { value: result.value, until: this.now() + cacheMinutes * 60_000 });
        return result;
      });
    const pending: Pending = { read, abort, waiting: 0 };
    this.pending.set(reference.text, pending);
    return pending;
  }

  /** Refresh Secrets: every kept value is forgotten; the next use reads the vault again. */
  forget(): void {
    this.values.clear();
    for (const pending of this.pending.values()) pending.forgotten = true;
    this.pending.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.values.clear();
    this.changed.dispose();
  }
}
