import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import type { TestResult } from '../../src/domain/testing/result';
import { NodeContext, buildTree, connectionTooltip } from '../../src/views/connectionTreeModel';

const base: Connection = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  alias: 'openai-prod',
  name: 'OpenAI Production',
  providerId: 'openai',
  scope: 'global',
  isActive: true,
  settings: { baseUrl: 'https://api.openai.com/v1', organization: 'org-test' },
  secretKeys: ['apiKey'],
  dateCreated: '2026-01-15T10:30:00.000Z',
  dateModified: '2026-01-15T10:30:00.000Z',
};
const make = (over: Partial<Connection>): Connection => ({ ...base, ...over });

describe('buildTree', () => {
  it('is empty when nothing is stored, so the welcome view shows', () => {
    assert.deepEqual(buildTree({ connections: [], broken: [] }, { workspaceAvailable: true }), []);
  });

  it('shows Workspace then Global, sorted by name, and hides Workspace without a folder', () => {
    const list = {
      connections: [make({ id: 'b', name: 'zeta', alias: 'z' }), make({ id: 'a', name: 'Alpha', alias: 'a' }), make({ id: 'w', name: 'Azure', alias: 'w', scope: 'workspace', providerId: 'azure-openai' })],
      broken: [],
    };
    const tree = buildTree(list, { workspaceAvailable: true });
    assert.deepEqual(
      tree.map((g) => g.label),
      ['Workspace', 'Global'],
    );
    assert.deepEqual(
      tree[1]!.children.map((c) => c.label),
      ['Alpha', 'zeta'],
    );
    assert.deepEqual(
      buildTree(list, { workspaceAvailable: false }).map((g) => g.label),
      ['Global'],
    );
  });

  it('describes items as alias · Provider with a provider icon, and marks disabled ones', () => {
    const [group] = buildTree({ connections: [make({}), make({ id: 'x', alias: 'old', name: 'Old', isActive: false })], broken: [] }, { workspaceAvailable: false });
    const active = group!.children.find((c) => c.id === base.id);
    const inactive = group!.children.find((c) => c.id === 'x');
    assert.equal(active!.description, 'openai-prod · OpenAI');
    assert.equal(active!.contextValue, NodeContext.activeGlobal);
    assert.equal(active!.kind === 'connection' && active!.icon, 'sparkle');
    assert.equal(inactive!.description, 'old · OpenAI (disabled)');
    assert.equal(inactive!.contextValue, NodeContext.inactiveGlobal);
  });

  it('shows broken records as their own items in their scope', () => {
    const tree = buildTree(
      {
        connections: [],
        broken: [
          {
            scope: 'global',
            position: 2,
            label: { code: 'store.brokenRecordLabel', position: 3, name: 'Half written' },
            reason: { code: 'store.brokenRecordInvalid', issues: [{ code: 'store.recordIssue', path: 'alias', problem: { code: 'validation.malformed', detail: 'Invalid' } }] },
          },
        ],
      },
      { workspaceAvailable: true },
    );
    assert.equal(tree[0]!.children.length, 0);
    assert.equal(tree[0]!.description, 'no connections');
    const broken = tree[1]!.children[0]!;
    assert.equal(broken.contextValue, NodeContext.broken);
    assert.equal(broken.kind === 'broken' && broken.tooltip, "This stored connection can't be read: alias: Invalid");
  });
});

describe('buildTree with test results and a capability filter', () => {
  it('shows the last result beside the connection', () => {
    const results = new Map([
      [base.id, { success: true, latencyMs: 240.4, modelCount: 3, testedAt: '2026-01-15T10:30:00.000Z' }],
      ['x', { success: false, errorKind: 'auth' as const, latencyMs: 20, testedAt: '2026-01-15T10:30:00.000Z' }],
    ]);
    const [group] = buildTree({ connections: [base, make({ id: 'x', alias: 'x', name: 'X' })], broken: [] }, { workspaceAvailable: false, results });
    assert.deepEqual(
      group!.children.map((c) => c.description),
      ['openai-prod · OpenAI · ✓ 240 ms', 'x · OpenAI · ✗ auth'],
    );
  });

  it('changes the icon with the last result, so a failure shows at any width', () => {
    const failed = { success: false, errorKind: 'auth' as const, latencyMs: 20, testedAt: '2026-01-15T10:30:00.000Z' };
    const passed = { success: true, latencyMs: 240.4, modelCount: 3, testedAt: '2026-01-15T10:30:00.000Z' };
    const skipped = { success: false, skipped: true, latencyMs: 0, testedAt: '2026-01-15T10:30:00.000Z' };
    const results = new Map<string, TestResult>([
      ['f', failed],
      ['p', passed],
      ['s', skipped],
      ['d', failed],
      ['r', failed],
    ]);
    const connections = [make({ id: 'f', name: 'a' }), make({ id: 'p', name: 'b' }), make({ id: 's', name: 'c' }), make({ id: 'n', name: 'd' }), make({ id: 'd', name: 'e', isActive: false }), make({ id: 'r', name: 'f' })];
    const [group] = buildTree({ connections, broken: [] }, { workspaceAvailable: false, results, referenceProblems: (c) => (c.id === 'r' ? ['$OpenAI:ApiKey not found'] : undefined) });
    const icons = group!.children.map((c) => (c.kind === 'connection' ? [c.id, c.icon, c.iconColor] : []));
    assert.deepEqual(icons, [
      ['f', 'error', 'testing.iconFailed'],
      ['p', 'sparkle', 'testing.iconPassed'],
      ['s', 'sparkle', undefined],
      ['n', 'sparkle', undefined],
      ['d', 'sparkle', 'disabledForeground'],
      ['r', 'warning', 'problemsWarningIcon.foreground'],
    ]);
  });

  it('keeps only connections whose provider offers the capability', () => {
    const list = { connections: [base, make({ id: 'c', alias: 'claude', name: 'Claude', providerId: 'anthropic' })], broken: [] };
    const [group] = buildTree(list, { workspaceAvailable: false, capability: 'embedding' });
    assert.deepEqual(
      group!.children.map((c) => c.label),
      ['OpenAI Production'],
    );
    const [chat] = buildTree(list, { workspaceAvailable: false, capability: 'chat' });
    assert.equal(chat!.children.length, 2);
    const [none] = buildTree({ connections: [list.connections[1]!], broken: [] }, { workspaceAvailable: false, capability: 'embedding' });
    assert.equal(none!.description, 'none match the filter');
  });
});

