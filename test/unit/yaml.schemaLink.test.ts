import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SCHEMA_URI_SCHEME, isShippedSchemaFile, linkedSchemaFile, schemaContentFor, schemaFileOfUri, schemaUriFor } from '../../src/domain/yaml/schemaLink';
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
    const named = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
      .filter((t) => /^\$schema:/m.test(t));
    assert.ok(named.length > 30);
    for (const text of named) assert.ok(linkedSchemaFile(text), text.slice(0, 120));
  });

  it('read only the schema files the build writes', () => {
    for (const name of Object.keys(connectionSchemas())) assert.ok(isShippedSchemaFile(name), name);
    for (const name of ['../package.json', 'OpenAIConnection.schema.json/../../x', '', 'Flow.schema.json']) assert.ok(!isShippedSchemaFile(name), name);
  });

  it("give the YAML extension our URI for a document naming promptflow's schema, and nothing for others", () => {
    const url = (c: string) => `https://azuremlschemas.azureedge.net/promptflow/latest/${c}.schema.json`;
    assert.equal(schemaUriFor(`$schema: ${url('OpenAIConnection')}\nname: a\ntype: openai\n`), `${SCHEMA_URI_SCHEME}://schemas/OpenAIConnection.schema.json`);
    assert.equal(schemaUriFor(`$schema: ${url('CustomStrongTypeConnection')}\n`), `${SCHEMA_URI_SCHEME}://schemas/CustomConnection.schema.json`);
    assert.equal(schemaUriFor('name: a\ntype: open_ai\n'), undefined);
    assert.equal(schemaUriFor(`$schema: ${url('Flow')}\n`), undefined);
  });

  it('serve the shipped schema a URI of ours names, and an empty schema for anything else', () => {
    const read: string[] = [];
    const serve = (uri: string) => schemaContentFor(uri, (file) => (read.push(file), `content of ${file}`));
    assert.equal(serve(`${SCHEMA_URI_SCHEME}://schemas/OpenAIConnection.schema.json`), 'content of OpenAIConnection.schema.json');
    assert.equal(serve(`${SCHEMA_URI_SCHEME}://schemas/connection.schema.json?x=1`), 'content of connection.schema.json');
    for (const uri of [
      `${SCHEMA_URI_SCHEME}://schemas/../package.json`,
      `${SCHEMA_URI_SCHEME}://schemas/Flow.schema.json`,
      `${SCHEMA_URI_SCHEME}://other/OpenAIConnection.schema.json`,
      'https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json',
      'file:///etc/passwd',
    ]) {
      assert.equal(serve(uri), '{}', uri);
      assert.equal(schemaFileOfUri(uri), undefined, uri);
    }
    assert.deepEqual(read, ['OpenAIConnection.schema.json', 'connection.schema.json']);
    // Every URI schemaUriFor gives is served.
    for (const file of Object.keys(connectionSchemas()).filter((f) => f !== 'connection.schema.json')) {
      const text = `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/${file}\n`;
      assert.equal(schemaFileOfUri(schemaUriFor(text)!), file);
    }
  });
});
