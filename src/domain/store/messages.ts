/** What the connection store tells the user (see src/domain/messages.ts). */
export type StoreMessage = { code: 'store.notFound' };
