/**
 * Revisions on their own: windows sharing one vault hear of each other's changes, and a window
 * does not take its own revision for news.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REVISION_KEY, Revisions } from '../../src/domain/store/revisions';
import { MemoryLogger } from '../support/fakeUi';
import { MemoryVault } from '../support/memoryPorts';

/** Lets the vault's change events (queued as microtasks) and the reads they start run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function window(secrets: MemoryVault, name: string) {
  const logger = new MemoryLogger();
  let ids = 0;
  const news: number[] = [];
  const revisions = new Revisions({
    secrets,
    logger,
    now: () => new Date(Date.UTC(2025, 2, 1)),
    newId: () => `${name}-${++ids}`,
    onNews: () => news.push(news.length + 1),
  });
  return { revisions, logger, news };
}

describe('Revisions across windows', () => {
  it('a change announced in one window is news in the other, not in its own', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    const b = window(secrets, 'b');
    await a.revisions.announce();
    await settle();
    assert.equal(b.news.length, 1, 'the other window heard of it');
    assert.equal(a.news.length, 0, 'its own revision is not news');
    await b.revisions.announce();
    await settle();
    assert.equal(a.news.length, 1, 'and back');
    assert.equal(b.news.length, 1, 'b does not hear itself');
  });

  it('every announcement writes a new revision', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    await a.revisions.announce();
    const first = secrets.data.get(REVISION_KEY);
    await a.revisions.announce();
    const second = secrets.data.get(REVISION_KEY);
    assert.equal(first, `${Date.UTC(2025, 2, 1)}-a-1`);
    assert.notEqual(second, first, 'a new revision');
  });

  it('other secrets changing is no news', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    await secrets.store('aiConnections/secret/global/x', '{}');
    await settle();
    assert.equal(a.news.length, 0);
  });

  it('a revision that cannot be read is taken as news (better a reload too many than a stale view)', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    const b = window(secrets, 'b');
    secrets.refuse('get');
    await a.revisions.announce();
    await settle();
    assert.equal(b.news.length, 1, 'the other window reloads');
    assert.equal(a.news.length, 1, 'so does this one: it cannot tell its own revision');
  });

  it('an announcement the vault refuses is logged and does not reject', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    secrets.refuseWrites = new Error('no keyring');
    await a.revisions.announce();
    assert.ok(a.logger.lines.includes("warn Couldn't notify other windows of the change: no keyring"), a.logger.lines.join('\n'));
  });

  it('a disposed window hears nothing more', async () => {
    const secrets = new MemoryVault();
    const a = window(secrets, 'a');
    const b = window(secrets, 'b');
    b.revisions.dispose();
    await a.revisions.announce();
    await settle();
    assert.equal(b.news.length, 0);
  });
});
