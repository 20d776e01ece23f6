/**
 * The tree's view of references: per connection, the problems of its references, computed on
 * demand (when the tree shows the connection, never at activation), kept until a connection, a
 * file or a setting changes, and announced when they are known.
 */
import type { Connection, SecretBag } from '../connection';
import { Emitter, type Disposable, type Event } from '../events';
import { inspectConnection, resolutionProblems } from './inspect';
import type { ResolutionMessage } from '../messages';
import type { ReferenceResolution } from './resolver';

export class ReferenceStatus implements Disposable {
  private readonly known = new Map<string, { modified: string; problems: ResolutionMessage[] }>();
  private readonly pending = new Set<string>();
  private readonly changed = new Emitter<void>();
  private generation = 0;
  private scheduled: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly resolution: ReferenceResolution,
    private readonly readSecrets: (connection: Connection) => Promise<SecretBag>,
    /** Whether a connection's references may be looked at now: a shared one's not in Restricted Mode. */
    private readonly mayResolve: (connection: Connection) => boolean = () => true,
  ) {}

  /** Problems already known for the connection; unknown ones are computed and announced. */
  problems(connection: Connection): ResolutionMessage[] | undefined {
    const known = this.known.get(connection.id);
    if (known && known.modified === connection.dateModified) return known.problems;
    if (!this.pending.has(connection.id)) {
      this.pending.add(connection.id);
      const generation = this.generation;
      void this.compute(connection).then((problems) => {
        this.pending.delete(connection.id);
        if (generation !== this.generation) return;
        const shown = this.known.get(connection.id)?.problems ?? [];
        this.known.set(connection.id, { modified: connection.dateModified, problems });
        // Only a change the view shows refreshes it: a refresh under the pointer can swallow a click.
        if (JSON.stringify(shown) !== JSON.stringify(problems)) this.announce();
      });
    }
    return known?.problems;
  }

  private async compute(connection: Connection): Promise<ResolutionMessage[]> {
    if (!this.mayResolve(connection)) return [];
    try {
      const secrets = connection.secretKeys.length > 0 ? await this.readSecrets(connection) : {};
      return resolutionProblems(await inspectConnection(this.resolution, connection, secrets));
    } catch {
      return [];
    }
  }

  private announce(): void {
    // Many connections finish together: one refresh for them all.
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.changed.fire();
    }, 20);
  }

  /** Forgets everything; the next look computes again (and the old answers stay shown until then). */
  invalidate(): void {
    this.generation++;
    this.pending.clear();
    for (const [id, entry] of this.known) this.known.set(id, { ...entry, modified: '' });
    // The view asks again, which computes the new answers.
    this.changed.fire();
  }

  dispose(): void {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.changed.dispose();
  }
}
