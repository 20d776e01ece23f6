/**
 * Deliberate breaks: each one removes a safeguard from the source and runs the unit tests that
 * guard it; every one of them must fail. `npm run test:breaks` prints one line per break and exits
 * non-zero when a break goes unnoticed. The source is restored after each run.
 *
 * The breaks are listed by area: breaks.ui.ts, breaks.data.ts, breaks.requests.ts, breaks.shared.ts
 * and breaks.vaults.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Break } from './break';
import { REQUEST_BREAKS } from './breaks.requests';
import { STORED_DATA_BREAKS } from './breaks.data';
import { UI_BREAKS } from './breaks.ui';
import { SHARED_BREAKS } from './breaks.shared';
import { VAULT_BREAKS } from './breaks.vaults';
import { NETWORK_BREAKS } from './breaks.network';

const root = join(__dirname, '..', '..');
/** The longest one break's tests may run (all of them together take about two minutes). */
const RUN_TIMEOUT_MS = 300_000;

/** Every break, in the order they run. */
export const BREAKS: Break[] = [...UI_BREAKS, ...STORED_DATA_BREAKS, ...REQUEST_BREAKS, ...SHARED_BREAKS, ...VAULT_BREAKS, ...NETWORK_BREAKS];

/**
 * The source with the safeguard replaced by the break, as written: a function replacement, so that
 * `$&`, `` $` `` or `$'` in a break's text are not read as replacement patterns.
 */
export function applyBreak(source: string, brk: Pick<Break, 'from' | 'to'>): string {
  return source.replace(brk.from, () => brk.to);
}

function run(): number {
  let unnoticed = 0;
  for (const brk of BREAKS) {
    const path = join(root, brk.file);
    const original = readFileSync(path, 'utf8');
    const count = original.split(brk.from).length - 1;
    if (count !== 1) {
      console.log(`✗ ${brk.name}: the safeguard to remove was found ${count} times in ${brk.file}`);
      unnoticed++;
      continue;
    }
    writeFileSync(path, applyBreak(original, brk));
    try {
      // A test run that never ends is not a break noticed: it is stopped, and counted as unnoticed.
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...brk.tests], { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
      const failed = /^# fail (\d+)/m.exec(result.stdout)?.[1] ?? '?';
      if (result.signal !== null) {
        unnoticed++;
        console.log(`✗ ${brk.name}: the tests did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
      } else if (result.status === 0) {
        unnoticed++;
        console.log(`✗ ${brk.name}: no test failed`);
      } else {
        console.log(`✓ ${brk.name}: ${failed} test(s) failed in ${brk.tests.join(', ')}`);
      }
    } finally {
      writeFileSync(path, original);
    }
  }
  return unnoticed;
}

if (require.main === module) process.exitCode = run() === 0 ? 0 : 1;
