import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { vsixReadme } from '../../scripts/vsixReadme';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { PROVIDER_GROUP_LABELS, formSections, groupProviders, type FieldDescriptor } from '../../src/domain/providers/descriptor';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The rows of the README's provider table (section "### Providers"), cells unescaped of `\*`. */
function providerTable(): string[][] {
  const section = readme.slice(readme.indexOf('### Providers'));
  const lines = section.split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith('| Provider |'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the README must say of a field in its cell: its label, a star when required, its default. */
function assertDescribed(cell: string, field: FieldDescriptor, where: string): void {
  const required = field.required === true;
  assert.match(cell, new RegExp(`(^|, )${escape(field.label)}${required ? '\\\\\\*' : '(?!\\\\\\*)'}( |,|$)`), `${where}: ${field.label}${required ? ' (required, with a star)' : ' (not required, no star)'} in "${cell}"`);
  if (typeof field.default === 'string' && field.default !== '' && field.kind !== 'select') assert.ok(cell.includes(`\`${field.default}\``), `${where}: ${field.label}'s default ${field.default}`);
}

describe("the README's provider table", () => {
  it('lists the providers in the groups and order of the form', () => {
    const expected = groupProviders(PROVIDERS).flatMap(({ group, providers }) => [`**${PROVIDER_GROUP_LABELS[group]}**`, ...providers.map((p) => p.displayName)]);
    assert.deepEqual(
      providerTable().map((row) => row[0]),
      expected,
    );
  });

  it("names every field of each provider, in the column of the form's section, with its star and default", () => {
    const rows = new Map(providerTable().map((row) => [row[0]!, row]));
    for (const provider of PROVIDERS) {
      const [, fields = '', promptflow = ''] = rows.get(provider.displayName)!;
      const sections = formSections(provider);
      for (const field of sections.main) assertDescribed(fields, field, provider.displayName);
      for (const field of sections.promptflow) {
        assertDescribed(promptflow, field, `${provider.displayName}, promptflow section`);
        assert.ok(!fields.includes(field.label), `${provider.displayName}: ${field.label} is in the promptflow section, not among the fields`);
      }
      if (sections.promptflow.length === 0) assert.equal(promptflow, '', `${provider.displayName} has no promptflow section`);
    }
  });
});

describe("the README's development commands", () => {
  it('are the commands CI runs, in the same order', () => {
    const section = readme.slice(readme.indexOf('## Development'));
    const block = section.slice(section.indexOf('```sh\n') + 6, section.indexOf('\n```', section.indexOf('```sh\n')));
    const listed = block
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((command) => command !== '' && !command.startsWith('npm ci'));
    const ci = readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
    const run = ci
      .split('\n')
      .filter((line) => /^npm (test|run )/.test(line))
      .map((line) => line.trim());
    assert.deepEqual(listed, run, 'the README lists what .ci/run runs');
  });
});

describe('the README that goes into the .vsix', () => {
  it('leaves out the pictures beside the README, which the Extensions view shows broken, and keeps the text', () => {
    const packaged = vsixReadme(readme);
    assert.ok(readme.includes('](media/readme/'), 'the repository README has its pictures');
    assert.doesNotMatch(packaged, /!\[[^\]]*\]\((?!https:)/, 'no picture without an https source');
    assert.equal(packaged.split('\n## ').length, readme.split('\n## ').length, 'every section stays');
    assert.ok(packaged.includes('## Using it'), 'the text stays');
  });

  it('keeps pictures that come from https', () => {
    const text = '# T\n\n![a picture](https://example.com/a.png)\n\n![beside](media/a.png "title")\n\nafter\n';
    assert.equal(vsixReadme(text), '# T\n\n![a picture](https://example.com/a.png)\n\nafter\n');
  });
});
