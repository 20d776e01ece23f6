// Builds the bundles: the extension host (Node, CommonJS, `vscode` external), the chat request
// code loaded on the first chat request, and the form webview (browser). `--production` minifies and drops source maps;
// `--metafile` also writes each bundle's esbuild metafile beside it (dist/*.meta.json) and prints what takes its space.
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

/**
 * zod re-exports every message locale (about 260 KB minified); the product speaks English, so
 * the locale index resolves to the English locale alone.
 */
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}zod${path.sep}`)) return undefined;
      return { path: path.join(path.dirname(args.importer), 'locales-english-only'), namespace: 'zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), '..', 'locales', 'en.js'))};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * The bundles loaded later (yaml.js, chat.js) use the extension bundle's zod (both `zod` and
 * `zod/mini`, which share zod's core) and @vscode/l10n instead of copies of their own (zod is
 * about 190 KB minified; l10n must be the instance activation configured with the display
 * language): `dist/extension.js` exports them, and Node hands back the module VS Code already loaded.
 */
function fromExtensionBundle(shared) {
  return {
    name: 'from-extension-bundle',
    setup(build) {
      for (const specifier of Object.keys(shared)) {
        const filter = new RegExp(`^${specifier.replace(/[/@]/g, (c) => `\\${c}`)}$`);
        build.onResolve({ filter }, () => ({ path: specifier, namespace: 'extension-bundle' }));
      }
      build.onLoad({ filter: /.*/, namespace: 'extension-bundle' }, (args) => ({ contents: shared[args.path], loader: 'js' }));
    },
  };
}
const zodAndL10nFromExtensionBundle = fromExtensionBundle({
  zod: "module.exports = { z: require('./extension.js').zod };",
  'zod/mini': "module.exports = require('./extension.js').zodMini;",
  '@vscode/l10n': "module.exports = require('./extension.js').l10n;",
});

/** @type {import('esbuild').BuildOptions} */
const common = {
  plugins: [englishOnlyZodLocales],
  // jsonc-parser's default (UMD) build loads its modules with requires esbuild can't follow; its ES module build bundles.
  alias: { 'jsonc-parser': path.join(__dirname, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The chat request code is its own bundle, loaded on the first chat request.
    external: ['vscode', './chat.js', './yaml.js', './dotenvx.js', './network.js'],
  },
  {
    ...common,
    // promptflow YAML import and export, with the `yaml` package: loaded on the first use.
    entryPoints: ['src/vscode/yaml/yamlBundle.ts'],
    outfile: 'dist/yaml.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [zodAndL10nFromExtensionBundle],
    external: ['vscode', './extension.js'],
  },
  {
    ...common,
    // dotenvx's decryption: loaded on the first encrypted `.env` value.
    entryPoints: ['src/vscode/vaults/dotenvxBundle.ts'],
    outfile: 'dist/dotenvx.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    // Sending over a proxy or with TLS material (undici): loaded on the first request that needs a route.
    entryPoints: ['src/vscode/network/networkBundle.ts'],
    outfile: 'dist/network.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/vscode/chat/requests.ts'],
    outfile: 'dist/chat.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [zodAndL10nFromExtensionBundle],
    external: ['vscode', './extension.js'],
  },
  {
    ...common,
    entryPoints: ['webview-ui/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

/**
 * The JSON Schemas of promptflow connection YAML, generated from the provider descriptors
 * (src/domain/yaml/schemas.ts) into schemas/, which package.json contributes as yamlValidation.
 */
async function writeSchemas() {
  const fs = require('node:fs');
  const Module = require('node:module');
  const result = await esbuild.build({ ...common, sourcemap: false, minify: false, logLevel: 'silent', entryPoints: ['src/domain/yaml/schemas.ts'], write: false, platform: 'node', format: 'cjs', target: 'node20' });
  const generator = new Module('schemas');
  generator._compile(result.outputFiles[0].text, 'schemas.js');
  const dir = path.join(__dirname, 'schemas');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const [name, schema] of Object.entries(generator.exports.connectionSchemas())) {
    fs.writeFileSync(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  }
  // The shared connections file's schema, contributed as jsonValidation.
  const shared = await esbuild.build({ ...common, sourcemap: false, minify: false, logLevel: 'silent', entryPoints: ['src/domain/shared/schema.ts'], write: false, platform: 'node', format: 'cjs', target: 'node20' });
  const sharedGenerator = new Module('sharedSchema');
  sharedGenerator._compile(shared.outputFiles[0].text, 'sharedSchema.js');
  fs.writeFileSync(path.join(dir, 'ai-connections.schema.json'), `${JSON.stringify(sharedGenerator.exports.sharedFileSchema(), null, 2)}\n`);
}

async function main() {
  await writeSchemas();
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(
    builds.map(async (options) => {
      const result = await esbuild.build({ ...options, metafile });
      if (!metafile) return;
      require('node:fs').writeFileSync(options.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
      console.log(await esbuild.analyzeMetafile(result.metafile));
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