describe('connectionTooltip', () => {
  it('lists settings with the key masked', () => {
    const tooltip = connectionTooltip(base, { apiKey: 'sk-test-abcdefghijkl' });
    assert.match(tooltip, /\| API Key \| `sk-\*\*\*` \|/);
    assert.match(tooltip, /\| Organization \| `org-test` \|/);
    assert.match(tooltip, /\| Alias \| `openai-prod` \|/);
    assert.ok(!tooltip.includes('abcdefghijkl'));
  });

  it('shows a reference as typed and a non-sk key as ***', () => {
    assert.match(connectionTooltip(base, { apiKey: '$OpenAI:ApiKey' }), /`\$OpenAI:ApiKey`/);
    const azure = make({ providerId: 'azure-openai', settings: { endpoint: 'https://x.openai.azure.com', authMode: 'key' } });
    assert.match(connectionTooltip(azure, { apiKey: 'abcdef0123' }), /\| API Key \| `\*\*\*` \|/);
  });

  it('leaves out fields that do not apply (Entra ID has no key) and masks custom secrets', () => {
    const entra = make({ providerId: 'azure-openai', settings: { endpoint: 'https://x.openai.azure.com', authMode: 'entra' }, secretKeys: [] });
    assert.ok(!connectionTooltip(entra, {}).includes('API Key'));
    const custom = make({ providerId: 'custom', settings: { configs: { region: 'eu' } }, secretKeys: ['secrets.api-key'] });
    const tooltip = connectionTooltip(custom, { 'secrets.api-key': 'hunter2-test' });
    assert.match(tooltip, /Secrets\\: api\\-key \| `\*\*\*`/);
    assert.match(tooltip, /Configs\\: region \| `eu`/);
    assert.ok(!tooltip.includes('hunter2'));
  });

  it('cannot be broken out of a code span by a backtick in a value', () => {
    const tooltip = connectionTooltip(make({ settings: { organization: 'org`**bold**' } }), {});
    assert.ok(!tooltip.includes('`**bold**'), tooltip);
  });
});

describe('connectionTooltip words (English)', () => {
  it('states, the last test, unresolved references and the modification time', () => {
    const failed = { success: false, errorKind: 'auth' as const, latencyMs: 20, testedAt: '2026-01-15T10:30:00.000Z' };
    const tooltip = connectionTooltip(make({ isActive: false }), {}, failed, ['$OpenAI:ApiKey not found'], 'api');
    assert.match(tooltip, /\| Scope \| Global \|\n\| Folder \| api \|\n\| State \| Disabled \|/);
    assert.match(tooltip, /\| API Key \| `set` \|/);
    assert.match(tooltip, /\| Last test \| ✗ auth \\\(2026\\-01\\-15 10\\:30 UTC\\\) \|/);
    assert.match(tooltip, /\n\n⚠ Unresolved references\\:\n\n- \\\$OpenAI\\:ApiKey not found\n\nModified 2026\\-01\\-15 10\\:30 UTC$/);
    const passed = { success: true, latencyMs: 240.4, modelCount: 3, testedAt: '2026-01-15T10:30:00.000Z' };
    assert.match(connectionTooltip(base, {}, passed), /\| Last test \| ✓ 240 ms\\, 3 models \\\(2026\\-01\\-15 10\\:30 UTC\\\) \|/);
    const [group] = buildTree({ connections: [make({ isActive: false })], broken: [] }, { workspaceAvailable: false, results: new Map([[base.id, passed]]) });
    assert.equal(group!.children[0]!.description, 'openai-prod · OpenAI (disabled)');
  });
});

describe('a connection whose self-signed server certificate is accepted', () => {
  it('carries a warning: a badge, the untrusted-workspace icon, and the host and fingerprint in its notes', () => {
    const connection = make({ settings: { baseUrl: 'https://llm.lab.example:8443/v1' } });
    const accepted = { host: 'llm.lab.example:8443', fingerprint: 'AB:CD:EF' };
    const [group] = buildTree({ connections: [connection, make({ id: 'other', alias: 'other', name: 'Other' })], broken: [] }, { workspaceAvailable: false, acceptedCertificate: (c) => (c.id === connection.id ? accepted : undefined) });
    const [marked, plain] = [group!.children.find((c) => c.id === connection.id)!, group!.children.find((c) => c.id === 'other')!];
    assert.ok(marked.kind === 'connection' && plain.kind === 'connection', 'connections');
    assert.equal(marked.description, 'openai-prod · OpenAI · self-signed certificate accepted');
    assert.equal(marked.icon, 'workspace-untrusted');
    assert.deepEqual(marked.notes, ['The self-signed certificate of llm.lab.example:8443 is accepted (SHA-256 AB:CD:EF). Use Trust Server Certificate… to stop accepting it.']);
    assert.equal(plain.notes, undefined, 'only the connection to that host');
  });
});
