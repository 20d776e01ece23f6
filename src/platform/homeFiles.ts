/**
 * A file of the user's home folder that a vault's own tools write (`~/.vault-token`, which
 * `vault login` and `bao login` keep): read as it is, at most 64 KB; undefined when there is none.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const MAX_HOME_FILE_BYTES = 64 * 1024;

export function homeFileReader(home: string = homedir()): (name: string) => Promise<string | undefined> {
  return async (name) => {
    const path = join(home, name);
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > MAX_HOME_FILE_BYTES) return undefined;
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  };
}

const MAX_TLS_FILE_BYTES = 1024 * 1024;

/** A certificate or key file the person named (an absolute path), at most 1 MB; rejects when it cannot be read. */
export async function readTlsFile(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile() || info.size > MAX_TLS_FILE_BYTES) throw new Error('not a certificate file');
  return readFile(path, 'utf8');
}
