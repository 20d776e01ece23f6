/**
 * Server-sent events from text chunks, through `eventsource-parser` (the WHATWG parsing rules:
 * lines split on CR, LF or CRLF, multi-line `data:` joined, comments skipped). An event or line
 * that grows past `maxEventChars` without ending is a bad response rather than unbounded memory.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { StreamProblem } from './errors';
import type { SseEvent } from './formats/common';

const MAX_EVENT_CHARS = 8 * 1024 * 1024;

export class SseReader {
  private readonly parser: EventSourceParser;
  private problem: StreamProblem | undefined;
  /** Whether any event arrived. */
  sawEvent = false;

  constructor(onEvent: (event: SseEvent) => void, maxEventChars = MAX_EVENT_CHARS) {
    this.parser = createParser({
      maxBufferSize: maxEventChars,
      onEvent: (event) => {
        this.sawEvent = true;
        onEvent(event);
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.problem ??= new StreamProblem('badResponse', { code: 'chat.eventTooLong', size: `${Math.round(maxEventChars / 1024 / 1024)} MB` });
      },
    });
  }

  /** Feeds a chunk; events found are handed to `onEvent` before this returns. */
  feed(chunk: string): void {
    if (this.problem) throw this.problem;
    this.parser.feed(chunk);
    if (this.problem) throw this.problem;
  }

  /** The stream ended: an event not closed by a blank line is dropped, as the standard says. */
  end(): void {
    if (this.problem) throw this.problem;
    this.parser.reset();
  }
}
