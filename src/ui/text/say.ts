import type { Message } from '../../domain/messages';

/**
 * Renders a message: `say` in ./index.ts, handed to each area's text function for the messages
 * nested as parameters (the area files do not import the index, which imports them).
 */
export type Say = (message: Message) => string;
