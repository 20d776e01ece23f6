/**
 * `npm run sandbox`: the end-to-end host with the freshly built .vsix, left running at
 * http://127.0.0.1:8080 for a person to click through. Ctrl+C stops it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareHost, startHost } from './host';

async function main(): Promise<void> {
  const rootDir = join(__dirname, '..', '..');
  const version = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version;
  prepareHost();
  const host = await startHost(join(rootDir, `ai-connections-${version}.vsix`), { port: Number(process.env.PORT ?? 8080) });
  console.log(`AI Connections sandbox: ${host.url}\n(user data in ${host.userDataDir}; Ctrl+C to stop)`);
  const stop = () => void host.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.process.once('exit', (code) => process.exit(code ?? 0));
}

void main();
