/**
 * The VS Code host for end-to-end tests: code-server (a real VS Code that runs offline)
 * driven by Debian's Chromium. Prepared once and cached; a second run finds the marker
 * and does not reinstall.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];

export const hostDir =
  process.env.AI_CONNECTIONS_E2E_HOST ?? join(homedir(), '.cache', 'ai-connections-e2e', `code-server-${CODE_SERVER_VERSION}`);
const marker = join(hostDir, '.ready');
const markerText = `code-server ${CODE_SERVER_VERSION} node ${process.version}\n`;
export const codeServerBin = join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

function log(message: string): void {
  process.stderr.write(`[e2e host] ${message}\n`);
}

function ensureDebianPackages(): void {
  const missing = APT_PACKAGES.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq'], '/');
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], '/', { DEBIAN_FRONTEND: 'noninteractive' });
}

function installVsCodeModules(dir: string): void {
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  const rgDir = join(dir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  if (existsSync(join(dir, 'node_modules', '@vscode', 'ripgrep'))) {
    mkdirSync(rgDir, { recursive: true });
    rmSync(join(rgDir, 'rg'), { force: true });
    symlinkSync('/usr/bin/rg', join(rgDir, 'rg'));
  }
  run('npm', ['rebuild', '--loglevel=error'], dir, { npm_config_yes: 'true' });
}

/** Installs code-server and its native modules unless the cached copy is current. */
export function prepareHost(): { installed: boolean } {
  ensureDebianPackages();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === markerText && existsSync(codeServerBin)) {
    return { installed: false };
  }
  log(`preparing code-server ${CODE_SERVER_VERSION} in ${hostDir}`);
  rmSync(hostDir, { recursive: true, force: true });
  mkdirSync(hostDir, { recursive: true });
  writeFileSync(join(hostDir, 'package.json'), '{"name":"e2e-host","private":true}\n');
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], hostDir);
  run('npm', ['rebuild', 'argon2', '--loglevel=error'], hostDir, { npm_config_yes: 'true' });
  const vscodeDir = join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode');
  installVsCodeModules(vscodeDir);
  if (!existsSync(join(vscodeDir, 'node_modules.asar'))) symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  installVsCodeModules(join(vscodeDir, 'extensions'));
  writeFileSync(marker, markerText);
  return { installed: true };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningHost {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function installExtension(vsix: string, userDataDir: string, extensionsDir: string): void {
  execFileSync(
    process.execPath,
    [codeServerBin, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Starts code-server with fresh dirs and the given vsix installed; resolves once it answers HTTP. */
export async function startHost(vsix: string, options: { port?: number; root?: string } = {}): Promise<RunningHost> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'ai-connections-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspaceDir = join(root, 'workspace');
  for (const dir of [userDataDir, extensionsDir, workspaceDir]) mkdirSync(dir, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.colorTheme': 'Default Dark Modern',
    }),
  );
  installExtension(vsix, userDataDir, extensionsDir);
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      codeServerBin,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      workspaceDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
    child.once('exit', onExit);
    const onData = () => {
      if (output.includes('HTTP server listening')) {
        child.off('exit', onExit);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await exited;
  };
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}`, port, userDataDir, extensionsDir, workspaceDir, process: child, stop };
}
