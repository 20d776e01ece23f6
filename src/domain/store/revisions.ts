/**
 * Changes across windows: every window shares the vault, and VS Code tells each window when a
 * secret changes in another. A window that changed connections writes a new revision under one
 * key; the other windows hear of it and reload, and the window itself knows its own revision.
 */
import type { Disposable } from '../events';
import type { Logger } from '../logger';
import { describeCause } from './errors';
import type { SecretVault } from './ports';

/** Written after every change so other windows hear of it through SecretStorage's change event. */
export const REVISION_KEY = 'aiConnections/revision';

export interface RevisionsOptions {
  secrets: SecretVault;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** Called when another window (not this one) wrote a revision. */
  onNews: () => void;
}

export class Revisions implements Disposable {
  /** The revision this window wrote last: its own change event is not news. */
  private own: string | undefined;
  private readonly listener: Disposable;

  constructor(private readonly options: RevisionsOptions) {
    this.listener = options.secrets.onDidChange((key) => {
      if (key === REVISION_KEY) void this.heard();
    });
  }

  /** Tells the other windows, through the vault's change event, that something changed. Never rejects. */
  async announce(): Promise<void> {
    this.own = `${this.options.now().getTime()}-${this.options.newId()}`;
    try {
      await this.options.secrets.store(REVISION_KEY, this.own);
    } catch (error) {
      this.options.logger.warn(`Couldn't notify other windows of the change: ${describeCause(error)}`);
    }
  }

  dispose(): void {
    this.listener.dispose();
  }

  private async heard(): Promise<void> {
    try {
      if ((await this.options.secrets.get(REVISION_KEY)) === this.own) return;
    } catch {
      /* unreadable: refresh anyway */
    }
    this.options.onNews();
  }
}
