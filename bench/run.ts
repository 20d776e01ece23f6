/** `npm run bench`: one table of the figures the closing notes and README quote; also written to bench/results/. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../package.json';
import { benchChat } from './chat';
import { benchFirstRequest } from './firstRequest';
import { benchNetwork } from './network';
import { benchScrub } from './scrub';
import { benchShared } from './shared';
import { benchTestAll } from './testAll';
import { benchTree } from './treeBuild';
import { benchVaults } from './vaults';
import { benchYaml } from './yaml';

const root = join(__dirname, '..');

function bundleSizes(): Record<string, number> {
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'ignore' });
  const sizes: Record<string, number> = {};
  for (const file of ['dist/extension.js', 'dist/chat.js', 'dist/webview.js', 'dist/yaml.js', 'dist/dotenvx.js', 'dist/network.js']) sizes[file] = statSync(join(root, file)).size;
  const vsix = join(root, `ai-connections-${version}.vsix`);
  if (existsSync(vsix)) sizes[vsix.slice(root.length + 1)] = statSync(vsix).size;
  return sizes;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const rows: [string, string, string][] = [];
  const tree = [100, 1_000, 10_000].map((n) => benchTree(n));
  for (const r of tree) {
    rows.push([`Tree, ${r.connections.toLocaleString('en-US')} connections`, 'first build (every record parsed)', ms(r.firstMedianMs)]);
    rows.push(['', `refresh median / p95 (${r.runs} runs)`, `${ms(r.medianMs)} / ${ms(r.p95Ms)}`]);
  }
  const scrub = benchScrub();
  for (const r of scrub) rows.push([r === scrub[0] ? 'Scrubbing, 3 secrets (1.7 KB Entra token among them)' : '', `${r.label} of provider text, median per call`, ms(r.msPerCall)]);
  const testAll = await benchTestAll();
  for (const r of testAll) {
    rows.push([r === testAll[0] ? 'Test All, 200 connections, 100 ms server' : '', `concurrency ${r.concurrency}: wall / ideal`, `${(r.wallMs / 1000).toFixed(2)} s / ${(r.idealMs / 1000).toFixed(2)} s = ${r.ratio.toFixed(3)} (${r.passed}/200 ok)`]);
  }
  const chat = await benchChat();
  const first = chat.firstToken;
  rows.push(['Chat streaming (OpenAI format)', `first token, median of ${first.runs}: direct fetch / streamChat`, `${ms(first.directMedianMs)} / ${ms(first.oursMedianMs)} = +${ms(first.addedMs)}`]);
  for (const c of chat.chunks) rows.push(['', `${c.chunks.toLocaleString('en-US')} chunks parsed (whole client, in-process body)`, `${c.ms.toFixed(1)} ms (${c.usPerChunk.toFixed(2)} µs per chunk)`]);
  rows.push(['', '20,000 / 2,000 chunks time ratio (linear: 10)', chat.ratio.toFixed(1)]);
  rows.push(['', `token count of a question with a 4 MB image, median of ${chat.imageCount.runs.toLocaleString('en-US')}`, `${chat.imageCount.tokens.toLocaleString('en-US')} tokens in ${ms(chat.imageCount.medianMs)}`]);
  const firstRequest = await benchFirstRequest();
  for (const run of firstRequest.runs) {
    rows.push([
      run === firstRequest.runs[0] ? `First chat request, provider call → server (${firstRequest.trials} fresh hosts)` : '',
      `${run.connections === 'new' ? 'each request on a new connection' : "later requests on the first one's connection"}: first / later`,
      `${ms(run.firstMs)} / ${ms(run.laterMs)} = ${run.ratio.toFixed(2)}×`,
    ]);
    for (const p of run.phases) if (p.firstMs >= 0.5 || p.laterMs >= 0.5) rows.push(['', `  ${p.label}`, `${ms(p.firstMs)} / ${ms(p.laterMs)}`]);
  }
  rows.push(['', 'provideTokenCount of the question: first / later', `${ms(firstRequest.tokenCount.firstMs)} / ${ms(firstRequest.tokenCount.laterMs)}`]);
  const yaml = benchYaml();
  for (const r of yaml) rows.push([r === yaml[0] ? 'Reading a promptflow YAML file (< 1 MB)' : '', `${r.label}, ${kib(r.bytes)}: median of ${r.runs}`, `${ms(r.ms)} (${r.outcome})`]);
  const shared = benchShared();
  for (const r of shared) rows.push([r === shared[0] ? 'Reading a shared connections file' : '', `${r.label}, ${kib(r.bytes)}: median of ${r.runs}`, `${ms(r.ms)} (${r.connections} connections)`]);
  const vaults = await benchVaults();
  rows.push(['Keys from vaults (a real pass store)', `request put together, median of ${vaults.runs}: typed key / \${pass:…} kept in memory`, `${ms(vaults.typedKeyMs)} / ${ms(vaults.warmVaultMs)} = +${ms(vaults.addedMs)}`]);
  rows.push(['', `cold pass show (GnuPG decrypting), median of ${vaults.coldRuns}`, ms(vaults.coldPassMs)]);
  rows.push(['', `${vaults.connections} connections naming one item, two cache periods`, `${vaults.readsOverTwoPeriods} vault reads`]);
  const network = await benchNetwork();
  const fine = (value: number) => `${value.toFixed(3)} ms`;
  const tunnelsSeen = (pair: typeof network.https) => `${pair.warmupTunnels} / ${pair.tunnels}`;
  rows.push(['Network (private-CA HTTPS server, tinyproxy)', `GET /v1/models, warm, median of ${network.gets}: direct with the CA / through tinyproxy`, `${fine(network.https.directMs)} / ${fine(network.https.proxiedMs)} = +${fine(network.https.addedMs)}`]);
  rows.push(['', 'tinyproxy CONNECTs: warm-up / timed GETs', tunnelsSeen(network.https)]);
  rows.push(['', `plain http GET, median of ${network.gets}: host fetch / undici direct / through tinyproxy`, `${fine(network.http.directMs)} / ${fine(network.http.routeDirectMs)} / ${fine(network.http.proxiedMs)} = +${fine(network.http.addedMs)}`]);
  rows.push(['', 'plain http: tinyproxy CONNECTs, server connections: warm-up / timed GETs', `${tunnelsSeen(network.http)}, ${network.http.warmupConnections} / ${network.http.serverConnections}`]);
  rows.push(['', `request put together, no Network settings, median of ${network.prepareRuns}: no port / port`, `${fine(network.withoutPortMs)} / ${fine(network.withPortMs)} = +${fine(network.portAddedMs)} (host fetch: ${network.hostFetch ? 'yes' : 'no'})`]);
  rows.push(['', `request put together, median of ${network.tlsRuns}: no TLS / CA file / CA + client certificate and encrypted key`, `${fine(network.plainMs)} / ${fine(network.caFileMs)} / ${fine(network.clientCertMs)}`]);
  rows.push(['', `loading dist/network.js in a fresh Node, median of ${network.loadRuns}`, fine(network.networkLoadMs)]);
  const sizes = bundleSizes();
  for (const [file, size] of Object.entries(sizes)) rows.push([file === 'dist/extension.js' ? 'Bundles (production)' : '', file, kib(size)]);
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 8));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(width[i] ?? 0)).join(' | ')} |`;
  console.log(line(['Measure', 'Case', 'Result']));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, tree, scrub, testAll, chat, firstRequest, yaml, shared, vaults, network, sizes }, null, 2));
}

void main();
