/**
 * Deliberate breaks in reading vaults: nothing run in Restricted Mode, a question naming the item
 * and host before a workspace or shared connection sends a vault's value, no shell, no option or
 * parent folder in a store path, key commands from the user's settings only, a program's complaint
 * scrubbed, a cancelled program killed, kept values forgotten on Refresh Secrets.
 */
import type { Break } from './break';

const READERS = ['test/unit/vaults.readers.test.ts'];
const UI = ['test/unit/vaults.ui.test.ts'];

export const VAULT_BREAKS: Break[] = [
  {
    name: 'a store path may start with "-" or climb out with ".."',
    file: 'src/domain/vaults/grammar.ts',
    from: 'const SEGMENT = String.raw`(?!\\.\\.?(?:/|$))[A-Za-z0-9_@+=,.][A-Za-z0-9_@+=,.-]*`;',
    to: 'const SEGMENT = String.raw`[A-Za-z0-9_@+=,.-]+`;',
    tests: ['test/unit/vaults.grammar.test.ts'],
  },
  {
    name: 'an Azure Key Vault reference may name any host, which then receives the Microsoft token',
    file: 'src/domain/vaults/grammar.ts',
    from: '(${KEY_VAULT_HOSTS})?/',
    to: '((?:\\.[a-z]+)+)?/',
    tests: ['test/unit/vaults.grammar.test.ts'],
  },
  {
    name: 'vaults are read in Restricted Mode',
    file: 'src/domain/vaults/vaults.ts',
    from: '      assertTrusted(() => this.ports.isTrusted());\n',
    to: '',
    tests: [...READERS, ...UI],
  },
  {
    name: "a workspace connection's vault value is sent without asking",
    file: 'src/domain/resolution/resolver.ts',
    from: "      if (owner.scope === 'global') return true;",
    to: "      if (owner.scope === 'global' || owner.scope === 'workspace') return true;",
    tests: UI,
  },
  {
    name: 'the vault is read before the question, so a Deny still reads it',
    file: 'src/domain/resolution/resolver.ts',
    from: '    if (!(await agreed(use?.host))) return refused(use?.host);\n    const result = await read();',
    to: '    const result = await read();\n    if (!(await agreed(use?.host))) return refused(use?.host);',
    tests: UI,
  },
  {
    name: "an answer about a vault's item is remembered for every host",
    file: 'src/domain/resolution/allowList.ts',
    from: "if ('reference' in subject) return `${connectionId}/${subject.reference}⇒${subject.host}`;",
    to: "if ('reference' in subject) return `${connectionId}/${subject.reference}⇒`;",
    tests: UI,
  },
  {
    name: "the view's reference warnings read vaults",
    file: 'src/domain/resolution/resolver.ts',
    from: 'if (!options.readVaults || permission ===',
    to: 'if (permission ===',
    tests: UI,
  },
  {
    name: 'a key command defined in workspace settings is run',
    file: 'src/domain/settings.ts',
    from: "keyCommands: { key: 'vaults.keyCommands', type: 'object', default: {}, scope: 'application' },",
    to: "keyCommands: { key: 'vaults.keyCommands', type: 'object', default: {} },",
    tests: READERS,
  },
  {
    name: "a vault's program runs through a shell",
    file: 'src/platform/processes.ts',
    from: 'shell: false,',
    to: 'shell: true,',
    tests: READERS,
  },
  {
    name: "a program's standard error is shown as it printed it",
    file: 'src/domain/vaults/cliReaders.ts',
    from: 'return plainText(scrubSecrets(bare, secrets, 200));',
    to: 'return plainText(bare || secrets.join());',
    tests: READERS,
  },
  {
    name: 'a cancelled request leaves its vault program running',
    file: 'src/platform/processes.ts',
    from: "const onAbort = () => stop('cancelled');",
    to: 'const onAbort = () => undefined;',
    tests: READERS,
  },
  {
    name: 'Refresh Secrets keeps the values read from vaults',
    file: 'src/domain/vaults/vaults.ts',
    from: '  forget(): void {\n    this.values.clear();',
    to: '  forget(): void {',
    tests: [...READERS, ...UI],
  },
  {
    name: 'a dotenvx value of a workspace connection is sent without asking',
    file: 'src/domain/resolution/resolver.ts',
    from: "if (outcome.source.kind === 'dotenvx') return this.consented(",
    to: "if (outcome.source.kind === 'dotenvx') return outcome.value; void this.consented(",
    tests: UI,
  },
];
