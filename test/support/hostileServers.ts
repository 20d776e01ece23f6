/**
 * Servers that misbehave on purpose: redirect elsewhere, drip bytes, never end, send a gzip bomb or
 * JSON nested a million deep. The tester must classify each within its timeout and never send a
 * key to another origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from './localServer';
import { gzipSync } from 'node:zlib';

export interface LocalServer {
  origin: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  const listening = await listenLocally(server);
  return {
    origin: listening.origin,
    requests,
    close: listening.close,
  };
}

/** Answers every request as a provider would on success, so a followed redirect would look like a pass. */
export function modelList(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o' }], models: [{ name: 'models/gemini-2.0-flash' }] }));
}

/** Redirects every request with `status` to `target` + the request's path. */
export function redirectTo(status: number, target: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { location: `${target()}${req.url ?? '/'}` });
    res.end();
  };
}

/** One byte every `everyMs`, forever: never finishes within any timeout. */
export function drip(everyMs: number) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[');
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** A chunked body that never ends, 64 KiB at a time as fast as the client reads. */
export function endless(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** 64 MiB of spaces gzipped to about 64 KiB. */
export function gzipBomb(): (req: IncomingMessage, res: ServerResponse) => void {
  const body = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) });
    res.end(body);
  };
}

/** Valid JSON nested `depth` arrays deep, under the body cap. */
export function deepJson(depth: number, status = 200) {
  const body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? body : `{"error":{"message":${body}}}`);
  };
}
