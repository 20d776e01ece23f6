/**
 * Makes `import * as vscode from 'vscode'` in src/vscode load the test shim (vscodeShim.ts): VS
 * Code's API exists only inside the extension host. Import this first in a test file, before
 * anything that imports 'vscode':
 *
 *   import '../support/useVscodeShim';
 *
 * Test files run as CommonJS under tsx (package.json has no "type": "module"), so their imports
 * load in order, and `require('vscode')` goes through Module._resolveFilename, which this wraps for
 * that one name. Nothing else changes, and only in the process of the test file that imports it
 * (`node --test` runs each file in a process of its own): `npm test`, a single file and
 * `npm run test:breaks` all run these files with the same `node --import tsx --test` command.
 */
import Module from 'node:module';
import { join } from 'node:path';

if (typeof __dirname !== 'string') throw new Error('useVscodeShim works for CommonJS test files only (tsx runs test/**/*.ts as CommonJS).');

/** The file `require('vscode')` loads in these tests. */
export const VSCODE_SHIM = join(__dirname, 'vscodeShim.ts');

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename & { vscodeShim?: true } };
if (!loader._resolveFilename.vscodeShim) {
  const resolve = loader._resolveFilename;
  loader._resolveFilename = Object.assign(
    function (this: unknown, request: string, ...rest: unknown[]): string {
      return request === 'vscode' ? VSCODE_SHIM : resolve.call(this, request, ...rest);
    },
    { vscodeShim: true as const },
  );
}
