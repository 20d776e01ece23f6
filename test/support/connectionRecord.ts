/** A stored connection record for tests, with the fields a test leaves out filled in. */
import type { Connection } from '../../src/domain/connection';

export function conn(partial: Partial<Connection> & Pick<Connection, 'providerId' | 'alias' | 'name'>): Connection {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    scope: 'global',
    isActive: true,
    settings: {},
    secretKeys: [],
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateModified: '2026-01-01T00:00:00.000Z',
    ...partial,
  };
}
