/**
 * `npm run l10n`: writes l10n/bundle.l10n.json, every text the extension shows, from the
 * `l10n.t('...')` calls in src/ (extracted by @vscode/l10n-dev) and the texts the provider catalog
 * holds as data (src/ui/text/terms.ts). Translators copy it to bundle.l10n.<language>.json.
 *
 * `npm run l10n -- --pseudo` also writes the pseudo-locale (qps-ploc) bundle and package.nls
 * in which every text is marked `[!! … !!]`, for the end-to-end check that nothing is left in
 * plain English. Those two files are not kept in the repository.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractedBundle, pseudoBundle, pseudoNls } from './l10nBundle';

const root = join(__dirname, '..');

async function main(): Promise<void> {
  const bundle = await extractedBundle(root);
  mkdirSync(join(root, 'l10n'), { recursive: true });
  writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} texts`);
  if (process.argv.includes('--pseudo')) {
    writeFileSync(join(root, 'l10n', 'bundle.l10n.qps-ploc.json'), `${JSON.stringify(pseudoBundle(bundle), null, 2)}\n`);
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    writeFileSync(join(root, 'package.nls.qps-ploc.json'), `${JSON.stringify(pseudoNls(nls), null, 2)}\n`);
    console.log('pseudo-locale qps-ploc written');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
