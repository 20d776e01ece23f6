/**
 * One extension host for bench/firstRequest.ts, run as a fresh Node process (bundled by esbuild,
 * no TypeScript loader): loads the production bundle dist/extension.js over a stand-in `vscode`
 * (fakeVscode.ts), activates it with the state the bench prepared, lists the offered models as VS
 * Code does, waits as a user would before asking, then sends chat requests through the chat
 * provider's `provideLanguageModelChatResponse`, one after another. Each request's moments are
 * marked (high-resolution epoch milliseconds, comparable with the server's):
 * - `start`: provideLanguageModelChatResponse called;
 * - `secretRead`: the connection's key read from secret storage;
 * - `loadStart` / `loadEnd`: the request code (dist/chat.js) required;
 * - `fetch`: the request handed to fetch (its preparation done: references, headers, body);
 * - `created`, `connecting`, `connected`, `headersSent`: fetch's own steps (undici's diagnostics
 *   channels): request created, a connection opened and ready, the request written;
 * - `end`: the answer streamed to its end.
 * The token counts VS Code asks for before a request are timed too, the first against later ones.
 */
import { subscribe } from 'node:diagnostics_channel';
import Module from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fakeContext, fakeParts, fakeVscode, MemoryMemento, MemorySecrets } from './fakeVscode';

export interface HostConfig {
  dist: string;
  global: [string, unknown][];
  secrets: [string, string][];
  requests: number;
  /** How long the user takes between the model list and the first question. */
  pauseMs: number;
}

export type Marks = Partial<Record<'start' | 'secretRead' | 'loadStart' | 'loadEnd' | 'fetch' | 'created' | 'connecting' | 'connected' | 'headersSent' | 'end', number>>;

export interface HostReport {
  marks: Marks[];
  /** provideTokenCount of the question: the first call, and the median of later ones (ms). */
  tokenCount: { firstMs: number; laterMs: number };
  /** When the models were listed (the moment warm-up may start). */
  listedAt: number;
}

const now = () => performance.timeOrigin + performance.now();

async function run(config: HostConfig): Promise<HostReport> {
  let current: Marks | undefined;
  const mark = (name: keyof Marks) => {
    if (current && current[name] === undefined) current[name] = now();
  };
  const { vscode, chatProviders } = fakeVscode();
  const moduleApi = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = moduleApi._load;
  moduleApi._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request !== './chat.js') return load.call(this, request, parent, isMain);
    mark('loadStart');
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      mark('loadEnd');
    }
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    mark('fetch');
    return realFetch(input, init);
  }) as typeof fetch;
  subscribe('undici:request:create', () => mark('created'));
  subscribe('undici:client:beforeConnect', () => mark('connecting'));
  subscribe('undici:client:connected', () => mark('connected'));
  subscribe('undici:client:sendHeaders', () => mark('headersSent'));

  const secrets = new MemorySecrets(new Map(config.secrets));
  secrets.onRead = () => mark('secretRead');
  // The production bundle as VS Code loads it: required, in this fresh process.
  const extension = module.require(join(config.dist, 'extension.js')) as { activate(context: unknown): void };
  extension.activate(fakeContext(new MemoryMemento(new Map(config.global)), secrets, join(config.dist, '..')));
  type Provider = {
    provideLanguageModelChatInformation(options: { silent: boolean }, token: unknown): { id: string; maxOutputTokens: number }[];
    provideLanguageModelChatResponse(model: unknown, messages: unknown[], options: unknown, progress: unknown, token: unknown): Promise<void>;
    provideTokenCount(model: unknown, text: unknown, token: unknown): Promise<number>;
  };
  const provider = chatProviders[0] as Provider;
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
  const listedAt = now();
  const [model] = provider.provideLanguageModelChatInformation({ silent: true }, token);
  if (!model) throw new Error('no model offered');
  await new Promise((resolve) => setTimeout(resolve, config.pauseMs));

  const question = () => [{ role: 1, name: undefined, content: [new fakeParts.LanguageModelTextPart('Say hello in one short sentence, please.')] }];
  const counts: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await provider.provideTokenCount(model, question()[0], token);
    counts.push(performance.now() - started);
  }
  const later = counts.slice(1).sort((a, b) => a - b);

  const marks: Marks[] = [];
  let text = '';
  const progress = { report: (part: { value?: string }) => (text += part.value ?? '') };
  for (let i = 0; i < config.requests; i++) {
    current = { start: now() };
    await provider.provideLanguageModelChatResponse(model, question(), { tools: [], modelOptions: {} }, progress, token);
    current.end = now();
    marks.push(current);
    current = undefined;
  }
  if (!text.includes('Hello')) throw new Error(`unexpected answer: ${text.slice(0, 80)}`);
  return { marks, tokenCount: { firstMs: counts[0]!, laterMs: later[Math.floor(later.length / 2)]! }, listedAt };
}

process.once('message', (config: HostConfig) => {
  run(config).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});
