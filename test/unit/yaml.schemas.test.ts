import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { findProvider } from '../../src/domain/providers/catalog';
import { connectionSchemas } from '../../src/domain/yaml/schemas';
import { PROMPTFLOW_TYPES } from '../../src/domain/yaml/promptflowTypes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON Schema, walked as the draft-07 text it is
type Schema = Record<string, any>;

/** The part of JSON Schema draft-07 these schemas use: enough to check the corpus against them. */
function errors(schema: Schema, value: unknown, root: Schema, path = ''): string[] {
  if (schema.$ref) return errors(root.definitions[String(schema.$ref).replace('#/definitions/', '')], value, root, path);
  const out: string[] = [];
  if (schema.const !== undefined && value !== schema.const) out.push(`${path}: must be ${schema.const}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: must be one of ${schema.enum.join(', ')}`);
  if (schema.type === 'string' && typeof value !== 'string') out.push(`${path}: must be a string`);
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (schema.type === 'object' && !isObject) return [...out, `${path}: must be an object`];
  if (isObject) out.push(...objectErrors(schema, value as Record<string, unknown>, root, path));
  for (const part of schema.allOf ?? []) {
    if (part.if) {
      if (errors(part.if, value, root, path).length === 0 && part.then) out.push(...errors(part.then, value, root, path));
    } else out.push(...errors(part, value, root, path));
  }
  if (schema.not && errors(schema.not, value, root, path).length === 0) out.push(`${path}: must not match`);
  return out;
}

/** An object's required keys and its properties' own errors. */
function objectErrors(schema: Schema, obj: Record<string, unknown>, root: Schema, path: string): string[] {
  const out: string[] = [];
  for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${path}: ${key} is required`);
  for (const [key, v] of Object.entries(obj)) {
    const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (sub) out.push(...errors(sub, v, root, `${path}/${key}`));
  }
  return out;
}

describe('JSON Schemas of connection YAML', () => {
  const schemas = connectionSchemas() as Record<string, Schema>;
  const any = schemas['connection.schema.json']!;

  it('has one schema per promptflow type, named after promptflow schema class, and one for any type', () => {
    assert.deepEqual(Object.keys(schemas).sort(), [...PROMPTFLOW_TYPES.map((t) => `${t.schemaClass}.schema.json`), 'CustomConnection.schema.json', 'connection.schema.json'].sort());
  });

  it('is generated from the descriptors: every mapped field, its default, options and required flag', () => {
    for (const pf of PROMPTFLOW_TYPES) {
      const schema = schemas[`${pf.schemaClass}.schema.json`]!;
      const provider = findProvider(pf.providerId)!;
      for (const [pfKey, fieldKey] of Object.entries(pf.keys)) {
        const field = provider.fields.find((f) => f.key === fieldKey);
        if (!field) continue;
        const property = schema.properties[pfKey];
        assert.ok(property, `${pf.type}.${pfKey}`);
        assert.ok(String(property.description).startsWith(field.label), `${pf.type}.${pfKey} described by its label`);
        if (field.required && !field.when) assert.ok(schema.required.includes(pfKey), `${pf.type}.${pfKey} required`);
        if (typeof field.default === 'string' && field.kind !== 'select') assert.equal(property.default, field.default);
      }
    }
    assert.deepEqual(schemas['AzureOpenAIConnection.schema.json']!.properties.auth_mode.enum, ['key', 'meid_token']);
  });

  const CORPUS = process.env.PROMPTFLOW_CORPUS ?? join(__dirname, '..', 'fixtures', 'promptflow-connections');
  it('accepts every corpus file promptflow accepts, and refuses the one it refuses', () => {
    const files = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
    for (const file of files) {
      const found = errors(any, parse(readFileSync(`${CORPUS}/${file}`, 'utf8')), any);
      if (file === 'test_configs__invalid__azure_openai_missing_key.yaml') assert.deepEqual(found, [': api_key is required'], file);
      else assert.deepEqual(found, [], file);
    }
  });

  it('refuses a wrong type, a missing name, a bad auth_mode and a number as a value', () => {
    assert.deepEqual(errors(any, { name: 'a', type: 'open_ai' }, any), [': api_key is required']);
    assert.deepEqual(errors(any, { type: 'serp', api_key: 'k' }, any), [': name is required', ': name is required']);
    assert.ok(errors(any, { name: 'a', type: 'azure_open_ai', api_base: 'https://x', auth_mode: 'oauth' }, any).some((e) => e.includes('auth_mode')));
    assert.ok(errors(any, { name: 'a', type: 'custom', configs: { port: 1 }, secrets: {} }, any).some((e) => e.includes('/configs/port')));
    assert.ok(errors(any, { name: 'a', type: 'nope' }, any).some((e) => e.includes('/type')));
  });
});
