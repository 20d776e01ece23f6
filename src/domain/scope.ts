/** Where a connection is kept: the user's settings (global) or the workspace's. */
export const SCOPES = ['global', 'workspace'] as const;

export type Scope = (typeof SCOPES)[number];
