import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import type { TestResult } from '../../src/domain/testing/result';
import { statusView } from '../../src/views/statusModel';

const connection = (id: string, name: string, isActive = true): Connection => ({
  id,
  name,
  alias: id,
  providerId: 'openai',
  scope: 'global',
  isActive,
  settings: {},
  secretKeys: [],
  dateCreated: '2026-01-01T00:00:00.000Z',
  dateModified: '2026-01-01T00:00:00.000Z',
});
const ok = (latencyMs: number): TestResult => ({ success: true, latencyMs, modelCount: 3, testedAt: '2026-01-01T00:00:00.000Z' });
const failed: TestResult = { success: false, errorKind: 'auth', message: { code: 'testing.keyRejected', status: 401 }, latencyMs: 12, testedAt: '2026-01-01T00:00:00.000Z' };

describe('statusView', () => {
  const connections = [connection('a', 'Alpha'), connection('b', 'Beta'), connection('c', 'Gamma'), connection('d', 'Off', false)];

  it('idle: $(plug) AI and the number of active connections', () => {
    const view = statusView(connections, new Map(), { running: false });
    assert.equal(view.text, '$(plug) AI 3');
    assert.equal(view.severity, 'none');
    assert.match(view.tooltip, /No connection tested yet/);
  });

  it('empty: hidden while there is no active connection to test, shown again once there is', () => {
    assert.equal(statusView([], new Map(), { running: false }).empty, true);
    assert.equal(statusView([connection('d', 'Off', false)], new Map(), { running: false }).empty, true);
    assert.equal(statusView(connections, new Map(), { running: false }).empty, false);
    assert.equal(statusView([], new Map(), { running: true, done: 0, total: 0 }).empty, false);
  });

  it('running: a spinner and progress', () => {
    assert.equal(statusView(connections, new Map(), { running: true, done: 3, total: 12 }).text, '$(sync~spin) Testing 3/12…');
  });

  it('all ok: $(check) N ok', () => {
    const view = statusView(
      connections,
      new Map([
        ['a', ok(240)],
        ['b', ok(80)],
      ]),
      { running: false },
    );
    assert.equal(view.text, '$(check) 2 ok');
    assert.equal(view.severity, 'none');
    assert.match(view.tooltip, /\| Alpha \| ✓ \| 240 ms \| 3 models \|/);
    assert.match(view.tooltip, /1 active connection not tested/);
  });

  it('failures: $(error) N failed with a warning background, failures listed first with their reason', () => {
    const view = statusView(
      connections,
      new Map([
        ['a', ok(240)],
        ['b', failed],
        ['d', failed],
      ]),
      { running: false },
    );
    assert.equal(view.text, '$(error) 1 failed', 'disabled connections do not count');
    assert.equal(view.severity, 'warning');
    assert.ok(view.tooltip.indexOf('Beta') < view.tooltip.indexOf('Alpha'));
    assert.match(view.tooltip, /\| Beta \| ✗ \| {2}\| auth \|/);
  });

  it('skipped results count neither as ok nor failed', () => {
    const skipped: TestResult = { success: false, skipped: true, message: { code: 'testing.noTest' }, latencyMs: 0, testedAt: '2026-01-01T00:00:00.000Z' };
    assert.equal(statusView(connections, new Map([['a', skipped]]), { running: false }).text, '$(plug) AI 3');
  });
});
