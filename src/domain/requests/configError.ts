import type { Message } from '../messages';
import type { PrepareProblem } from './messages';

/** A failure before any request is sent: the settings are incomplete (or there is nothing to test). */
export class ConfigError extends Error {
  constructor(
    readonly detail: PrepareProblem<Message>,
    readonly skip = false,
  ) {
    super(detail.code);
    this.name = 'ConfigError';
  }
}
