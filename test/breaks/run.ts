/**
 * Deliberate breaks: each one removes a safeguard from the source and runs the unit tests that
 * guard it; every one of them must fail. `npm run test:breaks` prints one line per break and exits
 * non-zero when a break goes unnoticed. The source is restored after each run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Break {
  name: string;
  file: string;
  from: string;
  to: string;
  tests: string[];
}

const root = join(__dirname, '..', '..');
/** The longest one break's tests may run (all of them together take about two minutes). */
const RUN_TIMEOUT_MS = 300_000;

export const BREAKS: Break[] = [
  {
    name: 'the form save drops dateModified',
    file: 'src/ui/form/connectionForms.ts',
    from: 'await this.store.update(this.connection.id, input, this.connection.dateModified)',
    to: 'await this.store.update(this.connection.id, input)',
    tests: ['test/unit/uiLayer.test.ts'],
  },
  {
    name: 'the host sends a literal secret as a reference',
    file: 'src/ui/form/connectionForms.ts',
    from: 'value !== undefined && isReference(value) ? { reference: value } : {}',
    to: 'value !== undefined ? { reference: value } : {}',
    tests: ['test/unit/uiLayer.test.ts', 'test/unit/form.fuzz.test.ts'],
  },
  {
    name: "the form's unsaved-changes draft keeps a key typed into a key field",
    file: 'webview-ui/formState.ts',
    from: "    if (field.kind === 'password') delete values[field.key];\n",
    to: '',
    tests: ['test/unit/formState.test.ts', 'test/unit/formRender.test.ts'],
  },
  {
    name: 'Test Connection skips the trust check',
    file: 'src/ui/commands/testCommands.ts',
    from: '    [Command.testConnection]: async (arg: unknown) => {\n      service.assertTrusted();\n',
    to: '    [Command.testConnection]: async (arg: unknown) => {\n',
    tests: ['test/unit/uiLayer.test.ts'],
  },
  {
    name: 'the trust gate lets requests through in Restricted Mode',
    file: 'src/domain/requests/trust.ts',
    from: 'if (!isTrusted()) throw new RestrictedModeError();',
    to: '',
    tests: ['test/unit/uiLayer.test.ts'],
  },
  {
    name: "a command handler's error escapes unreported",
    file: 'src/ui/commands/runCommand.ts',
    from: '    try {\n      return await handler(...args);\n    } catch (error) {',
    to: '    try {\n      return await handler(...args);\n    } finally {}\n    try {} catch (error) {',
    tests: ['test/unit/uiLayer.test.ts'],
  },
  {
    name: 'duplicate() keeps the copied secrets when its record write fails',
    file: 'src/domain/store/connectionStore.ts',
    from: "(copy = { ...copy, alias: freeAlias() })]);\n    } catch (error) {\n      if (wrote) await this.vault.discard([secretKey], 'a failed save');",
    to: '(copy = { ...copy, alias: freeAlias() })]);\n    } catch (error) {',
    tests: ['test/unit/store.test.ts', 'test/unit/store.windows.test.ts'],
  },
  {
    name: 'fetch follows redirects itself',
    file: 'src/domain/requests/http.ts',
    from: "redirect: 'manual'",
    to: "redirect: 'follow'",
    tests: ['test/unit/badServers.test.ts', 'test/unit/chat.http.test.ts'],
  },
  {
    name: 'a chat POST follows a redirect that drops its body',
    file: 'src/domain/requests/http.ts',
    from: 'if (body !== undefined && !BODY_PRESERVING_REDIRECTS.has(response.status)) {',
    to: 'if (false) {',
    tests: ['test/unit/chat.http.test.ts'],
  },
  {
    name: 'an Entra ID token goes to any host',
    file: 'src/domain/requests/prepare.ts',
    from: 'if (!(deps.entraHostAllowed ?? isAzureHost)(url)) {',
    to: 'if (false) {',
    tests: ['test/unit/badServers.test.ts'],
  },
  {
    name: 'server text reaches notifications unescaped',
    file: 'src/ui/inertUi.ts',
    from: 'error: (message, ...actions) => ui.error(plainText(message), ...actions),',
    to: 'error: (message, ...actions) => ui.error(message, ...actions),',
    tests: ['test/unit/uiLayer.test.ts'],
  },
  {
    name: 'a translated label reaches the tree tooltip as markdown',
    file: 'src/views/connectionTreeModel.ts',
    from: 'const table = rows.map(([k, v]) => `| ${markdownText(k)} | ${v} |`).join',
    to: 'const table = rows.map(([k, v]) => `| ${k} | ${v} |`).join',
    tests: ['test/unit/inert.test.ts'],
  },
  {
    name: 'a translated heading reaches the status bar tooltip as markdown',
    file: 'src/views/statusModel.ts',
    from: "const tooltip = `**${markdownText(l10n.t('AI Connections'))}**",
    to: "const tooltip = `**${l10n.t('AI Connections')}**",
    tests: ['test/unit/inert.test.ts'],
  },
  {
    name: 'the status bar tooltip is trusted markdown (its command links run)',
    file: 'src/vscode/ui.ts',
    from: 'item.tooltip = inertMarkdown(new vscode.MarkdownString(view.tooltip));',
    to: 'item.tooltip = Object.assign(inertMarkdown(new vscode.MarkdownString(view.tooltip)), { isTrusted: true });',
    tests: ['test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: 'a tooltip made inert is still trusted',
    file: 'src/ui/inertUi.ts',
    from: 'markdown.isTrusted = false;',
    to: 'markdown.isTrusted = true;',
    tests: ['test/unit/inert.test.ts', 'test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: "the form's CSP allows inline scripts",
    file: 'src/vscode/form/formHtml.ts',
    from: "`script-src 'nonce-${nonce}'`",
    to: "`script-src 'unsafe-inline' 'nonce-${nonce}'`",
    tests: ['test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: "the form's script nonce is the same on every page",
    file: 'src/vscode/form/formHtml.ts',
    from: "randomBytes(16).toString('base64')",
    to: "'bm90LWEtbm9uY2UtYXQtYWxs'",
    tests: ['test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: "a connection's name is written into the form's HTML as markup",
    file: 'src/vscode/form/formHtml.ts',
    from: '<title>${escapeHtml(title)}</title>',
    to: '<title>${title}</title>',
    tests: ['test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: 'a chat request in Restricted Mode fails without NoPermissions',
    file: 'src/vscode/chat/errors.ts',
    from: "kind === 'auth' || kind === 'restricted'",
    to: "kind === 'auth'",
    tests: ['test/unit/vscodeAdapters.test.ts'],
  },
  {
    name: 'YAML aliases expand without a bound',
    file: 'src/domain/yaml/parse.ts',
    from: 'doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })',
    to: 'doc.toJS({ maxAliasCount: -1 })',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a YAML map may repeat a key',
    file: 'src/domain/yaml/parse.ts',
    from: 'uniqueKeys: true',
    to: 'uniqueKeys: false',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a YAML file over 1 MB is parsed',
    file: 'src/domain/yaml/parse.ts',
    from: 'if (size > MAX_FILE_BYTES) {',
    to: 'if (false) {',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a YAML file is composed however many nodes it holds',
    file: 'src/domain/yaml/parse.ts',
    from: 'if (nodes > max.nodes) return',
    to: 'if (false) return',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a YAML file is composed however many aliases it holds',
    file: 'src/domain/yaml/parse.ts',
    from: 'if (aliases > max.aliases) return',
    to: 'if (false) return',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a YAML file is composed however many documents it holds',
    file: 'src/domain/yaml/parse.ts',
    from: 'if (separators > max.documents) return',
    to: 'if (false) return',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a __proto__ key of a YAML file is dropped without a word',
    file: 'src/domain/yaml/parse.ts',
    from: 'if (pair.key.value === RESERVED_NAME) return',
    to: 'if (false) return',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a __proto__ key of a .env file is dropped without a word',
    file: 'src/domain/yaml/dotenv.ts',
    from: 'if (reserved !== undefined) return refuse(',
    to: 'if (false) return refuse(',
    tests: ['test/unit/yaml.dotenv.test.ts'],
  },
  {
    name: '${env:toString} resolves to a member every object has',
    file: 'src/domain/references.ts',
    from: "  if (!Object.hasOwn(env, name)) return undefined;\n  const value = env[name];\n  return typeof value === 'string' ? value : undefined;",
    to: '  return env[name] as string | undefined;',
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts'],
  },
  {
    name: 'a YAML alias copies a secret into a plain setting',
    file: 'src/domain/yaml/import.ts',
    from: 'if (secret) problems.push({ file, document, line: alias.line,',
    to: 'if (false) problems.push({ file, document, line: alias.line,',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'a secret written as a number is quoted in the message',
    file: 'src/domain/yaml/import.ts',
    from: "secret ? { code: 'yaml.quoteSecret', key } : ",
    to: '',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts'],
  },
  {
    name: 'an unanswered <user-input> secret is imported empty',
    file: 'src/domain/yaml/plan.ts',
    from: "if (answer === undefined || answer === '') throw new MissingValueError(secret.field);",
    to: 'if (false) throw new MissingValueError(secret.field);',
    tests: ['test/unit/yaml.test.ts', 'test/unit/yaml.export.test.ts', 'test/unit/yamlCommands.test.ts'],
  },
  {
    name: 'an environment variable outside the allow-list is sent without asking',
    file: 'src/domain/resolution/resolver.ts',
    from: "if (outcome.source.kind !== 'environment' || outcome.permission === 'allowed') return outcome.value;",
    to: 'return outcome.value;',
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts', 'test/unit/referencesUi.test.ts'],
  },
  {
    name: 'workspace files are read in Restricted Mode',
    file: 'src/domain/resolution/resolver.ts',
    from: 'if (!trusted) return Promise.resolve(empty(RESTRICTED_FILES));',
    to: '',
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts', 'test/unit/referencesUi.test.ts'],
  },
  {
    name: "a workspace connection reads the first folder's files instead of its own",
    file: 'src/domain/resolution/resolver.ts',
    from: 'const where = connectionFolder(place.folder, this.options.folders());',
    to: 'const where = connectionFolder(undefined, this.options.folders());',
    tests: ['test/unit/multiroot.test.ts'],
  },
  {
    name: 'the environment setting names any file for appsettings.{Environment}.json',
    file: 'src/domain/resolution/resolver.ts',
    from: "`appsettings.${ENVIRONMENT_NAME.test(environment) ? environment : 'Development'}.json`",
    to: '`appsettings.${environment}.json`',
    tests: ['test/unit/boundaries.test.ts'],
  },
  {
    name: 'Show Resolution shows a key that reads like a reference',
    file: 'src/domain/resolution/inspect.ts',
    from: "if (secret) return isReference(value) ? '***' : maskSecret(value);",
    to: 'if (secret) return maskSecret(value);',
    tests: ['test/unit/boundaries.test.ts'],
  },
  {
    name: 'the form accepts a folder it did not offer',
    file: 'src/protocol/formProtocol.ts',
    from: 'if (folder !== undefined && !folders.includes(folder))',
    to: 'if (false as boolean)',
    tests: ['test/unit/multiroot.test.ts'],
  },
  {
    name: 'an unresolved reference is sent as typed',
    file: 'src/domain/requests/prepare.ts',
    from: "if (typeof resolved === 'object' && 'problem' in resolved) throw new ConfigError({ code: 'testing.referenceProblem', field: label, problem: resolved.problem });",
    to: "if (typeof resolved === 'object' && 'problem' in resolved) return { value };",
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts', 'test/unit/referencesUi.test.ts'],
  },
  {
    name: 'a chat error may quote the Azure API version resolved from a reference',
    file: 'src/domain/chat/client.ts',
    from: 'for (const value of sensitive) if (!prepared.sensitive.includes(value)) prepared.sensitive.push(value);',
    to: '',
    tests: ['test/unit/chat.http.test.ts'],
  },
  {
    name: 'a chat answer that is JSON instead of a stream is read however large',
    file: 'src/domain/chat/client.ts',
    from: 'for await (const chunk of outcome.chunks) if ((text += chunk).length > 64 * 1024) break;',
    to: 'for await (const chunk of outcome.chunks) text += chunk;',
    tests: ['test/unit/boundaries.test.ts'],
  },
  {
    name: 'a tool call to a tool the request did not offer reaches the caller',
    file: 'src/domain/chat/formats/common.ts',
    from: "if (part.type === 'toolCall' && !offered.has(part.name)) onDropped(part.name);",
    to: 'if (false) onDropped(part.name);',
    tests: ['test/unit/chat.stream.test.ts'],
  },
  {
    name: 'a model id or alias is logged as it is, line breaks included',
    file: 'src/domain/chat/chatLog.ts',
    from: "const where = `'${logText(alias)}' ${logText(modelId)}`;",
    to: "const where = `'${alias}' ${modelId}`;",
    tests: ['test/unit/chat.log.test.ts'],
  },
  {
    name: "a server's model id is VS Code's model identifier as it is",
    file: 'src/domain/chat/selection.ts',
    from: 'if (ORDINARY_ID.test(id) && !/:\\/\\/|www\\.|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\\./i.test(id)) return id;',
    to: 'return id;',
    tests: ['test/unit/chatSelection.test.ts'],
  },
  {
    name: "an image's bytes are counted as text",
    file: 'src/domain/chat/tokens.ts',
    from: "return kind === 'image' ? imageTokens(part.bytes) :",
    to: "return kind === 'image' ? imageTokens(part.bytes) + textWeight(utf8(part.bytes)) / UNIT :",
    tests: ['test/unit/chat.tokens.test.ts'],
  },
  {
    name: "a Save keeps another provider's API host as the Base URL (the provider switch)",
    file: 'src/domain/validation.ts',
    from: "const owner = field.kind === 'url' && typeof value === 'string' ? otherProvidersHost(provider.id, value) : undefined;",
    to: 'const owner = undefined as string | undefined;',
    tests: ['test/unit/validation.test.ts'],
  },
  {
    name: 'a kept key follows the URL to another host (form Save and Test)',
    file: 'src/domain/validation.ts',
    from: 'if (context.existing && !sameOrigin(requestTarget(context.existing), requestTarget({ providerId: provider.id, settings }))) {',
    to: 'if (false as boolean) {',
    tests: ['test/unit/validation.test.ts', 'test/unit/uiLayer.test.ts'],
  },
  {
    name: 'a YAML update keeps the stored key for a new base_url',
    file: 'src/domain/yaml/kept.ts',
    from: 'return sameOrigin(requestTarget(target), importedTarget(connection, urls)) ? new Set(target.secretKeys) : new Set();',
    to: 'return new Set(target.secretKeys);',
    tests: ['test/unit/yamlCommands.test.ts'],
  },
  {
    name: "the user's key goes to a host the workspace's files named without asking",
    file: 'src/domain/requests/prepare.ts',
    from: '  if (!named) return;\n  const request =',
    to: '  return;\n  const request =',
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts', 'test/unit/referencesUi.test.ts'],
  },
  {
    name: "a repository's settings widen the allowed environment variables",
    file: 'src/domain/settings.ts',
    from: "if ('scope' in setting) raw[name] = found?.globalValue;",
    to: 'if (false as boolean) raw[name] = found?.globalValue;',
    tests: ['test/unit/manifest.test.ts'],
  },
  {
    name: 'a remembered Allow follows the connection to another host',
    file: 'src/domain/resolution/allowList.ts',
    from: "'variable' in subject ? `${connectionId}/${subject.variable}→${subject.host}`",
    to: "'variable' in subject ? `${connectionId}/${subject.variable}`",
    tests: ['test/unit/resolution.test.ts', 'test/unit/resolution.hosts.test.ts'],
  },
  {
    name: "a workspace folder's .env is read through a link out of the folder",
    file: 'src/platform/folderFiles.ts',
    from: "if (!within(realRoot, real)) return { refused: 'outside' };",
    to: '',
    tests: ['test/unit/folderFiles.test.ts'],
  },
  {
    name: "a workspace folder's .env that is a FIFO or folder is read",
    file: 'src/platform/folderFiles.ts',
    from: "if (!info.isFile()) return { refused: 'notFile' };",
    to: '',
    tests: ['test/unit/folderFiles.test.ts'],
  },
  {
    name: 'a move whose old record could not be removed keeps its copy in the new scope',
    file: 'src/domain/store/moveRecord.ts',
    from: '    await undo(true);\n',
    to: '',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a move whose new record was refused keeps the copied key entry',
    file: 'src/domain/store/moveRecord.ts',
    from: '    await undo(false);\n',
    to: '',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a move goes ahead over a change another window made meanwhile',
    file: 'src/domain/store/moveRecord.ts',
    from: 'if (stored?.dateModified !== current.dateModified || stored.secretVersion !== base.secretVersion) throw staleError(current);',
    to: '',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'the copy of a move under way shows as a second connection',
    file: 'src/domain/store/recordIndex.ts',
    from: 'if (!this.isPendingCopy(parsed.data!)) read.connections.push(connection);',
    to: 'read.connections.push(connection);',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a finished move leaves its mark on the record',
    file: 'src/domain/store/moveRecord.ts',
    from: 'await index\n    .mutate(to.scope, (records) => records.map((r) => (isRecordOf(r, record) ? withSecretVersion(moved, record.secretVersion) : r)))',
    to: 'await Promise.resolve()',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a copy left by a failed move takes the place of its deleted connection',
    file: 'src/domain/store/connectionStore.ts',
    from: "    const copyKeys = await this.index.dropOrphanedCopies(copies);\n    const leftover = await this.vault.discard([secretKeyOf(removed!), ...copyKeys], 'a deleted connection');",
    to: "    const leftover = await this.vault.discard([secretKeyOf(removed!)], 'a deleted connection');",
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a move to a workspace folder that is not open is stored',
    file: 'src/domain/store/moveRecord.ts',
    from: 'if (folder !== undefined && context.folders && !context.folders().some((f) => f.uri === folder)) {',
    to: 'if (false) {',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'a failed move leaves the chat choice and test result copied in the new scope',
    file: 'src/domain/store/move.ts',
    from: '  } catch (error) {\n    await forgetAll(to.scope, carried);\n    throw error;',
    to: '  } catch (error) {\n    throw error;',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: 'Move to Workspace without a workspace asks for a connection instead of saying why not',
    file: 'src/ui/commands/moveCommands.ts',
    from: "      if (!store.workspaceAvailable) {\n        void ui.info(l10n.t('Open a folder first: a workspace connection belongs to an open folder or workspace.'));\n        return;\n      }\n",
    to: '',
    tests: ['test/unit/move.test.ts', 'test/unit/move.commands.test.ts'],
  },
  {
    name: "a form test's models are kept for a connection saved with other values",
    file: 'src/ui/form/connectionForms.ts',
    from: 'if (this.tested && isListOf(this.tested, saved))',
    to: 'if (this.tested)',
    tests: ['test/unit/chatSelection.test.ts'],
  },
  {
    name: "a server's model details follow a redirect to another origin",
    file: 'src/domain/testing/tester.ts',
    from: '      const outcome = await httpGet(url, prepared.headers, {\n',
    to: "      const outcome = await httpGet(url, prepared.headers, {\n        fetch: (input, init) => fetch(input, { ...init, redirect: 'follow' }),\n",
    tests: ['test/unit/chat.serverModels.test.ts'],
  },
  {
    name: 'model details are asked of servers other than OpenAI-compatible ones',
    file: 'src/domain/chat/serverModels.ts',
    from: "if (providerId !== 'openai-compatible' || compatibleListHasLimits(listBody)) return undefined;",
    to: 'if (compatibleListHasLimits(listBody)) return undefined;',
    tests: ['test/unit/chat.serverModels.test.ts'],
  },
  {
    name: 'the chat warm-up sends its stand-in requests through the real fetch',
    file: 'src/domain/chat/warmUp.ts',
    from: 'return { format, connection, secrets, fetch: inMemory };',
    to: 'return { format, connection, secrets, fetch: ((...args: Parameters<typeof fetch>) => fetch(...args)) as typeof fetch };',
    tests: ['test/unit/chat.warmUp.test.ts'],
  },
];

/**
 * The source with the safeguard replaced by the break, as written: a function replacement, so that
 * `$&`, `` $` `` or `$'` in a break's text are not read as replacement patterns.
 */
export function applyBreak(source: string, brk: Pick<Break, 'from' | 'to'>): string {
  return source.replace(brk.from, () => brk.to);
}

function run(): number {
  let unnoticed = 0;
  for (const brk of BREAKS) {
    const path = join(root, brk.file);
    const original = readFileSync(path, 'utf8');
    const count = original.split(brk.from).length - 1;
    if (count !== 1) {
      console.log(`✗ ${brk.name}: the safeguard to remove was found ${count} times in ${brk.file}`);
      unnoticed++;
      continue;
    }
    writeFileSync(path, applyBreak(original, brk));
    try {
      // A test run that never ends is not a break noticed: it is stopped, and counted as unnoticed.
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...brk.tests], { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
      const failed = /^# fail (\d+)/m.exec(result.stdout)?.[1] ?? '?';
      if (result.signal !== null) {
        unnoticed++;
        console.log(`✗ ${brk.name}: the tests did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
      } else if (result.status === 0) {
        unnoticed++;
        console.log(`✗ ${brk.name}: no test failed`);
      } else {
        console.log(`✓ ${brk.name}: ${failed} test(s) failed in ${brk.tests.join(', ')}`);
      }
    } finally {
      writeFileSync(path, original);
    }
  }
  return unnoticed;
}

if (require.main === module) process.exitCode = run() === 0 ? 0 : 1;
