/**
 * What each message code says in English: one row per code (the coverage test below fails when a
 * code's text has no row). Domain tests assert on codes; this is where the words are checked.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Message } from '../../src/domain/messages';
import { say } from '../../src/ui/text';

const ENGLISH: ReadonlyArray<readonly [Message, string]> = [
  // store
  [{ code: 'store.notFound' }, 'The connection no longer exists. It may have been deleted in another window.'],
  [{ code: 'store.unknownCause' }, 'unknown error'],
  [{ code: 'store.stale', name: 'OpenAI Production' }, "'OpenAI Production' was changed in another window — reload to see the latest version."],
  [{ code: 'store.brokenStale', scope: 'global' }, 'The broken global connection data changed in another window — reload.'],
  [{ code: 'store.brokenStale', scope: 'workspace' }, 'The broken workspace connection data changed in another window — reload.'],
  [{ code: 'store.keepsChanging' }, 'The connection keeps changing in another window — try again.'],
  [
    { code: 'store.listUnreadable', scope: 'global' },
    "The Global connection list can't be read, so nothing was saved. Delete the broken item 'Global connection list' in the Connections view first (a backup of it is kept), then try again.",
  ],
  [
    { code: 'store.listUnreadable', scope: 'workspace' },
    "The Workspace connection list can't be read, so nothing was saved. Delete the broken item 'Workspace connection list' in the Connections view first (a backup of it is kept), then try again.",
  ],
  [{ code: 'store.backupFailed', cause: 'quota exceeded' }, "Couldn't keep a backup of the unreadable data: quota exceeded. Nothing was deleted."],
  [
    { code: 'store.secretStorageHint' },
    "VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic).",
  ],
  [
    { code: 'store.readSecretsFailed', cause: 'keyring locked' },
    "Couldn't read the stored secrets: keyring locked. VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic).",
  ],
  [
    { code: 'store.saveSecretsFailed', name: 'OpenAI Production', cause: 'Cannot create an item in a locked collection' },
    "Couldn't save 'OpenAI Production': Cannot create an item in a locked collection. VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic). Nothing was saved.",
  ],
  [{ code: 'store.saveFailed', name: 'OpenAI Production', cause: 'disk full' }, "Couldn't save 'OpenAI Production': disk full. Nothing was changed."],
  [{ code: 'store.saveFailed', name: 'X', cause: { code: 'store.unknownCause' } }, "Couldn't save 'X': unknown error. Nothing was changed."],
  [{ code: 'store.deleteBrokenFailed', cause: 'quota exceeded' }, "Couldn't delete the broken connection data: quota exceeded. Nothing was deleted."],
  [
    { code: 'store.secretsLeftOver', name: 'OpenAI Production', count: 1, cause: 'keyring locked', listed: true },
    "Deleted 'OpenAI Production', but its key couldn't be removed from VS Code's secret storage (keyring locked). It will be removed with the next change; see the log.",
  ],
  [
    { code: 'store.secretsLeftOver', name: 'OpenAI Production', count: 2, cause: { code: 'store.unknownCause' }, listed: false },
    "Deleted 'OpenAI Production', but its keys couldn't be removed from VS Code's secret storage (unknown error). It couldn't be noted for later either; see the log.",
  ],
  [
    { code: 'store.secretsLeftOver', count: 1, cause: 'keyring locked', listed: true },
    "Deleted the broken connection data, but its key couldn't be removed from VS Code's secret storage (keyring locked). It will be removed with the next change; see the log.",
  ],
  [
    { code: 'store.secretsLeftOver', count: 2, cause: 'keyring locked', listed: false },
    "Deleted the broken connection data, but its keys couldn't be removed from VS Code's secret storage (keyring locked). It couldn't be noted for later either; see the log.",
  ],
  [{ code: 'store.brokenListLabel', scope: 'global' }, 'Global connection list'],
  [{ code: 'store.brokenListLabel', scope: 'workspace' }, 'Workspace connection list'],
  [{ code: 'store.brokenRecordLabel', position: 2, name: 'Half written' }, 'Half written'],
  [{ code: 'store.brokenRecordLabel', position: 3 }, 'Record 3'],
  [{ code: 'store.brokenListReason' }, 'The stored list is unreadable.'],
  [{ code: 'store.brokenScopeMismatch', scope: 'global' }, 'Stored in global but marked workspace.'],
  [{ code: 'store.brokenScopeMismatch', scope: 'workspace' }, 'Stored in workspace but marked global.'],
  [
    {
      code: 'store.brokenRecordInvalid',
      issues: [
        { code: 'store.recordIssue', path: 'alias', problem: { code: 'validation.aliasPattern' } },
        { code: 'store.recordIssue', path: '', problem: { code: 'validation.malformed', detail: 'Invalid input: expected object, received string' } },
      ],
    },
    "alias: Use 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.; record: Invalid input: expected object, received string",
  ],
  [{ code: 'store.recordIssue', path: 'name', problem: { code: 'validation.nameRequired' } }, 'name: Name is required.'],
  [{ code: 'store.backupNote' }, 'Deleting it keeps a copy of the stored data as a backup.'],
  [{ code: 'store.backupNote', kept: 2, newest: '2025-03-01 10:00' }, 'Deleting it keeps a copy of the stored data as a backup (2 kept, newest 2025-03-01 10:00 UTC).'],
  // validation
  [{ code: 'validation.required', label: 'API Key' }, 'API Key is required.'],
  [{ code: 'validation.onOff', label: 'Use in Chat' }, 'Use in Chat must be on or off.'],
  [{ code: 'validation.notText', label: 'API Key' }, 'API Key must be text.'],
  [{ code: 'validation.chooseOne', options: ['key', 'entra'] }, 'Choose one of: key, entra.'],
  [{ code: 'validation.mapShape', label: 'Configs' }, 'Configs must be a list of names and values.'],
  [{ code: 'validation.mapTooMany', label: 'Configs', max: 64 }, 'Configs can hold at most 64 entries.'],
  [{ code: 'validation.mapKeyInvalid', key: 'bad name' }, "'bad name' is not a valid name: use letters, digits, '_', '-' or '.'."],
  [{ code: 'validation.mapValueMissing', key: 'region' }, "Give 'region' a value or remove it."],
  [{ code: 'validation.mapCredentials', key: 'test_url' }, "'test_url' has a user name or password in its URL: put the key in Secrets instead."],
  [{ code: 'validation.tooLong', label: 'API Key', length: 10_485_760, max: 16_384 }, 'API Key is too long (10,485,760 characters; at most 16,384).'],
  [{ code: 'validation.entryTooLong', key: 'region', length: 2049, max: 2048 }, "'region' is too long (2,049 characters; at most 2,048)."],
  [{ code: 'validation.url' }, 'Enter a full http:// or https:// URL.'],
  [{ code: 'validation.credentialsInUrl' }, "Remove the user name and password from the URL: put the key in the API Key field (it is kept in VS Code's secret storage)."],
  [{ code: 'validation.unknownProvider', providerId: 'nope' }, "Unknown provider 'nope'."],
  [{ code: 'validation.providerChange' }, "A connection's provider can't be changed. Create a new connection instead."],
  [{ code: 'validation.scopeChange' }, "A connection's scope can't be changed. Duplicate it instead."],
  [{ code: 'validation.workspaceUnavailable' }, 'Open a folder to keep connections in the workspace.'],
  [{ code: 'validation.folderNotOpen' }, "Choose one of this workspace's folders."],
  [{ code: 'validation.nameRequired' }, 'Name is required.'],
  [{ code: 'validation.nameTooLong', max: 100 }, 'Name must be 100 characters or fewer.'],
  [{ code: 'validation.nameControl' }, "Name can't contain control characters or text-direction overrides."],
  [{ code: 'validation.aliasRequired' }, 'Alias is required.'],
  [{ code: 'validation.aliasPattern' }, "Use 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."],
  [{ code: 'validation.aliasTaken', alias: 'openai-prod', owner: 'Prod', scope: 'workspace' }, "Alias 'openai-prod' is already used by 'Prod' (Workspace)."],
  [{ code: 'validation.aliasTaken', alias: 'openai-prod', owner: 'OpenAI Production', scope: 'global' }, "Alias 'openai-prod' is already used by 'OpenAI Production' (Global)."],
  [{ code: 'validation.secretValueMissing', entry: 'k' }, "Enter a value for secret 'k'."],
  [{ code: 'validation.secretsTooFew', min: 1 }, 'Add at least 1 secret.'],
  [{ code: 'validation.recordTooLarge', kb: 64 }, 'These settings are too large to store (more than 64 KB).'],
  [{ code: 'validation.nothingToTest' }, 'Nothing to test.'],
  [
    { code: 'validation.keyForOtherHost' },
    "The URL now points at another host than the saved one, so the stored key isn't sent there. Type the key again to test.",
  ],
  [{ code: 'validation.malformed', detail: 'Invalid input: expected string, received undefined' }, 'Invalid input: expected string, received undefined'],
  [{ code: 'validation.inField', field: 'name', problem: { code: 'validation.nameRequired' } }, 'name: name is required.'],
  [{ code: 'validation.inField', field: '--set api_key', problem: { code: 'validation.tooLong', label: 'API Key', length: 16_385, max: 16_384 } }, '--set api_key: API Key is too long (16,385 characters; at most 16,384).'],
];

describe('English texts of message codes', () => {
  for (const [message, english] of ENGLISH) {
    it(message.code, () => assert.equal(say(message), english));
  }

  it('every code the text layer knows has a row here', () => {
    const dir = join(__dirname, '..', '..', 'src', 'ui', 'text');
    const codes = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/case '([a-z]+\.[A-Za-z]+)':/g)].map((m) => m[1]!));
    const tested = new Set<string>(ENGLISH.map(([m]) => m.code));
    assert.deepEqual(codes.filter((c) => !tested.has(c)), []);
    assert.ok(codes.length >= 1);
  });
});
