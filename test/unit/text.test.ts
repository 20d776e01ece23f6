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
import { describeModel } from '../../src/ui/text/modelValues';
import { kindText, resultBadge } from '../../src/ui/text/results';
import { ErrorKindSchema } from '../../src/domain/requests';
import { MODEL_SETTINGS_ENGLISH } from '../support/modelSettingsTexts';
import { NETWORK_ENGLISH } from '../support/networkTexts';
import { VAULT_ENGLISH } from '../support/vaultTexts';

const ENGLISH: ReadonlyArray<readonly [Message, string]> = [
  // store
  [{ code: 'store.notFound' }, 'The connection no longer exists. It may have been deleted in another window.'],
  [{ code: 'store.unknownCause' }, 'unknown error'],
  [{ code: 'store.stale', name: 'OpenAI Production' }, "'OpenAI Production' was changed in another window — reload to see the latest version."],
  [{ code: 'store.brokenStale', scope: 'global' }, 'The broken global connection data changed in another window — reload.'],
  [{ code: 'store.brokenStale', scope: 'workspace' }, 'The broken workspace connection data changed in another window — reload.'],
  [{ code: 'store.keepsChanging' }, 'The connection keeps changing in another window — try again.'],
  [{ code: 'store.listUnreadable', scope: 'global' }, "The Global connection list can't be read, so nothing was saved. Delete the broken item 'Global connection list' in the Connections view first (a backup of it is kept), then try again."],
  [{ code: 'store.listUnreadable', scope: 'workspace' }, "The Workspace connection list can't be read, so nothing was saved. Delete the broken item 'Workspace connection list' in the Connections view first (a backup of it is kept), then try again."],
  [{ code: 'store.backupFailed', cause: 'quota exceeded' }, "Couldn't keep a backup of the unreadable data: quota exceeded. Nothing was deleted."],
  [{ code: 'store.secretStorageHint' }, "VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic)."],
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
  [{ code: 'store.moveFailed', name: 'OpenAI Production', cause: 'disk full' }, "Couldn't move 'OpenAI Production': disk full. It stays where it was."],
  [{ code: 'store.deleteBrokenFailed', cause: 'quota exceeded' }, "Couldn't delete the broken connection data: quota exceeded. Nothing was deleted."],
  [
    { code: 'store.secretsLeftOver', name: 'OpenAI Production', count: 1, cause: 'keyring locked', listed: true },
    "Deleted 'OpenAI Production', but its key couldn't be removed from VS Code's secret storage (keyring locked). It will be removed with the next change; see the log.",
  ],
  [
    { code: 'store.secretsLeftOver', name: 'OpenAI Production', count: 2, cause: { code: 'store.unknownCause' }, listed: false },
    "Deleted 'OpenAI Production', but its keys couldn't be removed from VS Code's secret storage (unknown error). It couldn't be noted for later either; see the log.",
  ],
  [{ code: 'store.secretsLeftOver', count: 1, cause: 'keyring locked', listed: true }, "Deleted the broken connection data, but its key couldn't be removed from VS Code's secret storage (keyring locked). It will be removed with the next change; see the log."],
  [{ code: 'store.secretsLeftOver', count: 2, cause: 'keyring locked', listed: false }, "Deleted the broken connection data, but its keys couldn't be removed from VS Code's secret storage (keyring locked). It couldn't be noted for later either; see the log."],
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
  [{ code: 'validation.headerName', header: 'two words' }, "'two words' is not a valid header name: use letters, digits and - _ . ! # $ % & ' * + ^ ` | ~."],
  [{ code: 'validation.headerReserved', header: 'x-api-key' }, "AI Connections sets 'x-api-key' itself. To send the key in another header, use Key header."],
  [{ code: 'validation.headerControl', header: 'X-Trace' }, "The value of 'X-Trace' contains a line break or another control character."],
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
  [{ code: 'validation.keyForOtherHost' }, "The URL now points at another host than the saved one, so the stored key isn't sent there. Type the key again to use it with the new host."],
  [{ code: 'validation.otherProvidersHost', host: 'api.openai.com', owner: 'OpenAI', provider: 'Anthropic' }, "api.openai.com is OpenAI's API, so the key of this Anthropic connection would go to OpenAI. Use Anthropic's own URL, or your proxy or gateway."],
  [{ code: 'validation.malformed', detail: 'Invalid input: expected string, received undefined' }, 'Invalid input: expected string, received undefined'],
  // testing: why a request got no answer (the reason in "Couldn't reach …: {reason}.")
  [{ code: 'testing.netRefused' }, 'connection refused'],
  [{ code: 'testing.netNotFound' }, 'host not found (DNS)'],
  [{ code: 'testing.netLookupFailed' }, 'host name lookup failed (DNS)'],
  [{ code: 'testing.netReset' }, 'connection reset'],
  [{ code: 'testing.netHostUnreachable' }, 'host unreachable'],
  [{ code: 'testing.netNetworkUnreachable' }, 'network unreachable'],
  [{ code: 'testing.netClosed' }, 'connection closed'],
  [{ code: 'testing.netConnectTimeout' }, 'connection timed out'],
  [{ code: 'testing.netCertExpired' }, 'TLS certificate expired'],
  [{ code: 'testing.netSelfSigned' }, 'self-signed TLS certificate'],
  [{ code: 'testing.netSelfSignedChain' }, 'self-signed TLS certificate in chain'],
  [{ code: 'testing.netCertUnverified' }, 'TLS certificate could not be verified'],
  [{ code: 'testing.netIssuerUnknown' }, 'TLS certificate issuer unknown'],
  [{ code: 'testing.netCertHost' }, 'TLS certificate does not match the host'],
  [{ code: 'testing.netWrongTls' }, 'TLS handshake failed (is this an http:// server?)'],
  [{ code: 'testing.netOther', detail: 'ERR_SOMETHING' }, 'ERR_SOMETHING'],
  // testing
  [{ code: 'testing.reason', text: 'Secret storage is locked.' }, 'Secret storage is locked.'],
  [{ code: 'shared.notJson', reason: 'CommaExpected' }, "This file isn't JSON (CommaExpected), so none of its connections are shown. Correct it and save."],
  [{ code: 'shared.notObject' }, 'Expected an object here: the file holds an object with a "connections" list, and each connection\'s "settings" and "secrets" are objects.'],
  [{ code: 'shared.fileTooLarge', kb: 256 }, 'This file is larger than 256 KB, so it is not read.'],
  [{ code: 'shared.tooMany', max: 200 }, 'Only the first 200 connections of this file are read.'],
  [{ code: 'shared.unreadable', cause: 'EACCES: permission denied' }, "Couldn't read this file: EACCES: permission denied"],
  [{ code: 'shared.entryNotObject' }, 'Each connection is an object with an id, alias, name and provider.'],
  [{ code: 'shared.missing', property: 'name' }, 'This connection has no "name"; it is not shown until it has one.'],
  [{ code: 'shared.notText', property: 'alias' }, '"alias" is text.'],
  [{ code: 'shared.unknownProperty', property: 'apiKey' }, '"apiKey" is not a property of a shared connection (id, alias, name, provider, isActive, settings, secrets).'],
  [{ code: 'shared.badId', id: '../x' }, "The id '../x' is not usable: letters, digits, '.', '_' and '-', up to 64, starting with a letter or digit. Keep an id once teammates use it: their keys are bound to it."],
  [{ code: 'shared.duplicateId', id: 'team' }, "Another connection in this file has the id 'team'; neither is shown until each has its own."],
  [{ code: 'shared.duplicateAlias', alias: 'team' }, "Another connection in this file has the alias 'team'; neither is shown until each has its own."],
  [{ code: 'shared.unknownProvider', provider: 'acme' }, "'acme' is not a provider AI Connections knows; the file's schema lists them."],
  [{ code: 'shared.notSecretField', field: 'baseUrl' }, '\'baseUrl\' is not a key of this provider. Settings go under "settings"; only keys go under "secrets".'],
  [{ code: 'shared.secretInSettings', field: 'apiKey' }, '\'apiKey\' is a key: it goes under "secrets", as "ask" or a reference, never as a value.'],
  [
    { code: 'shared.literalSecret', field: 'apiKey' },
    'A key is never written in a shared file, so this connection is not shown and the value is not read. Write "ask" (each person sets their own key on their machine) or a reference such as "${env:OPENAI_API_KEY}" or "$OpenAI:ApiKey" for \'apiKey\', and remove the key from the file\'s history if it was committed.',
  ],
  [{ code: 'shared.entryTooLarge', kb: 64 }, 'This connection is larger than 64 KB, so it is not read.'],
  [{ code: 'shared.invalidSetting', field: 'baseUrl', problem: { code: 'validation.url' } }, "'baseUrl': Enter a full http:// or https:// URL."],
  [{ code: 'shared.aliasClash', alias: 'team', other: 'Mine', otherShared: false }, "The alias 'team' is also used by your connection 'Mine'; neither is found by that alias until one is renamed: edit yours, or the shared file."],
  [{ code: 'shared.aliasClash', alias: 'team', other: 'Theirs', otherShared: true }, "The alias 'team' is also used by the shared connection 'Theirs'; neither is found by that alias until one is renamed in its file."],
  [{ code: 'shared.keyNeeded', name: 'Team' }, 'key needed'],
  [{ code: 'shared.keyNeededHere', name: 'Team' }, 'key needed on this machine'],
  [{ code: 'shared.hostChanged', name: 'Team', from: 'api.openai.com', to: 'evil.example' }, "The shared file now sends 'Team' to evil.example. Your key was set for api.openai.com."],
  [{ code: 'shared.definitionGone', id: 'team' }, "The shared file no longer has the connection 'team' (it changed meanwhile); nothing was written. Close the form and open the connection again."],
  [{ code: 'shared.bindFailed', name: 'Team', cause: 'locked' }, "Couldn't keep your key for 'Team' in secret storage: locked. Nothing was changed."],
  [{ code: 'testing.keyNeeded', name: 'Team' }, "'Team' is shared with the workspace and needs your own key. Use Set My Key… on it in the Connections view; the key stays on this machine."],
  [{ code: 'testing.keyNeeded', name: 'Team', synced: true }, "'Team' needs your key on this machine: its definition came with Settings Sync, its key never does. Use Set My Key… on it in the Connections view."],
  [
    { code: 'testing.keyHostChanged', name: 'Team', from: 'api.openai.com', to: 'evil.example' },
    "Not sent: the shared file now sends 'Team' to evil.example, and your key was set for api.openai.com. Test it again to decide, or use Set My Key… to set a key for evil.example.",
  ],
  [{ code: 'testing.providerSaid', provider: 'OpenAI', text: 'Incorrect API key provided' }, 'OpenAI said: "Incorrect API key provided"'],
  [{ code: 'testing.testSecret', name: 'token' }, "The secret 'token' named for the test"],
  [{ code: 'testing.fieldReference', label: 'Base URL', reference: '${env:BASE}' }, 'Base URL (${env:BASE})'],
  [{ code: 'testing.restricted' }, 'Testing connections is off in Restricted Mode. Trust this workspace to test connections.'],
  [{ code: 'testing.disabled' }, 'The connection is disabled. Enable it to test it.'],
  [{ code: 'testing.noTest' }, 'No test defined for this connection.'],
  [{ code: 'testing.noTestUrl' }, 'No test defined: add a test_url config to test this connection.'],
  [{ code: 'testing.connectionGone' }, 'The connection no longer exists.'],
  [{ code: 'testing.notSet', field: 'API Key' }, 'API Key is not set.'],
  [{ code: 'testing.notSet', field: { code: 'testing.testSecret', name: 'token' } }, "The secret 'token' named for the test is not set."],
  [{ code: 'testing.envUnset', field: 'API Key', name: 'OPENAI_API_KEY' }, 'API Key refers to the environment variable OPENAI_API_KEY, which is not set for VS Code.'],
  [{ code: 'testing.unresolvable', field: 'API Key', reference: '$OpenAI:ApiKey' }, "API Key refers to $OpenAI:ApiKey, which can't be resolved here. Use a literal value or an ${env:NAME} reference."],
  [
    { code: 'testing.referenceProblem', field: 'API Key', problem: { code: 'resolution.notFound', reference: '$OpenAI:ApiKey', places: [{ code: 'resolution.placeFile', file: 'appsettings.json', missing: false }], problems: [], trim: true } },
    'API Key: $OpenAI:ApiKey not found in appsettings.json',
  ],
  [{ code: 'testing.invalidUrl', field: 'Base URL' }, 'Base URL is not a valid URL. Enter a full http:// or https:// URL.'],
  [{ code: 'testing.invalidUrl', field: { code: 'testing.fieldReference', label: 'Base URL', reference: '${env:BASE}' } }, 'Base URL (${env:BASE}) is not a valid URL. Enter a full http:// or https:// URL.'],
  [{ code: 'testing.notHttp', field: 'Endpoint' }, 'Endpoint must be an http:// or https:// URL.'],
  [{ code: 'testing.urlCredentials', field: 'Base URL' }, 'Base URL contains a user name or password. Remove them from the URL and put the key in the key field.'],
  [
    { code: 'testing.entraHost', hosts: '*.openai.azure.com, *.cognitiveservices.azure.com, *.services.ai.azure.com', field: 'Endpoint' },
    'A Microsoft Entra ID token is sent only to https Azure hosts (*.openai.azure.com, *.cognitiveservices.azure.com, *.services.ai.azure.com). Check Endpoint, or use an API key.',
  ],
  [
    { code: 'testing.hostNotApproved', host: 'attacker.example:8080', field: 'Base URL', reference: '${env:OPENAI_BASE_URL}', file: '.env' },
    "Base URL: ${env:OPENAI_BASE_URL} comes from the workspace's .env and points at attacker.example:8080. Your key was not sent there: allow that host when asked, or set the URL yourself.",
  ],
  [{ code: 'testing.entraUnavailable' }, 'Microsoft Entra ID sign-in is not available here.'],
  [{ code: 'testing.entraFailed', reason: 'cancelled' }, 'Microsoft Entra ID sign-in did not complete: cancelled.'],
  [{ code: 'testing.crossOriginRedirect', location: 'https://elsewhere.example/v1' }, 'The server redirected to https://elsewhere.example/v1; the key was not sent there. Change the base URL if that is right.'],
  [{ code: 'testing.redirectDropsRequest', host: 'api.example', status: 302, location: 'https://api.example/moved' }, 'The server at api.example redirected (302) in a way that drops the request (last to https://api.example/moved). Check the base URL.'],
  [{ code: 'testing.tooManyRedirects', host: 'api.example', max: 3, location: 'https://api.example/loop' }, 'The server at api.example redirected more than 3 times (last to https://api.example/loop). Check the base URL.'],
  [{ code: 'testing.redirectNoLocation', host: 'api.example', status: 301 }, 'api.example answered, but it redirected (301) without saying where. Check the URL.'],
  [{ code: 'testing.redirectInvalid', host: 'api.example', status: 301 }, 'api.example answered, but it redirected (301) to an invalid address. Check the URL.'],
  [{ code: 'testing.tooLarge', host: 'api.example', size: '2 MB' }, 'api.example answered, but the response is larger than 2 MB. Check the URL.'],
  [{ code: 'testing.timeout', host: 'api.example', seconds: 10 }, 'No answer from api.example within 10 s. Check the URL, your network or proxy, or raise aiConnections.test.timeoutSeconds.'],
  [{ code: 'testing.cancelled' }, 'The test was cancelled.'],
  [{ code: 'testing.unreachable', host: 'localhost:11434', reason: { code: 'testing.netRefused' } }, "Couldn't reach localhost:11434: connection refused. Check the URL and that the server is running."],
  [{ code: 'testing.keyRejected', status: 401 }, 'The API key was rejected (401). Check the key or create a new one.'],
  [{ code: 'testing.keyRejected', status: 401, quote: { code: 'testing.providerSaid', provider: 'OpenAI', text: 'Incorrect API key provided' } }, 'The API key was rejected (401). Check the key or create a new one. OpenAI said: "Incorrect API key provided"'],
  [{ code: 'testing.entraRejected', status: 401 }, 'Your Microsoft Entra ID token was rejected (401). Check that your account has access to this resource.'],
  [{ code: 'testing.keyDenied' }, 'Access denied (403). The key is valid but not allowed here: check its permissions, project or organization.'],
  [{ code: 'testing.entraDenied' }, 'Access denied (403). Your account needs the Cognitive Services OpenAI User role on this resource.'],
  [{ code: 'testing.notFound', host: 'api.example', path: '/v1/models' }, 'Not found (404) at api.example/v1/models. Check the base URL.'],
  [{ code: 'testing.notFoundAzure', host: 'r.openai.azure.com', path: '/openai/models' }, 'Not found (404) at r.openai.azure.com/openai/models. Check the endpoint and the API version.'],
  [{ code: 'testing.rateLimited' }, 'Rate limited (429). Try again later.'],
  [{ code: 'testing.rateLimitedFor', seconds: 7 }, 'Rate limited (429). Try again in 7 s.'],
  [{ code: 'testing.serverError', provider: 'OpenAI', status: 500 }, 'OpenAI had a server error (500). Try again later.'],
  [{ code: 'testing.refused', host: 'api.example', status: 400 }, 'api.example refused the request (400).'],
  [{ code: 'testing.htmlNotList', host: 'api.example', format: 'openai' }, 'api.example answered with an HTML page instead of an OpenAI-style model list ({ "data": [{ "id": ... }] }). Check the URL: it should point at the API, not a website.'],
  [{ code: 'testing.notJsonNotList', host: 'api.example', format: 'gemini' }, 'api.example answered with something that is not JSON instead of a Gemini model list ({ "models": [{ "name": ... }] }). Check the URL: it should point at the API, not a website.'],
  [{ code: 'testing.notList', host: 'api.example', format: 'anthropic' }, 'api.example answered, but not with an Anthropic model list ({ "data": [{ "id": ... }] }). Check the URL.'],
  [{ code: 'testing.notList', host: 'api.example', format: 'ollama' }, 'api.example answered, but not with an Ollama tag list ({ "models": [{ "name": ... }] }). Check the URL.'],
  // chat
  [{ code: 'chat.toolArgsNotToolBlock', provider: 'Anthropic', host: 'api.anthropic.com', advice: 'checkUrl' }, 'Anthropic at api.anthropic.com sent tool arguments for a block that is not a tool call. Check the URL.'],
  [
    { code: 'chat.stoppedWithError', provider: 'Anthropic', host: 'api.anthropic.com', advice: 'retry', quote: { code: 'testing.providerSaid', provider: 'Anthropic', text: 'Overloaded' } },
    'Anthropic at api.anthropic.com stopped the answer with an error. Try again later. Anthropic said: "Overloaded"',
  ],
  [{ code: 'chat.endedEarly', provider: 'Mistral', host: 'api.mistral.ai', advice: 'checkUrl' }, 'Mistral at api.mistral.ai ended the stream before the answer was complete. Check the URL.'],
  [{ code: 'chat.toolArgsNotJson', tool: 'f', provider: 'OpenAI', host: 'api.openai.com', advice: 'checkUrl' }, 'OpenAI at api.openai.com sent arguments for the tool f that are not valid JSON. Check the URL.'],
  [{ code: 'chat.toolArgsNotObject', tool: 'f', provider: 'OpenAI', host: 'api.openai.com' }, 'OpenAI at api.openai.com sent arguments for the tool f that are not a JSON object.'],
  [{ code: 'chat.eventNotObject', provider: 'OpenAI', host: 'api.openai.com', advice: 'checkUrl' }, 'OpenAI at api.openai.com sent an event that is not a JSON object. Check the URL.'],
  [{ code: 'chat.eventTooLong', size: '16 MB', provider: 'OpenAI', host: 'api.openai.com', advice: 'checkUrl' }, 'OpenAI at api.openai.com sent an event longer than 16 MB. Check the URL.'],
  [{ code: 'chat.blocked', reason: 'SAFETY', provider: 'Google Gemini', host: 'g.example', advice: 'checkUrl' }, 'Google Gemini at g.example blocked the prompt (SAFETY). Check the URL.'],
  [{ code: 'chat.functionCallNoName', provider: 'Google Gemini', host: 'g.example', advice: 'checkUrl' }, 'Google Gemini at g.example sent a function call without a name. Check the URL.'],
  [{ code: 'chat.toolCallNoName', provider: 'OpenAI', host: 'api.openai.com', advice: 'checkUrl' }, 'OpenAI at api.openai.com sent a tool call without a tool name. Check the URL.'],
  [{ code: 'chat.noEvents', provider: 'OpenAI', host: 'api.openai.com', advice: 'checkUrl' }, 'OpenAI at api.openai.com sent no events. Check the URL.'],
  [{ code: 'chat.disabled' }, 'The connection is disabled. Enable it to use its models.'],
  [{ code: 'chat.noChatApi', provider: 'Custom' }, 'Custom connection has no chat API here.'],
  [{ code: 'chat.noChatApiUnknown' }, 'This connection has no chat API here.'],
  [{ code: 'chat.noModel' }, 'No model was named for the request.'],
  [{ code: 'chat.unknownToolCall', callId: 'call_1' }, 'A tool result answers the call call_1, which no earlier message made.'],
  [{ code: 'chat.connectionGone' }, 'The connection of this model no longer exists. Choose another model.'],
  [{ code: 'chat.connectionDisabled', name: 'Prod' }, "'Prod' is disabled. Enable it to use its models."],
  [{ code: 'chat.noBody', host: 'api.example' }, 'api.example answered without a body.'],
  [{ code: 'chat.htmlNotStream', host: 'api.example' }, 'api.example answered with an HTML page instead of a stream of events. Check the URL.'],
  [{ code: 'chat.jsonNotStream', host: 'api.example', quote: { code: 'testing.providerSaid', provider: 'OpenAI', text: 'no' } }, 'api.example answered with a JSON document instead of a stream of events. Check the URL. OpenAI said: "no"'],
  [{ code: 'chat.noAnswer', host: 'api.example', seconds: 30 }, 'No answer from api.example within 30 s. Check the URL, your network or proxy.'],
  [{ code: 'chat.cancelled' }, 'The request was cancelled.'],
  [{ code: 'chat.notFoundModel', host: 'api.example' }, 'Not found (404) at api.example. Check the model name and the base URL.'],
  [
    { code: 'chat.toolsRefused', host: 'vllm.example', model: 'qwen', override: 'local/qwen' },
    'vllm.example refused tools for qwen (400). To use this model without tools, turn its tool calling off in Choose Chat Models… (the gear beside the model), or set "aiConnections.chat.modelOverrides": {"local/qwen": {"toolCalling": false}} in your user settings.',
  ],
  [{ code: 'chat.notFoundDeployment', host: 'r.openai.azure.com' }, 'Not found (404) at r.openai.azure.com. Check the deployment name, the endpoint and the API version.'],
  [{ code: 'chat.streamSilent', host: 'api.example', seconds: 300 }, 'api.example stopped sending the answer for more than 300 s. Check your network or proxy, or try again.'],
  [{ code: 'chat.streamBroke', host: 'api.example', reason: { code: 'testing.netReset' } }, 'The connection to api.example broke during the answer: connection reset.'],
  [{ code: 'chat.streamTooLarge', host: 'api.example', size: '64 MB' }, 'api.example answered, but the response is larger than 64 MB.'],
  [{ code: 'chat.modelDetail', connection: 'OpenAI', scope: 'global' }, 'OpenAI · Global'],
  [{ code: 'chat.modelTooltip', model: 'gpt-4o', connection: 'OpenAI', alias: 'oa', scope: 'workspace', source: 'provider' }, 'gpt-4o through OpenAI (oa, Workspace), limits from the provider.'],
  [{ code: 'chat.modelTooltip', model: 'gpt-4o', connection: 'OpenAI', alias: 'oa', scope: 'global', source: 'table' }, 'gpt-4o through OpenAI (oa, Global), limits from the known families table.'],
  [{ code: 'chat.modelTooltip', model: 'x', connection: 'OpenAI', alias: 'oa', scope: 'global', source: 'default' }, 'x through OpenAI (oa, Global), limits from the defaults.'],
  // a model's settings
  ...MODEL_SETTINGS_ENGLISH,
  // resolution
  [{ code: 'resolution.placeFile', file: 'appsettings.json', missing: false }, 'appsettings.json'],
  [{ code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: true }, 'appsettings.Development.json (no such file)'],
  [{ code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' }, 'env OpenAI__ApiKey'],
  [{ code: 'resolution.placeEnvironment' }, "VS Code's environment"],
  [{ code: 'resolution.sourceFile', file: 'appsettings.Development.json', key: 'OpenAI:ApiKey' }, 'appsettings.Development.json, OpenAI:ApiKey'],
  [{ code: 'resolution.sourceEnvironment', name: 'OPENAI_API_KEY' }, 'environment variable OPENAI_API_KEY'],
  [{ code: 'resolution.sourceEscape' }, 'literal ($$ stands for $)'],
  [{ code: 'resolution.globalOnly' }, 'global connections read only the environment'],
  [{ code: 'resolution.restricted' }, 'appsettings*.json and .env are not read in Restricted Mode'],
  [{ code: 'resolution.noFolder' }, 'no workspace folder is open'],
  [{ code: 'resolution.folderNotOpen', folder: 'web app' }, 'its folder web app is not open in this workspace'],
  [{ code: 'resolution.filesUnreadable' }, 'the files could not be read'],
  [{ code: 'resolution.fileUnreadable', file: '.env' }, '.env could not be read.'],
  [{ code: 'resolution.fileOutsideFolder', file: '.env' }, ".env links to a file outside the workspace folder and was not read: only the folder's own files are used."],
  [{ code: 'resolution.fileNotRegular', file: '.env' }, '.env is not a regular file and was not read.'],
  [{ code: 'resolution.fileTooLarge', file: 'appsettings.json' }, 'appsettings.json is larger than 1 MB and was not read.'],
  [{ code: 'resolution.fileNotJson', file: 'appsettings.json' }, 'appsettings.json could not be read as JSON.'],
  [{ code: 'resolution.jsonError', file: 'appsettings.json', line: 4, error: 'CommaExpected', more: 0 }, 'appsettings.json line 4: Comma expected.'],
  [{ code: 'resolution.jsonError', file: 'appsettings.json', line: 1, error: 'PropertyNameExpected', more: 2 }, 'appsettings.json line 1: Property name expected (and 2 more).'],
  [{ code: 'resolution.topLevelNotObject', file: 'appsettings.json' }, 'appsettings.json line 1: the top level must be an object.'],
  [
    {
      code: 'resolution.notFound',
      reference: '$OpenAI:ApiKey',
      places: [
        { code: 'resolution.placeFile', file: 'appsettings.json', missing: false },
        { code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: false },
        { code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' },
      ],
      problems: [],
      trim: true,
    },
    '$OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json or env OpenAI__ApiKey',
  ],
  [
    {
      code: 'resolution.notFound',
      reference: '$OpenAI:ApiKey',
      places: [
        { code: 'resolution.placeFile', file: 'appsettings.json', missing: false },
        { code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: true },
        { code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' },
      ],
      problems: [
        { code: 'resolution.jsonError', file: 'appsettings.json', line: 4, error: 'CommaExpected', more: 1 },
        { code: 'resolution.fileUnreadable', file: 'appsettings.Development.json' },
      ],
      trim: true,
    },
    '$OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json (no such file) or env OpenAI__ApiKey; appsettings.json line 4: Comma expected (and 1 more); appsettings.Development.json could not be read',
  ],
  [{ code: 'resolution.notFound', reference: '$A:B', places: [{ code: 'resolution.placeVariable', name: 'A__B' }], problems: [{ code: 'resolution.restricted' }], trim: true }, '$A:B not found in env A__B; appsettings*.json and .env are not read in Restricted Mode'],
  [
    {
      code: 'resolution.notFound',
      reference: '${env:KEY}',
      places: [{ code: 'resolution.placeEnvironment' }, { code: 'resolution.placeFile', file: '.env', missing: false }],
      problems: [{ code: 'resolution.fileUnreadable', file: '.env' }],
      trim: false,
    },
    "${env:KEY} not found in VS Code's environment or .env; .env could not be read.",
  ],
  [{ code: 'resolution.unresolvable', reference: '$A:B' }, '$A:B could not be resolved.'],
  [
    { code: 'resolution.notAllowed', reference: '${env:GITHUB_TOKEN}', variable: 'GITHUB_TOKEN' },
    '${env:GITHUB_TOKEN}: sending the environment variable GITHUB_TOKEN was not allowed. Allow it when asked, or add it to aiConnections.references.allowedEnvironmentVariables.',
  ],
  [{ code: 'resolution.denied', source: { code: 'resolution.sourceEnvironment', name: 'GITHUB_TOKEN' } }, 'sending environment variable GITHUB_TOKEN was denied for this connection'],
  [{ code: 'resolution.settingProblem', label: 'API Key', problem: { code: 'resolution.unresolvable', reference: '$A:B' } }, 'API Key: $A:B could not be resolved.'],
  [{ code: 'resolution.hintProblem', problem: { code: 'resolution.unresolvable', reference: '$A:B' } }, '✗ $A:B could not be resolved.'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceFile', file: 'appsettings.Development.json', key: 'OpenAI:ApiKey' }, permission: 'allowed' }, '→ appsettings.Development.json, OpenAI:ApiKey'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceEnvironment', name: 'MY_TOKEN' }, permission: 'ask' }, '→ environment variable MY_TOKEN (asks before it is sent)'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceEnvironment', name: 'MY_TOKEN' }, permission: 'denied' }, '→ environment variable MY_TOKEN (denied for this connection)'],
  // yaml
  [{ code: 'yaml.located', file: 'c.yaml', problem: { code: 'yaml.keyNotText' } }, 'c.yaml: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', line: 3, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, line 3: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', document: 2, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, document 2: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', document: 2, line: 7, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, document 2, line 7: every key must be text.'],
  [{ code: 'yaml.fileTooLarge', kb: 2049 }, 'the file is 2049 KB; connection files are limited to 1 MB.'],
  [{ code: 'yaml.notAMap' }, 'a connection must be a map of keys and values (name, type, ...).'],
  [{ code: 'yaml.keyNotText' }, 'every key must be text.'],
  [{ code: 'yaml.reservedName', key: 'secrets.__proto__' }, "'secrets.__proto__' is not allowed as a name."],
  [{ code: 'yaml.secretAlias', alias: 'k', field: 'api_key' }, '*k repeats the secret api_key: an alias may not copy a secret into another value. Write the secret once, or a reference such as ${env:NAME} in each place.'],
  [{ code: 'yaml.tooManyAliases', max: 100 }, 'too many alias expansions; connection files are refused when aliases expand beyond 100 nodes.'],
  [{ code: 'yaml.nodeLimit', max: 10_000 }, 'the file holds more than 10,000 YAML nodes (keys, values, list entries and documents); connection files are refused beyond that.'],
  [{ code: 'yaml.aliasLimit', max: 100 }, 'the file holds more than 100 aliases (*name); connection files are refused beyond that.'],
  [{ code: 'yaml.documentLimit', max: 500 }, 'the file holds more than 500 documents (connections); connection files are refused beyond that.'],
  [{ code: 'yaml.documentUnreadable' }, 'the document could not be read.'],
  [{ code: 'yaml.duplicateKey' }, 'a key appears twice in the same map.'],
  [{ code: 'yaml.duplicateKey', key: 'secrets.api_key' }, 'secrets.api_key appears twice; give each key once.'],
  [{ code: 'yaml.tabIndent' }, 'tabs are not allowed for indentation in YAML; indent with spaces.'],
  [{ code: 'yaml.syntax', text: 'missing closing "quote.' }, 'missing closing "quote.'],
  [{ code: 'yaml.required', key: 'name' }, 'name is required.'],
  [{ code: 'yaml.typeRequired', key: 'type', types: 'open_ai, custom' }, 'type is required (one of open_ai, custom).'],
  [{ code: 'yaml.notText', key: 'name' }, 'name must be text.'],
  [{ code: 'yaml.quoteText', key: 'api_base', value: '42' }, 'api_base must be text (write "42" in quotes).'],
  [{ code: 'yaml.quoteSecret', key: 'api_key' }, 'api_key must be text (write the secret in quotes).'],
  [{ code: 'yaml.unknownType', type: 'llama', types: 'open_ai, custom' }, "type 'llama' is not a promptflow connection type (open_ai, custom)."],
  [{ code: 'yaml.authMode', key: 'auth_mode', modes: ['key', 'meid_token'] }, 'auth_mode must be key or meid_token.'],
  [{ code: 'yaml.notAMapOfValues', key: 'configs' }, 'configs must be a map of names and values.'],
  [{ code: 'yaml.carriedProvider', key: 'configs.ai_connections_provider', providers: 'anthropic, mistral' }, 'configs.ai_connections_provider must name one of: anthropic, mistral.'],
  [{ code: 'yaml.notASetting', key: 'configs.x', provider: 'Anthropic' }, 'configs.x is not a setting of a Anthropic connection.'],
  [{ code: 'yaml.notASecret', key: 'secrets.x', provider: 'Anthropic' }, 'secrets.x is not a secret of a Anthropic connection.'],
  [{ code: 'yaml.requiredKey', key: 'secrets.api_key' }, "'secrets.api_key' is required."],
  [{ code: 'yaml.requiredForKeyAuth', key: 'api_key' }, "'api_key' is required for key auth mode connection."],
  [{ code: 'yaml.invalid', key: 'name', problem: 'Name is too long.' }, 'name: name is too long.'],
  [{ code: 'yaml.invalidConnection', problem: 'The connection is not valid.' }, 'The connection is not valid.'],
  [{ code: 'yaml.overridden', problem: { code: 'yaml.placeholder', field: 'api_base' } }, '--set api_base must be a URL (http:// or https://); give it with --set api_base=https://…'],
  [{ code: 'yaml.placeholder', field: 'api_base' }, 'api_base must be a URL (http:// or https://); give it with --set api_base=https://…'],
  [{ code: 'yaml.missingValue', field: 'api_key' }, 'api_key has no value: the file asks for it (<user-input>) or leaves it out, and none was given. Nothing was imported.'],
  [{ code: 'yaml.missingUrl', field: 'api_base' }, 'api_base must be a URL (http:// or https://), and none was given. Nothing was imported.'],
  [{ code: 'yaml.setNotText', index: 2 }, '--set #2 must be text of at most 16,384 characters.'],
  [{ code: 'yaml.setNotPair', index: 4 }, '--set #4: write key=value (for example api_base=https://… or configs.region=eastus).'],
  [{ code: 'yaml.setNotKey', index: 1, key: '1x' }, "--set #1: '1x' is not a key."],
  [{ code: 'yaml.setDot', key: 'a.b' }, '--set a.b: only configs.<name> and secrets.<name> take a dot.'],
  [{ code: 'yaml.loadNothing', file: '.env' }, "Load nothing from dotenv file '.env', please make sure the file is not empty and readable."],
  [{ code: 'yaml.tooManyKeys', count: 65, max: 64 }, 'the file holds 65 keys; a custom connection holds at most 64 secrets.'],
  [{ code: 'yaml.badSecretName', name: '1BAD' }, "'1BAD' is not a valid secret name: use letters, digits, '_', '-' or '.', starting with a letter or '_', at most 64 characters."],
  [{ code: 'yaml.valueTooLong', key: 'BIG', length: 16_385, max: 16_384 }, "the value of 'BIG' is too long (16,385 characters; at most 16,384)."],
  [{ code: 'yaml.needsName' }, 'the connection needs a name (pf connection create -f .env --name <name>).'],
  ...VAULT_ENGLISH,
  ...NETWORK_ENGLISH,
];

describe('English texts of message codes', () => {
  for (const [message, english] of ENGLISH) {
    it(message.code, () => assert.equal(say(message), english));
  }

  it('a model in pickers, and the badge of a result', () => {
    assert.equal(describeModel({ maxInputTokens: 111_616, maxOutputTokens: 16_384, capabilities: { toolCalling: true, imageInput: true } }), '111,616 in / 16,384 out · tools · images');
    assert.equal(describeModel({ maxInputTokens: 8_192, maxOutputTokens: 4_096, capabilities: { toolCalling: false, imageInput: false } }), '8,192 in / 4,096 out');
    const at = '2026-01-01T00:00:00.000Z';
    assert.equal(resultBadge({ success: true, latencyMs: 239.6, testedAt: at }), '✓ 240 ms');
    assert.equal(resultBadge({ success: false, errorKind: 'auth', latencyMs: 1, testedAt: at }), '✗ auth');
    assert.equal(resultBadge({ success: false, latencyMs: 1, testedAt: at }), '✗ failed');
    assert.equal(resultBadge({ success: false, skipped: true, latencyMs: 0, testedAt: at }), '– no test');
  });

  it('the kind of a failure reads as its name in English, and is translated like any text', () => {
    for (const kind of ErrorKindSchema.options) assert.equal(kindText(kind), kind);
    assert.equal(kindText(undefined), 'failed');
  });

  it('every code the text layer knows has a row here', () => {
    const dir = join(__dirname, '..', '..', 'src', 'ui', 'text');
    const codes = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/case '([a-z]+\.[A-Za-z]+)':/g)].map((m) => m[1]!));
    const tested = new Set<string>(ENGLISH.map(([m]) => m.code));
    assert.deepEqual(
      codes.filter((c) => !tested.has(c)),
      [],
    );
    assert.ok(codes.length >= 1);
  });
});
