/**
 * The first chat request against later ones: the time from the chat provider's
 * `provideLanguageModelChatResponse` to a local OpenAI-compatible server receiving the request,
 * measured in fresh extension hosts (firstRequestHost.ts: a new Node process each, the production
 * bundles over a stand-in `vscode`), and where the first request's time goes.
 *
 * Each trial activates the extension with one saved OpenAI-compatible connection whose model is
 * offered in Chat, lists the models as VS Code does, waits as a user would (`PAUSE_MS`), then
 * sends `REQUESTS` requests one after another. A request's overhead is the server's receipt time
 * less the call's start (both high-resolution epoch times on this machine). Reported: the median
 * over trials of the first request's overhead and of the median of the later ones, their ratio,
 * and per phase the median time of the first request and of a later one; twice: with each request
 * on a new connection (as through VS Code's fetch, and for questions a few seconds apart), and with
 * later requests on the first one's connection. The server is on 127.0.0.1 (no name lookup) in
 * this process; the key is read from in-memory secret storage, so what VS Code adds (its IPC, the
 * OS keyring, its proxy resolution and certificates) is not in these figures.
 * `node --import tsx bench/firstRequest.ts` prints the figures alone; `npm run bench` includes them.
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chatModels } from '../src/domain/chat/models';
import { ChatModelStore } from '../src/domain/chat/selection';
import { ConnectionStore } from '../src/domain/store/connectionStore';
import { listenLocally } from '../test/support/localServer';
import { MemoryState, MemoryVault } from '../test/support/memoryPorts';
import type { HostConfig, HostReport, Marks } from './firstRequestHost';

const root = join(__dirname, '..');
const KEY = 'sk-test-bench-first-0000';
const MODEL = 'local-coder-1';
const REQUESTS = 10;
/** Between the model list and the first question: a user opening Chat and typing one. */
const PAUSE_MS = 2000;

/** The phases of a request, each ending at its mark (a phase whose mark is missing took no time). */
const PHASES: readonly { mark: keyof Marks | 'received'; label: string }[] = [
  { mark: 'secretRead', label: 'request context: trust check, connection, key read' },
  { mark: 'loadStart', label: 'request context: the rest' },
  { mark: 'loadEnd', label: 'loading the request code (dist/chat.js)' },
  { mark: 'fetch', label: 'messages, references, headers and body' },
  { mark: 'created', label: "fetch set-up (Node's fetch loads on its first use)" },
  { mark: 'connecting', label: 'fetch: to the connection attempt' },
  { mark: 'connected', label: 'connection opened' },
  { mark: 'headersSent', label: 'request written' },
  { mark: 'received', label: 'to the server' },
];

/** Whether later requests find the first one's connection open (`kept`) or open their own (`new`). */
export type Connections = 'new' | 'kept';

export interface FirstRequestRun {
  connections: Connections;
  /** Medians over trials, in ms. */
  firstMs: number;
  laterMs: number;
  ratio: number;
  /** Per phase: the median time of the first request and of a later one, in ms. */
  phases: { label: string; firstMs: number; laterMs: number }[];
}

export interface FirstRequestResult {
  trials: number;
  requests: number;
  runs: FirstRequestRun[];
  /** provideTokenCount of the question, first call and later ones (medians, ms). */
  tokenCount: { firstMs: number; laterMs: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * A local OpenAI-compatible chat server that notes when each request arrives. With `new`
 * connections it closes each one after its answer, so every request opens its own: as requests
 * through VS Code's fetch do (it gives each request an agent of its own where proxy support or
 * system certificates apply, VS Code's defaults), and as a user's questions do once they are
 * further apart than a connection is kept open (a few seconds).
 */
async function startServer(connections: Connections): Promise<{ baseUrl: string; received: number[]; close(): Promise<void> }> {
  const received: number[] = [];
  const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  const server: Server = createServer((req, res) => {
    received.push(performance.timeOrigin + performance.now());
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', ...(connections === 'new' ? { connection: 'close' } : {}) });
      res.end(`${chunk('Hel')}${chunk('lo!')}data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
  });
  const listening = await listenLocally(server);
  return { baseUrl: `${listening.origin}/v1`, received, close: listening.close };
}

/** Global state and secrets holding one OpenAI-compatible connection whose model is offered in Chat. */
async function savedState(baseUrl: string): Promise<Pick<HostConfig, 'global' | 'secrets'>> {
  const global = new MemoryState();
  const secrets = new MemoryVault();
  const store = new ConnectionStore({ global, secrets });
  const connection = await store.create({ providerId: 'openai-compatible', name: 'Local Coder', alias: 'local-coder', scope: 'global', isActive: true, values: { baseUrl, apiKey: KEY } });
  await new ChatModelStore({ global }).recordList(connection, chatModels('openai-compatible', { data: [{ id: MODEL }] }));
  return { global: [...global.data.entries()], secrets: [...secrets.data.entries()] };
}

function trial(host: string, config: HostConfig): Promise<HostReport> {
  return new Promise((resolve, reject) => {
    const child = fork(host, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    child.once('message', (report) => resolve(report as HostReport));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the extension host exited with ${code}`))));
    child.send(config);
  });
}

