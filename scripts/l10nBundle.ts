/** Building the l10n bundles (scripts/l10n.ts, and the test that the committed bundle is current). */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';
import { CAPABILITY_LABELS, PROVIDER_GROUP_LABELS } from '../src/domain/providers/descriptor';
import { PROVIDERS } from '../src/domain/providers/catalog';
import { catalogTerms } from '../src/ui/text/terms';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every text of the extension host, English to English, sorted. */
export async function extractedBundle(root: string): Promise<Record<string, string>> {
  const files = sourceFiles(join(root, 'src')).map((path) => ({ extension: '.ts', contents: readFileSync(path, 'utf8'), path: relative(root, path) }));
  const extracted: l10nJsonFormat = await getL10nJson(files.map(({ extension, contents }) => ({ extension, contents })));
  const bundle: Record<string, string> = {};
  for (const [key, value] of Object.entries(extracted)) bundle[key] = typeof value === 'string' ? value : value.message;
  for (const text of catalogTerms(PROVIDERS, [...Object.values(CAPABILITY_LABELS), ...Object.values(PROVIDER_GROUP_LABELS)])) bundle[text] ??= text;
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Marks a text so that an unmarked one stands out: `[!! New Connection !!]`; `{0}`/`{name}` kept. */
export function pseudoText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      // A line that is only a link is a button in welcome views: mark its text, keep the link.
      const link = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(line);
      if (link) return `[!! ${link[1]} !!](${link[2]})`;
      return `[!! ${line} !!]`;
    })
    .join('\n');
}

export function pseudoBundle(bundle: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(bundle).map(([key, value]) => [key, pseudoText(value)]));
}

export function pseudoNls(nls: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(nls).map(([key, value]) => [key, pseudoText(value)]));
}
