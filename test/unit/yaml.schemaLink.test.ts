import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isShippedSchemaFile, linkedSchemaFile } from '../../src/domain/yaml/schemaLink';
import { connectionSchemas } from '../../src/domain/yaml/schemas';

describe("promptflow's $schema URLs", () => {
  it('name the shipped schema of the type, custom strong types the custom one', () => {
    const url = (c: string) => `https://azuremlschemas.azureedge.net/promptflow/latest/${c}.schema.json`;
    assert.equal(linkedSchemaFile(`$schema: ${url('OpenAIConnection')}\nname: a\n`), 'OpenAIConnection.schema.json');
    assert.equal(linkedSchemaFile(`\uFEFF# a comment\r\n$schema: "${url('QdrantConnection')}"  # trailing\r\n`), 'QdrantConnection.schema.json');
    assert.equal(linkedSchemaFile(`$schema: ${url('CustomStrongTypeConnection')}\n`), 'CustomConnection.schema.json');
    assert.equal(linkedSchemaFile(`$schema: ${url('Flow')}\n`), undefined);
    assert.equal(linkedSchemaFile(`  $schema: ${url('OpenAIConnection')}\n`), undefined, 'only a top-level key');
    assert.equal(linkedSchemaFile('$schema: https://example.com/OpenAIConnection.schema.json\n'), undefined);
  });

  it('cover every corpus file that names one', () => {
    const dir = process.env.PROMPTFLOW_CORPUS ?? join(__dirname, '..', 'fixtures', 'promptflow-connections');
    const named = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(`${dir}/${f}`, 'utf8')).filter((t) => /^\$schema:/m.test(t));
    assert.ok(named.length > 30);
    for (const text of named) assert.ok(linkedSchemaFile(text), text.slice(0, 120));
  });

  it('read only the schema files the build writes', () => {
    for (const name of Object.keys(connectionSchemas())) assert.ok(isShippedSchemaFile(name), name);
    for (const name of ['../package.json', 'OpenAIConnection.schema.json/../../x', '', 'Flow.schema.json']) assert.ok(!isShippedSchemaFile(name), name);
  });
});
