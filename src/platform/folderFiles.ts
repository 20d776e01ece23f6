/**
 * Reading a file that belongs to a workspace folder (`.env`, `appsettings*.json`) from the local
 * disk, as only that folder's own: a regular file, inside the folder (a symbolic link may point
 * elsewhere in the folder, never out of it), at most `maxBytes` long, its size checked before
 * anything is read. A FIFO, a device (`/dev/zero`) or a link to `~/.aws/credentials` is refused
 * with the reason, never read. Node.js only; no VS Code.
 */
import { constants, promises as fs } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** The largest file read: a `.env` or `appsettings.json` is a few kilobytes. */
export const MAX_FOLDER_FILE_BYTES = 1024 * 1024;

export type FolderFileRead =
  | { text: string }
  | { missing: true }
  /** `outside`: a link out of the folder; `notFile`: not a regular file; `tooLarge`: over the limit. */
  | { refused: 'outside' | 'notFile' | 'tooLarge' };

const NOT_THERE = new Set(['ENOENT', 'ENOTDIR']);

function code(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Whether `path` is `root` itself or below it (both real paths). */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Reads `name` of the folder at `root`. Missing (or a dangling link) is `{ missing: true }`; other
 * failures to read throw.
 */
export async function readFolderFile(root: string, name: string, maxBytes = MAX_FOLDER_FILE_BYTES): Promise<FolderFileRead> {
  const path = join(root, name);
  let target = path;
  try {
    if ((await fs.lstat(path)).isSymbolicLink()) {
      const [real, realRoot] = await Promise.all([fs.realpath(path), fs.realpath(root)]);
      if (!within(realRoot, real)) return { refused: 'outside' };
      target = real;
    }
  } catch (error) {
    if (NOT_THERE.has(code(error) ?? '')) return { missing: true };
    throw error;
  }
  // No link is followed from here on (the target was checked), and a FIFO does not block the open.
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(target, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (NOT_THERE.has(code(error) ?? '')) return { missing: true };
    if (code(error) === 'ELOOP') return { refused: 'outside' };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { refused: 'notFile' };
    if (info.size > maxBytes) return { refused: 'tooLarge' };
    // The file may grow between the check and the read: read one byte more than allowed, at most.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { refused: 'tooLarge' };
    return { text: new TextDecoder('utf-8').decode(buffer.subarray(0, length)) };
  } finally {
    await handle.close();
  }
}
