/**
 * Reading a folder's shared connections file (parseSharedFile: JSON with comments, each definition
 * checked against its provider), which the extension does when a window opens and after each change
 * of the file: 1, 20 and 200 definitions (200 is the most read), and the largest file read (256 KB).
 * `node --import tsx bench/shared.ts` prints the figures alone; `npm run bench` includes them.
 */
import { performance } from 'node:perf_hooks';
import { parseSharedFile } from '../src/domain/shared/parse';

export interface SharedBenchResult {
  label: string;
  bytes: number;
  /** Median time of one read. */
  ms: number;
  runs: number;
  connections: number;
}

const folder = { uri: 'file:///bench/app', name: 'app' };

function file(count: number): string {
  const entries = Array.from({ length: count }, (_, i) => ({
    id: `team-${i}`,
    alias: `team-${i}`,
    name: `Team connection ${i}`,
    provider: i % 2 === 0 ? 'openai' : 'custom',
    ...(i % 2 === 0
      ? { settings: { baseUrl: `https://gateway-${i}.example.com/v1`, organization: 'org-team' }, secrets: { apiKey: 'ask' } }
      : { settings: { configs: { region: 'eu', tier: 'standard' } }, secrets: { secrets: { api_key: '${env:TEAM_KEY}', other: 'ask' } } }),
  }));
  return `{\n  // the team's connections\n  "connections": ${JSON.stringify(entries, null, 2)}\n}\n`;
}

export function benchShared(runs = 51): SharedBenchResult[] {
  const cases = [
    { label: '1 definition', text: file(1) },
    { label: '20 definitions', text: file(20) },
    { label: '200 definitions (the most read)', text: file(200) },
    { label: 'largest file read, 256 KB of comment', text: `{\n  // ${'x'.repeat(255 * 1024)}\n  "connections": []\n}\n` },
  ];
  return cases.map(({ label, text }) => {
    const times: number[] = [];
    let connections = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      connections = parseSharedFile(text, folder).connections.length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { label, bytes: Buffer.byteLength(text), ms: times[Math.floor(times.length / 2)]!, runs, connections };
  });
}

if (require.main === module) {
  for (const r of benchShared()) console.log(`${r.label.padEnd(38)} ${(r.bytes / 1024).toFixed(1).padStart(6)} KB  ${r.ms.toFixed(2).padStart(7)} ms  (median of ${r.runs})  ${r.connections} connections`);
}
