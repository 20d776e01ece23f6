/**
 * The YAML extension (Red Hat, `redhat.vscode-yaml`) for the `$schema` scenario, built from its
 * source (MIT) and cached like the code-server host: the marketplace is not reachable offline.
 *
 * The source is a checkout of github.com/redhat-developer/vscode-yaml at VSCODE_YAML_COMMIT, given
 * with VSCODE_YAML_SOURCE (a folder). Its dependencies come from the npm registry; the language
 * server is pinned to a published version (the checkout's lock file names a prerelease that is no
 * longer published). Returns the cached .vsix, or why there is none (the scenario is then skipped).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const VSCODE_YAML_VERSION = '1.25.0';
export const VSCODE_YAML_COMMIT = '7b0f5af8bef12c0d87d4eebadcf223b6f0c716d9';
const LANGUAGE_SERVER_VERSION = '1.19.2';

const cacheDir = process.env.AI_CONNECTIONS_E2E_YAML ?? join(homedir(), '.cache', 'ai-connections-e2e', `vscode-yaml-${VSCODE_YAML_VERSION}`);
export const yamlVsix = join(cacheDir, `redhat.vscode-yaml-${VSCODE_YAML_VERSION}.vsix`);
const vsce = join(__dirname, '..', '..', 'node_modules', '.bin', 'vsce');

function log(message: string): void {
  process.stderr.write(`[e2e yaml extension] ${message}\n`);
}

export function prepareYamlExtension(): { vsix: string } | { skip: string } {
  if (existsSync(yamlVsix)) return { vsix: yamlVsix };
  const source = process.env.VSCODE_YAML_SOURCE;
  if (!source || !existsSync(join(source, 'package.json'))) {
    return { skip: `the YAML extension is not in ${cacheDir}; set VSCODE_YAML_SOURCE to a checkout of redhat-developer/vscode-yaml ${VSCODE_YAML_VERSION} (${VSCODE_YAML_COMMIT}) to build it` };
  }
  const build = join(cacheDir, 'build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  const started = Date.now();
  log(`building redhat.vscode-yaml ${VSCODE_YAML_VERSION} from ${source}`);
  cpSync(source, build, { recursive: true, filter: (path) => !/[/\\](node_modules|\.git|dist|out)$/.test(path) });
  const manifest = JSON.parse(readFileSync(join(build, 'package.json'), 'utf8'));
  if (manifest.name !== 'vscode-yaml' || manifest.version !== VSCODE_YAML_VERSION) throw new Error(`${source} is not vscode-yaml ${VSCODE_YAML_VERSION}`);
  manifest.dependencies['yaml-language-server'] = LANGUAGE_SERVER_VERSION;
  // Built below; vsce would otherwise run webpack a second time.
  delete manifest.scripts['vscode:prepublish'];
  writeFileSync(join(build, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(join(build, 'package-lock.json'), { force: true });
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: build, stdio: ['ignore', 'ignore', 'inherit'] });
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
  run(join(build, 'node_modules', '.bin', 'webpack'), ['--mode', 'production']);
  cpSync(join(build, 'node_modules', 'yaml-language-server', 'l10n'), join(build, 'dist', 'l10n'), { recursive: true });
  run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', yamlVsix]);
  rmSync(build, { recursive: true, force: true });
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s: ${yamlVsix}`);
  return { vsix: yamlVsix };
}

if (require.main === module) {
  const result = prepareYamlExtension();
  if ('skip' in result) {
    log(result.skip);
    process.exitCode = 1;
  } else log(result.vsix);
}
