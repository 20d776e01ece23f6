// Lint rules of the project (`npm run lint`, run by CI): typescript-eslint's recommended rules, the
// layers' import boundaries, and limits on size and complexity. Formatting is Prettier's
// (`npm run format:check`); unused exports and files are knip's (`npm run lint` runs it too).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import stylistic from '@stylistic/eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The layers (README, "Layout"): who may import whom. */
const layers = [
  {
    target: './src/domain',
    from: ['./src/ui', './src/vscode', './src/views', './src/platform', './src/protocol', './src/extension.ts', './webview-ui'],
    message: 'The domain imports no UI, VS Code, view or webview code: it runs and is tested in plain Node.',
  },
  {
    target: './src/protocol',
    from: ['./src/ui', './src/vscode', './src/views', './src/platform', './src/extension.ts', './webview-ui'],
    message: "The form protocol is shared by both bundles: it imports the domain's schemas only.",
  },
  {
    target: ['./src/ui', './src/views'],
    from: ['./src/vscode', './src/extension.ts', './webview-ui'],
    message: 'The UI logic is written against its ports (src/ui/ports.ts) and runs under node --test: it imports no VS Code adapter.',
  },
  {
    target: './webview-ui',
    from: ['./src/vscode', './src/views', './src/platform', './src/extension.ts'],
    message: "The form webview is its own bundle: it imports the protocol, the domain's checks and the texts it renders, never the extension's code.",
  },
  {
    target: './webview-ui',
    from: './src/ui',
    except: ['./text/validation.ts', './text/modelValues.ts', './text/language.ts'],
    message: 'The form webview is its own bundle: of the UI layer it imports only the texts it renders (the field checks, the model values and the display language), never the whole text layer.',
  },
];

/**
 * Folders entered through one file: code outside them imports that file, never the ones behind it.
 * The targets are every file outside the folder (globs, since the folder lies inside src).
 */
const gateways = [
  {
    target: ['./src/!(domain)/**', './src/*.ts', './src/domain/!(requests)/**', './src/domain/*.ts', './webview-ui/**', './test/**', './bench/**', './scripts/**'],
    from: './src/domain/requests',
    except: ['./index.ts', './messages.ts'],
    message:
      "The request layer is entered through its gateway, src/domain/requests/index.ts (import '../requests'). Only its message types (requests/messages.ts) are read directly, by the message union and the texts that render it, which the form webview type-checks without the Node-only request code.",
  },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'schemas/', 'test/fixtures/', 'test/e2e/artifacts/', '.sandbox/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, '@stylistic': stylistic },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })] },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layers, ...gateways] }],
      'no-restricted-imports': 'off',
      // Control characters are matched on purpose: text from servers and files is made inert (src/domain/text/inert.ts).
      'no-control-regex': 'off',
      // Modified cyclomatic complexity: a switch counts once, so a function that maps each message
      // code to its sentence (src/ui/text) is one decision, not one per code.
      complexity: ['error', { max: 25, variant: 'modified' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@stylistic/max-len': ['error', { code: 320, tabWidth: 2, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // The bundles loaded later (dist/chat.js, dist/yaml.js, dist/dotenvx.js, dist/network.js) are required on first use, not imported at activation.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./(chat|yaml|dotenvx|network)\\.js$'] }],
    },
  },
  {
    // Code that runs in VS Code's extension host only through the adapters in src/vscode.
    files: ['src/domain/**', 'src/ui/**', 'src/views/**', 'src/protocol/**', 'src/platform/**', 'webview-ui/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts use the vscode API.' }] }],
    },
  },
  {
    files: ['webview-ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The form webview runs in a browser: no vscode API.' }],
          patterns: [{ group: ['node:*'], message: 'The form webview runs in a browser: no Node modules.' }],
        },
      ],
    },
  },
  {
    files: ['esbuild.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