/** Each phase's duration: from the previous mark present to its own. */
function phaseTimes(marks: Marks & { received: number }): number[] {
  let previous = marks.start!;
  return PHASES.map(({ mark }) => {
    const at = marks[mark];
    if (at === undefined) return 0;
    const took = at - previous;
    previous = at;
    return took;
  });
}

/** The median figures of one way of connecting, from each trial's report and the server's receipt times. */
function summary(connections: Connections, trials: { report: HostReport; received: number[] }[]): FirstRequestRun {
  const firsts: number[] = [];
  const laters: number[] = [];
  const firstPhases: number[][] = PHASES.map(() => []);
  const laterPhases: number[][] = PHASES.map(() => []);
  for (const { report, received } of trials) {
    const overheads = report.marks.map((m, i) => received[i]! - m.start!);
    firsts.push(overheads[0]!);
    laters.push(median(overheads.slice(1)));
    report.marks.forEach((m, i) => phaseTimes({ ...m, received: received[i]! }).forEach((ms, p) => (i === 0 ? firstPhases : laterPhases)[p]!.push(ms)));
  }
  const firstMs = median(firsts);
  const laterMs = median(laters);
  return { connections, firstMs, laterMs, ratio: firstMs / laterMs, phases: PHASES.map(({ label }, p) => ({ label, firstMs: median(firstPhases[p]!), laterMs: median(laterPhases[p]!) })) };
}

/**
 * `dist`: the bundles to measure (by default this checkout's, built first); the trials of both
 * ways of connecting alternate, so both see the same machine load.
 */
export async function benchFirstRequest(trials = 11, options: { dist?: string } = {}): Promise<FirstRequestResult> {
  if (!options.dist) execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'ai-connections-first-request-'));
  const host = join(dir, 'host.js');
  await build({ entryPoints: [join(__dirname, 'firstRequestHost.ts')], outfile: host, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  const ways: Connections[] = ['new', 'kept'];
  const servers = await Promise.all(ways.map((way) => startServer(way)));
  try {
    const configs = await Promise.all(servers.map(async (server): Promise<HostConfig> => ({ dist: options.dist ?? join(root, 'dist'), ...(await savedState(server.baseUrl)), requests: REQUESTS, pauseMs: PAUSE_MS })));
    const reports: { report: HostReport; received: number[] }[][] = ways.map(() => []);
    for (let t = 0; t < trials; t++) {
      for (const [w, server] of servers.entries()) {
        const before = server.received.length;
        const report = await trial(host, configs[w]!);
        const received = server.received.slice(before);
        if (received.length !== REQUESTS) throw new Error(`the server received ${received.length} of ${REQUESTS} requests`);
        reports[w]!.push({ report, received });
      }
    }
    const counts = reports.flat().map((r) => r.report.tokenCount);
    return {
      trials,
      requests: REQUESTS,
      runs: ways.map((way, w) => summary(way, reports[w]!)),
      tokenCount: { firstMs: median(counts.map((c) => c.firstMs)), laterMs: median(counts.map((c) => c.laterMs)) },
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const WAYS: Record<Connections, string> = { new: 'each request on a new connection', kept: "later requests on the first one's connection" };

if (require.main === module) {
  // BENCH_DIST=<folder> measures other bundles (another checkout's dist/), without building.
  void benchFirstRequest(11, process.env.BENCH_DIST ? { dist: process.env.BENCH_DIST } : {}).then((r) => {
    for (const run of r.runs) {
      console.log(`  ${WAYS[run.connections]}: provideLanguageModelChatResponse → server, median of ${r.trials} fresh hosts: first ${run.firstMs.toFixed(2)} ms, later ${run.laterMs.toFixed(2)} ms (median of requests 2–${r.requests}), ratio ${run.ratio.toFixed(2)}`);
      for (const p of run.phases) console.log(`    ${p.label.padEnd(56)} first ${p.firstMs.toFixed(2).padStart(7)} ms   later ${p.laterMs.toFixed(2).padStart(6)} ms`);
    }
    console.log(`  provideTokenCount of the question: first ${r.tokenCount.firstMs.toFixed(2)} ms, later ${r.tokenCount.laterMs.toFixed(3)} ms`);
  });
}
