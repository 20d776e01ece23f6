import { readFileSync, statSync } from 'node:fs';
import { findFiles } from './workbench';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Searches every file under the given folders for each secret, as UTF-8 and as UTF-16 (browser
 * storage keeps strings that way). Returns "file: which secret" for every hit.
 */
export function leakScan(dirs: string[], secrets: string[]): string[] {
  const needles = secrets.flatMap((secret) => [
    { secret, bytes: Buffer.from(secret, 'utf8') },
    { secret, bytes: Buffer.from(secret, 'utf16le') },
  ]);
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const file of findFiles(dir, () => true)) {
      // The browser is still running: a cache entry listed a moment ago may be gone by now.
      let content: Buffer;
      try {
        if (statSync(file).size > MAX_FILE_BYTES) continue;
        content = readFileSync(file);
      } catch {
        continue;
      }
      for (const needle of needles) {
        if (content.includes(needle.bytes)) hits.push(`${file}: ${needle.secret.slice(0, 12)}…`);
      }
    }
  }
  return [...new Set(hits)];
}
