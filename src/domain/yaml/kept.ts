/**
 * Which stored keys a promptflow update keeps. Small and free of the YAML parser, so the import's
 * preview in the extension bundle can say what is kept without loading the YAML bundle.
 */
import type { Connection } from '../connection';
import { requestTarget, sameOrigin } from '../destination';

/** What of an imported connection decides where it sends keys. */
type Importing = { providerId: string; values: Connection['settings'] };

/** Where an imported connection's requests go, with the URLs given for its placeholders. */
export function importedTarget(connection: Importing, urls: Readonly<Record<string, string>> = {}): string | undefined {
  return requestTarget({ providerId: connection.providerId, settings: { ...connection.values, ...urls } });
}

/**
 * The stored keys an update may keep (`******`, `<no-change>` or empty in the file): those of the
 * same provider, and only while the file leaves its requests on the same scheme, host and port.
 */
export function keptKeys(connection: Importing, target: Pick<Connection, 'providerId' | 'secretKeys' | 'settings'> | undefined, urls?: Readonly<Record<string, string>>): Set<string> {
  if (!target || target.providerId !== connection.providerId) return new Set();
  return sameOrigin(requestTarget(target), importedTarget(connection, urls)) ? new Set(target.secretKeys) : new Set();
}
