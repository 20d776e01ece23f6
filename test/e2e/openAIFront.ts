/**
 * One local OpenAI origin in front of two test servers: `GET /v1/models` goes to a model-list
 * fake (fakeProviders.ts) and everything else to a chat fake (fakeChatServers.ts), as one base
 * URL serves both on the real API. Bodies and streams pass through unbuffered; a client that
 * closes its connection early closes the one behind it at once, so the chat fake sees it too.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { listenLocally } from '../support/localServer';
import type { FakeChatServer } from '../support/fakeChatServers';
import type { FakeProvider } from '../support/fakeProviders';

export interface FrontRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** When the request arrived (Date.now()). */
  receivedAt: number;
  /** The status the server behind answered with (undefined until it answered). */
  status?: number;
  /** When the client's connection for this request closed (Date.now()), and whether the answer was complete by then. */
  closedAt?: number;
  complete?: boolean;
}

export interface OpenAIFront {
  origin: string;
  /** The connection's base URL (with /v1, as OpenAI's). */
  baseUrl: string;
  requests: FrontRequest[];
  close(): Promise<void>;
}

export async function startOpenAIFront(models: Pick<FakeProvider, 'origin'>, chat: Pick<FakeChatServer, 'origin'>): Promise<OpenAIFront> {
  const requests: FrontRequest[] = [];
  const server: Server = createServer((req, res) => {
    const recorded: FrontRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, receivedAt: Date.now() };
    requests.push(recorded);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const behind = req.method === 'GET' && path === '/v1/models' ? models.origin : chat.origin;
    // A connection of its own for each request (no pooling), so closing it is seen behind.
    const upstream = request(`${behind}${req.url ?? '/'}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
      recorded.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    res.on('close', () => {
      recorded.closedAt = Date.now();
      recorded.complete = res.writableFinished;
      if (!res.writableFinished) upstream.destroy();
    });
  });
  const listening = await listenLocally(server);
  const origin = listening.origin;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    close: listening.close,
  };
}
