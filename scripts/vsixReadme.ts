/**
 * The README that goes into the .vsix. VS Code's Extensions view renders an installed extension's
 * README in a webview whose sanitizer keeps only `http:`/`https:` image sources and whose policy
 * loads only `https:` ones: a picture beside the README (or inlined as `data:`) shows there as a
 * broken image. Until the pictures have a public https home, the packaged README leaves them out;
 * the repository's README keeps them. Images that already come from https stay.
 *
 * `node --import tsx scripts/vsixReadme.ts [out]` writes dist/README.md (or `out`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A paragraph that is only `![alt](target)` or `![alt](target "title")`. */
const PICTURE_LINE = /^!\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)[ \t]*\n(?:[ \t]*\n)?/gm;

/** The README without the pictures the Extensions view cannot show. */
export function vsixReadme(markdown: string): string {
  return markdown.replace(PICTURE_LINE, (line, target: string) => (/^https:\/\//i.test(target) ? line : ''));
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const out = process.argv[2] ?? join(root, 'dist', 'README.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, vsixReadme(readFileSync(join(root, 'README.md'), 'utf8')));
}
