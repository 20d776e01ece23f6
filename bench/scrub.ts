/**
 * scrubSecrets on provider error text of 4 KB and 2 MB with 3 secrets (an OpenAI-style key, an Azure
 * hex key and an Entra ID token of 1.7 KB). The text mixes JSON, HTML entities, percent-encoded URLs
 * and a few echoes of the keys (plain, URL-encoded, base64, masked), so every pass of the scrubber runs.
 * `node --import tsx bench/scrub.ts` prints the figures alone; `npm run bench` includes them.
 */
import { performance } from 'node:perf_hooks';
import { scrubSecrets } from '../src/domain/requests';

export interface ScrubBenchResult {
  label: string;
  bytes: number;
  /** Median time of one call. */
  msPerCall: number;
  calls: number;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const openai = 'sk-proj-test_Ab3-xY9_kL2m-Qw7Zr';
const azure = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const entra = [
  b64url('{"typ":"JWT","alg":"none"}'),
  b64url(JSON.stringify({ aud: 'https://cognitiveservices.azure.com', sub: 'test-user', name: 'Test Only', groups: Array.from({ length: 60 }, (_, i) => `test-group-${i}`) })),
  b64url('fake-signature-for-tests'.repeat(8)),
].join('.');
const BENCH_SECRETS = [openai, azure, entra];

const FILLER = [
  '{"error":{"message":"Incorrect API key provided. You can find your API key at https://platform.example.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
  '<p>Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription &amp; use a correct regional API endpoint for your resource.</p>',
  'GET https://api.example.com/v1/models?api-version=2024-10-21&alt=json%20stream failed: 401 Unauthorized (request id req_0a1b2c3d4e5f, retry after 20 s).',
  '{"detail":"The model \\"gpt-4o\\" does not exist or you do not have access to it.\\nSee https:\\/\\/docs.example.com\\/models for the list."}',
  'Rate limit reached for requests per minute: limit 3500, used 3500, requested 1. Please try again in 20ms. Visit the usage page to learn more.',
];
const ECHOES = [`Incorrect API key provided: ${openai.slice(0, 6)}…${openai.slice(-4)}.`, `?subscription-key=${encodeURIComponent(azure)}&amp;region=westeurope`, `Authorization: ${Buffer.from(`Bearer ${openai}`).toString('base64')}`, `token ${entra} expired`];

function benchText(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    // One echo of a key every 100 parts (~18 KB); the 4 KB text gets one too.
    const part = i % 100 === 3 ? ECHOES[((i / 100) | 0) % ECHOES.length]! : FILLER[i % FILLER.length]!;
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(' ').slice(0, size);
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(label: string, size: number, calls: number, batch: number): ScrubBenchResult {
  const text = benchText(size);
  for (let i = 0; i < 3; i++) scrubSecrets(text, BENCH_SECRETS, 600);
  const times: number[] = [];
  for (let i = 0; i < calls / batch; i++) {
    const start = performance.now();
    for (let j = 0; j < batch; j++) scrubSecrets(text, BENCH_SECRETS, 600);
    times.push((performance.now() - start) / batch);
  }
  return { label, bytes: text.length, msPerCall: median(times), calls };
}

export function benchScrub(): ScrubBenchResult[] {
  return [measure('4 KB', 4 * 1024, 2000, 100), measure('2 MB', 2 * 1024 * 1024, 30, 1)];
}

if (require.main === module) {
  for (const r of benchScrub()) console.log(`  ${r.label.padStart(6)} (${r.bytes} characters): ${r.msPerCall.toFixed(3)} ms per call (median of ${r.calls} calls)`);
}
