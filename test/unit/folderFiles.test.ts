/**
 * A workspace folder's `.env` and `appsettings*.json` are read as only its own: real files on
 * disk, real symbolic links, a FIFO and /dev/zero, read through the same function VS Code's
 * adapter uses, then through the resolver as a connection would.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_FOLDER_FILE_BYTES, readFolderFile, type FolderFileRead } from '../../src/platform/folderFiles';
import { ReferenceFileRefused, ReferenceResolution } from '../../src/domain/resolution/resolver';
import { say } from '../../src/ui/text';

const base = mkdtempSync(join(tmpdir(), 'ai-connections-folder-files-'));
const folder = join(base, 'repo');
const home = join(base, 'home');
mkdirSync(join(folder, 'config'), { recursive: true });
mkdirSync(join(home, '.aws'), { recursive: true });
const CREDENTIALS = 'aws_secret_access_key=wJalrXUtnFEMI-test-credentials';
writeFileSync(join(home, '.aws', 'credentials'), `OPENAI_API_KEY=${CREDENTIALS}\n`);
writeFileSync(join(folder, 'config', 'shared.env'), 'OPENAI_API_KEY=sk-test-inside-folder\n');

after(() => rmSync(base, { recursive: true, force: true }));

/** A folder holding one `.env` made by `make`. */
function withDotenv(make: (path: string) => void): string {
  const root = mkdtempSync(join(folder, 'case-'));
  make(join(root, '.env'));
  return root;
}

describe("a workspace folder's own files", () => {
  it('reads a regular file, and a link to another file inside the folder', async () => {
    const plain = withDotenv((p) => writeFileSync(p, 'A=1\n'));
    assert.deepEqual(await readFolderFile(plain, '.env'), { text: 'A=1\n' });
    const inside = withDotenv((p) => symlinkSync(join(folder, 'config', 'shared.env'), p));
    assert.deepEqual(await readFolderFile(inside, '.env'), { refused: 'outside' }, 'config/ is outside case-*/, the folder read');
    const linkedHere = withDotenv((p) => {
      writeFileSync(join(p, '..', 'real.env'), 'B=2\n');
      symlinkSync('real.env', p);
    });
    assert.deepEqual(await readFolderFile(linkedHere, '.env'), { text: 'B=2\n' });
  });

  it('refuses a link out of the folder (to ~/.aws/credentials), naming why, without reading it', async () => {
    const root = withDotenv((p) => symlinkSync(join(home, '.aws', 'credentials'), p));
    assert.deepEqual(await readFolderFile(root, '.env'), { refused: 'outside' });
    // A relative link that climbs out, and a link to a link out.
    const climbing = withDotenv((p) => symlinkSync('../../home/.aws/credentials', p));
    assert.deepEqual(await readFolderFile(climbing, '.env'), { refused: 'outside' });
    const chained = withDotenv((p) => {
      symlinkSync(join(home, '.aws', 'credentials'), join(p, '..', 'hop'));
      symlinkSync('hop', p);
    });
    assert.deepEqual(await readFolderFile(chained, '.env'), { refused: 'outside' });
  });

  it('refuses /dev/zero, a FIFO and a folder as not regular files, without blocking', async () => {
    const zero = withDotenv((p) => symlinkSync('/dev/zero', p));
    assert.deepEqual(await readFolderFile(zero, '.env'), { refused: 'outside' });
    const fifo = withDotenv((p) => execFileSync('mkfifo', [p]));
    assert.deepEqual(await readFolderFile(fifo, '.env'), { refused: 'notFile' });
    const directory = withDotenv((p) => mkdirSync(p));
    assert.deepEqual(await readFolderFile(directory, '.env'), { refused: 'notFile' });
  });

  it('checks the size before reading: a 256 MB file is refused, 1 MB is read', async () => {
    const huge = withDotenv((p) => {
      writeFileSync(p, '');
      truncateSync(p, 256 * 1024 * 1024);
    });
    assert.deepEqual(await readFolderFile(huge, '.env'), { refused: 'tooLarge' });
    const limit = withDotenv((p) => writeFileSync(p, 'x'.repeat(MAX_FOLDER_FILE_BYTES)));
    const read = (await readFolderFile(limit, '.env')) as { text: string };
    assert.equal(read.text.length, MAX_FOLDER_FILE_BYTES);
  });

  it('a missing file and a dangling link are simply not there', async () => {
    const empty = mkdtempSync(join(folder, 'case-'));
    assert.deepEqual(await readFolderFile(empty, '.env'), { missing: true });
    const dangling = withDotenv((p) => symlinkSync(join(folder, 'nowhere.env'), p));
    assert.deepEqual(await readFolderFile(dangling, '.env'), { missing: true });
  });

  it('through the resolver: a linked-out .env resolves nothing, and says why', async () => {
    const root = withDotenv((p) => symlinkSync(join(home, '.aws', 'credentials'), p));
    const refusals: Record<string, 'outside' | 'notFile' | 'tooLarge'> = {};
    const resolution = new ReferenceResolution({
      env: () => ({}),
      folders: () => [{ uri: 'file:///repo', name: 'repo' }],
      // As the VS Code adapter does: a refusal becomes ReferenceFileRefused, which names the reason.
      files: () => ({
        read: async (name) => {
          const read: FolderFileRead = await readFolderFile(root, name);
          if ('refused' in read) {
            refusals[name] = read.refused;
            throw new ReferenceFileRefused(read.refused, name);
          }
          return 'text' in read ? read.text : undefined;
        },
      }),
      isTrusted: () => true,
      settings: () => ({ environment: 'Development', allowedEnvironmentVariables: ['OPENAI_API_KEY'] }),
    });
    const outcome = await resolution.lookup('${env:OPENAI_API_KEY}', 'workspace');
    assert.ok(outcome && !outcome.ok);
    assert.deepEqual(refusals, { '.env': 'outside' });
    const text = say(outcome.problem);
    assert.match(text, /\.env links to a file outside the workspace folder and was not read/);
    assert.ok(!text.includes(CREDENTIALS));
  });
});
