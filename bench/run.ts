/** `npm run bench`: prints the figures the closing notes quote, and writes them to bench/results/. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchScrub } from './scrub';
import { benchTestAll } from './testAll';
import { benchTree } from './treeBuild';

const root = join(__dirname, '..');

function bundleSizes(): Record<string, number> {
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'ignore' });
  const sizes: Record<string, number> = {};
  for (const file of ['dist/extension.js', 'dist/webview.js']) sizes[file] = statSync(join(root, file)).size;
  const vsix = join(root, `ai-connections-${require('../package.json').version}.vsix`);
  if (existsSync(vsix)) sizes[vsix.slice(root.length + 1)] = statSync(vsix).size;
  return sizes;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const tree = [100, 1_000, 10_000].map((n) => benchTree(n));
console.log('Tree build (store.list() + buildTree): first build (every record parsed), then refresh median / p95:');
for (const r of tree) console.log(`  ${String(r.connections).padStart(6)} connections: first ${r.firstMedianMs.toFixed(2)} ms; refresh ${r.medianMs.toFixed(2)} ms / ${r.p95Ms.toFixed(2)} ms (${r.runs} runs)`);
const scrub = benchScrub();
console.log('scrubSecrets, 3 secrets (OpenAI key, Azure key, 1.7 KB Entra token), median per call:');
for (const r of scrub) console.log(`  ${r.label.padStart(6)} of provider text: ${r.msPerCall.toFixed(2)} ms (${r.calls} calls)`);
async function main(): Promise<void> {
const testAll = await benchTestAll();
console.log('Test All, 200 connections, server answers in 100 ms (wall / ideal = ceil(200/c) x 100 ms):');
for (const r of testAll) console.log(`  concurrency ${String(r.concurrency).padStart(2)}: ${(r.wallMs / 1000).toFixed(2)} s / ${(r.idealMs / 1000).toFixed(2)} s = ${r.ratio.toFixed(3)} (${r.passed}/200 passed)`);
const sizes = bundleSizes();
console.log('Bundle sizes (production build):');
for (const [file, size] of Object.entries(sizes)) console.log(`  ${file}: ${kib(size)} (${size} bytes)`);
mkdirSync(join(__dirname, 'results'), { recursive: true });
writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, tree, scrub, testAll, sizes }, null, 2));
}

void main();
