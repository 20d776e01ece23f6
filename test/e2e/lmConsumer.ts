/**
 * The LM Consumer test extension (test/fixtures/lm-consumer): packaged for the host, and driven
 * from the command palette. It uses the chat models of AI Connections through `vscode.lm` as any
 * other extension would and writes what it got to `lm-consumer.json` in the workspace folder;
 * each write carries the window's `instance` and a growing `seq`, so a run waits for a fresh one.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
export const LM_CONSUMER_DIR = join(rootDir, 'test', 'fixtures', 'lm-consumer');

/** Packages the consumer with the project's vsce into `outDir`; returns the .vsix path. */
export function packageLmConsumer(outDir: string): string {
  const out = join(outDir, 'lm-consumer.vsix');
  execFileSync(join(rootDir, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: LM_CONSUMER_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

export interface ConsumerModel {
  id: string;
  name: string;
  vendor: string;
  family: string;
  version: string;
  detail: string | null;
  maxInputTokens: number;
  maxOutputTokens: number | null;
  capabilities: unknown;
}

export interface ConsumerError {
  name: string;
  code: string | null;
  message: string;
  languageModelError: boolean;
  cancellation: boolean;
}

export type ConsumerPart = { type: 'text'; text: string; ms: number } | { type: 'toolCall'; callId: string; name: string; input: unknown; ms: number } | { type: 'other'; kind: string; ms: number };

interface Written {
  instance: string;
  seq: number;
  writtenAt: number;
}

export interface ListRecord extends Written {
  command: 'listModels';
  models: ConsumerModel[];
  error: ConsumerError | null;
}

export interface SendRecord extends Written {
  command: 'sendRequest' | 'sendAndCancel';
  model: string | null;
  /** Where it stopped: choosing the model, sending, or reading the stream. */
  stage: 'select' | 'send' | 'stream';
  parts: ConsumerPart[];
  text: string;
  error: ConsumerError | null;
  cancelled: boolean;
  startedAt: number;
  cancelledAt: number | null;
  /** How the stream ended: normally, with an error, or not within 10 s of cancelling. */
  streamEnd: 'ended' | 'threw' | 'stillOpen' | null;
  endedAt: number;
}

const COMMANDS = {
  listModels: 'LM Consumer: List Models',
  sendRequest: 'LM Consumer: Send Request',
  sendAndCancel: 'LM Consumer: Send and Cancel',
} as const;

export class LmConsumer {
  /** The consent dialogs VS Code showed (and that were allowed), by their text. */
  readonly consents: string[] = [];

  constructor(
    private readonly workbench: Workbench,
    private readonly workspaceDir: string,
  ) {}

  private get outputFile(): string {
    return join(this.workspaceDir, 'lm-consumer.json');
  }

  private get inputFile(): string {
    return join(this.workspaceDir, 'lm-consumer-input.json');
  }

  private read(): Written | undefined {
    if (!existsSync(this.outputFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.outputFile, 'utf8')) as Written;
    } catch {
      return undefined;
    }
  }

  async listModels(timeoutMs = 30_000): Promise<ListRecord> {
    return (await this.run('listModels', undefined, timeoutMs)) as ListRecord;
  }

  /**
   * Lists the models until `done` holds: the provider tells VS Code of a change through an event
   * after the store changed, so the first listing may come before it. Returns the last listing.
   */
  async listUntil(done: (record: ListRecord) => boolean, what: string, timeoutMs = 15_000): Promise<ListRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = await this.listModels();
      assert.equal(record.error, null, `List Models failed: ${record.error?.message}`);
      if (done(record)) return record;
      if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms; models of vendor 'ai-connections': ${record.models.map((m) => m.id).join(', ') || 'no models'}`);
    }
  }

  /** Sends the consumer's prompt (with the get_weather tool) to `model`. */
  async sendRequest(model: string, timeoutMs = 30_000): Promise<SendRecord> {
    return (await this.run('sendRequest', model, timeoutMs)) as SendRecord;
  }

  /** Like sendRequest, cancelling as soon as the first text part arrives. */
  async sendAndCancel(model: string, timeoutMs = 30_000): Promise<SendRecord> {
    return (await this.run('sendAndCancel', model, timeoutMs)) as SendRecord;
  }

  /**
   * Runs a command from the palette and waits for its fresh result. A consent dialog ("… wants to
   * access the language models provided by …") is answered with Allow and noted in `consents`.
   */
  private async run(command: keyof typeof COMMANDS, model: string | undefined, timeoutMs: number): Promise<Written> {
    if (model === undefined) rmSync(this.inputFile, { force: true });
    else writeFileSync(this.inputFile, JSON.stringify({ model }));
    const before = this.read();
    await this.workbench.runCommand(COMMANDS[command]);
    const consent = this.workbench.dialog().filter({ hasText: /wants to access the language models/ });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = this.read();
      if (now && (now as { command?: string }).command === command && (!before || now.instance !== before.instance || now.seq > before.seq)) return now;
      if (await consent.isVisible()) {
        this.consents.push((await consent.innerText()).replace(/\s+/g, ' ').trim());
        await consent.locator('.monaco-button', { hasText: /^Allow$/ }).click();
        await consent.waitFor({ state: 'hidden' });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`'${COMMANDS[command]}' wrote no fresh result to lm-consumer.json within ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}
