/**
 * Deliberate breaks in the connections shared through the repository: keys never read from the
 * file, bound keys only for their definition and host, nothing bound in Restricted Mode.
 */
import type { Break } from './break';

export const SHARED_BREAKS: Break[] = [
  {
    name: 'a key written as a literal in the shared file is read as a key',
    file: 'src/domain/shared/parse.ts',
    from: "if (typeof secret !== 'string' || (secret !== ASK && !isReference(secret))) {",
    to: "if (typeof secret !== 'string') {",
    tests: ['test/unit/shared.parse.test.ts'],
  },
  {
    name: 'a bound key goes to the host the shared file now names without asking',
    file: 'src/domain/shared/bindings.ts',
    from: 'if (binding.target !== target) return',
    to: 'if (binding.target === undefined) return',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: 'a key bound for one shared definition is handed to another',
    file: 'src/domain/shared/bindings.ts',
    from: 'return `${BOUND_PREFIX}/${connection.id}`;',
    to: 'return `${BOUND_PREFIX}/${connection.providerId}`;',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: 'Set My Key… asks for and binds a key in Restricted Mode',
    file: 'src/ui/commands/sharedCommands.ts',
    from: '    [Command.setMyKey]: async (arg) => {\n      ctx.assertTrusted();\n',
    to: '    [Command.setMyKey]: async (arg) => {\n',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: 'Share with Workspace writes the key into the shared file',
    file: 'src/domain/shared/write.ts',
    from: 'const kept = value !== undefined && isReference(value) ? value : ASK;',
    to: 'const kept = value ?? ASK;',
    tests: ['test/unit/shared.parse.test.ts'],
  },
  {
    name: 'a shared file text holding a key is written all the same',
    file: 'src/domain/shared/write.ts',
    from: 'if (value.length >= 4 && !isReference(value) && written.includes(value)) return',
    to: 'if (value.length < 0) return',
    tests: ['test/unit/shared.parse.test.ts'],
  },
  {
    name: 'Settings Sync carries the connection records while the user has not turned it on',
    file: 'src/domain/shared/machineKeys.ts',
    from: 'return syncDefinitions ? [INDEX_KEY] : [];',
    to: 'return [INDEX_KEY];',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: 'a synced connection without its keys here is tested with none, instead of asking for them',
    file: 'src/domain/testing/testService.ts',
    from: 'if (missing.length === 0) return bag;',
    to: 'if (missing.length >= 0) return bag;',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: "the view resolves a shared connection's references in Restricted Mode",
    file: 'src/domain/resolution/status.ts',
    from: 'if (!this.mayResolve(connection)) return [];',
    to: '',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
  {
    name: "Show Resolution resolves a shared connection's references in Restricted Mode",
    file: 'src/ui/commands/referenceCommands.ts',
    from: 'if (ctx.mayResolve && !ctx.mayResolve(connection)) {',
    to: 'if (ctx.mayResolve && !ctx.mayResolve(connection) && Math.random() > 2) {',
    tests: ['test/unit/shared.ui.test.ts', 'test/unit/shared.edit.test.ts'],
  },
];
