import * as z from 'zod/mini';
import { AliasSchema, ConnectionInputSchema, NameSchema, mapSecretKey, type Connection, type ConnectionInput, type SecretBag } from './connection';
import { fieldApplies, isSecretField, type FieldDescriptor, type ProviderDescriptor } from './providers/descriptor';
import { LIMITS, tooLong } from './limits';
import { isReference } from './references';
import { findProvider, providerName } from './providers/catalog';
import { CA_FIELD, CLIENT_CERT_FIELD, CLIENT_KEY_FIELD, extraHeaderProblem, HEADER_VALUE_CONTROL, HEADERS_FIELD, KEY_HEADER_FIELD, KEY_SCHEME_FIELD, keyHeaderProblem, PROXY_FIELD, PROXY_URL_FIELD } from './providers/network';
import { isFilePath, isPemText, looksLikeCertificates } from './network/pemText';
import { parseProxyUrl } from './network/proxy';
import { otherProvidersHost, requestTarget, sameOrigin } from './destination';
import type { WorkspaceFolderInfo } from './folders';
import type { Scope } from './connection';
import { issue, issueMessage, type ValidationMessage } from './validationMessages';

/** Field key -> what is wrong with it. Keys are the form's input names (`alias`, `apiKey`, `configs`, ...). */
export type FieldErrors = Record<string, ValidationMessage>;

export interface ValidationContext {
  /** Aliases in use in both scopes, with who uses them; the connection being edited excluded. */
  takenAliases: ReadonlyMap<string, { name: string; scope: Scope }>;
  workspaceAvailable: boolean;
  /**
   * When editing: the connection as stored (its provider cannot change; empty secrets keep theirs,
   * but only while its settings still send them to the same scheme, host and port).
   */
  existing?: Pick<Connection, 'providerId' | 'scope' | 'secretKeys' | 'settings'> & { folder?: string | undefined };
  /** The open workspace folders; a workspace connection's folder must be one of them (or the one it has). */
  folders?: readonly WorkspaceFolderInfo[];
}

/** The checked input split into what goes to the record and what goes to SecretStorage. */
export interface ValidConnection {
  providerId: string;
  name: string;
  alias: string;
  scope: ConnectionInput['scope'];
  /** The workspace folder of a workspace connection, when one was chosen. */
  folder?: string;
  isActive: boolean;
  settings: Connection['settings'];
  /** Secrets typed now; a stored secret not listed here and still in `secretKeys` is kept. */
  secrets: SecretBag;
  secretKeys: string[];
}

export type ValidationResult = { ok: true; value: ValidConnection } | { ok: false; errors: FieldErrors };

/** A name in a configs or secrets map. */
export const MAP_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A URL's user name or password would be stored and shown in plain text: keys belong in a secret field. */
function hasCredentials(value: string): boolean {
  const url = parseHttpUrl(value);
  return url !== undefined && (url.username !== '' || url.password !== '');
}

const CREDENTIALS_IN_URL = issue({ code: 'validation.credentialsInUrl' });

function fieldSchema(field: FieldDescriptor, required: boolean, storedSecret: boolean): z.ZodMiniType {
  const label = field.label;
  const missing = issue({ code: 'validation.required', label });
  switch (field.kind) {
    case 'boolean':
      return z.optional(z.boolean({ error: issue({ code: 'validation.onOff', label }) }));
    case 'select': {
      const values = (field.options ?? []).map((o) => o.value);
      const choice = z.string().check(z.refine((v) => values.includes(v), issue({ code: 'validation.chooseOne', options: values })));
      return required ? choice : z.optional(choice);
    }
    case 'map': {
      const max = field.secret ? LIMITS.secretValueLength : LIMITS.textValueLength;
      return z.optional(z.record(z.string(), z.string(), { error: issue({ code: 'validation.mapShape', label }) })).check(
        z.superRefine((entries, ctx) => {
          const list = Object.entries(entries ?? {});
          if (list.length > LIMITS.mapEntries) ctx.addIssue({ code: 'custom', message: issue({ code: 'validation.mapTooMany', label, max: LIMITS.mapEntries }) });
          for (const [key, value] of list) {
            if (!MAP_KEY.test(key)) ctx.addIssue({ code: 'custom', message: issue({ code: 'validation.mapKeyInvalid', key: key.slice(0, 64) }) });
            else if (!field.secret && value.trim() === '') ctx.addIssue({ code: 'custom', message: issue({ code: 'validation.mapValueMissing', key }) });
            else if (value.length > max) ctx.addIssue({ code: 'custom', message: issue({ code: 'validation.entryTooLong', key, length: value.length, max }) });
            else if (!field.secret && hasCredentials(value)) {
              ctx.addIssue({ code: 'custom', message: issue({ code: 'validation.mapCredentials', key }) });
            }
          }
        }),
      );
    }
    default: {
      const max = field.kind === 'password' ? LIMITS.secretValueLength : (field.maxLength ?? LIMITS.textValueLength);
      const text = z.pipe(
        z.string({ error: issue({ code: 'validation.notText', label }) }).check(
          z.superRefine((v, ctx) => {
            if (v.length > max) ctx.addIssue({ code: 'custom', message: issue(tooLong(label, v.length, max)), abort: true });
          }),
        ),
        z.transform((v: string) => v.trim()),
      );
      const present = required && !storedSecret ? text.check(z.refine((v) => v.length > 0, missing)) : text;
      const checked =
        field.kind === 'url'
          ? present.check(
              z.refine((v) => v === '' || isReference(v) || parseHttpUrl(v) !== undefined, issue({ code: 'validation.url' })),
              z.refine((v) => !hasCredentials(v), CREDENTIALS_IN_URL),
            )
          : present;
      return z.optional(checked);
    }
  }
}

/**
 * Checks a connection against its provider's descriptor. The same function runs in the
 * webview (fast feedback) and in the extension host (the truth), so the two never disagree.
 */
export function validateConnection(input: unknown, context: ValidationContext): ValidationResult {
  const parsed = z.extend(ConnectionInputSchema, { values: z.record(z.string(), z.unknown()) }).safeParse(input);
  if (!parsed.success) return { ok: false, errors: issuesToFieldErrors(parsed.error.issues) };
  const base = parsed.data;
  const errors: FieldErrors = {};
  const provider = findProvider(base.providerId);
  if (!provider) return { ok: false, errors: { providerId: { code: 'validation.unknownProvider', providerId: base.providerId } } };
  const folder = checkPlacement(base, context, errors);
  const name = checkNaming(base, context, errors);

  const values = base.values;
  const storedKeys = new Set(context.existing?.secretKeys ?? []);
  const shape: Record<string, z.ZodMiniType> = {};
  const applicable = provider.fields.filter((f) => fieldApplies(f, values, provider));
  for (const field of applicable) {
    shape[field.key] = fieldSchema(field, field.required === true, storedKeys.has(field.key));
  }
  const fields = z.object(shape).safeParse(values);
  if (!fields.success) Object.assign(errors, issuesToFieldErrors(fields.error.issues));

  const split: SplitValues = { settings: {}, secrets: {}, secretKeys: [] };
  if (fields.success) {
    const data = fields.data as Record<string, FieldValue>;
    for (const field of applicable) splitField(field, data, storedKeys, split, errors);
    checkNetwork(provider, data, errors);
    checkDestination(provider, applicable, split, context, errors);
  }
  const { settings, secrets, secretKeys } = split;
  if (Object.keys(errors).length === 0 && JSON.stringify(settings).length > LIMITS.recordLength) {
    errors.form = { code: 'validation.recordTooLarge', kb: LIMITS.recordLength / 1024 };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { providerId: provider.id, name: name!, alias: base.alias, scope: base.scope, ...(folder !== undefined ? { folder } : {}), isActive: base.isActive, settings, secrets, secretKeys },
  };
}

type ParsedInput = Pick<ConnectionInput, 'providerId' | 'name' | 'alias' | 'scope' | 'folder'>;
type FieldValue = string | boolean | Record<string, string> | undefined;

/** What the checked values become: settings for the record, secrets for SecretStorage, and the keys kept. */
interface SplitValues {
  settings: Connection['settings'];
  secrets: SecretBag;
  secretKeys: string[];
}

/**
 * Checks the provider, scope and folder against the connection being edited and what is open;
 * returns the folder of a workspace connection.
 */
function checkPlacement(base: ParsedInput, context: ValidationContext, errors: FieldErrors): string | undefined {
  if (context.existing && context.existing.providerId !== base.providerId) {
    errors.providerId = { code: 'validation.providerChange' };
  }
  if (context.existing && context.existing.scope !== base.scope) {
    errors.scope = { code: 'validation.scopeChange' };
  }
  if (base.scope === 'workspace' && !context.workspaceAvailable) errors.scope = { code: 'validation.workspaceUnavailable' };
  // Only a workspace connection has a folder; it must be open (or be the one the connection already has).
  const folder = base.scope === 'workspace' ? base.folder : undefined;
  if (folder !== undefined && context.folders && folder !== context.existing?.folder && !context.folders.some((f) => f.uri === folder)) {
    errors.folder = { code: 'validation.folderNotOpen' };
  }
  return folder;
}

/** Checks the name and the alias (well formed, not taken); returns the checked name. */
function checkNaming(base: ParsedInput, context: ValidationContext, errors: FieldErrors): string | undefined {
  const name = NameSchema.safeParse(base.name);
  if (!name.success) errors.name = issueMessage(name.error.issues[0]!.message);
  const alias = AliasSchema.safeParse(base.alias);
  if (!alias.success) errors.alias = base.alias === '' ? { code: 'validation.aliasRequired' } : issueMessage(alias.error.issues[0]!.message);
  else {
    const owner = context.takenAliases.get(base.alias);
    if (owner) errors.alias = { code: 'validation.aliasTaken', alias: base.alias, owner: owner.name, scope: owner.scope };
  }
  return name.data;
}

/** Puts one checked field's value where it belongs: a setting, a secret, or a stored secret kept. */
function splitField(field: FieldDescriptor, data: Record<string, FieldValue>, storedKeys: ReadonlySet<string>, split: SplitValues, errors: FieldErrors): void {
  const value = data[field.key] ?? (field.kind === 'password' || field.kind === 'map' ? undefined : field.default);
  if (field.kind === 'map') {
    splitMapField(field, (value ?? {}) as Record<string, string>, storedKeys, split, errors);
  } else if (isSecretField(field)) {
    if (typeof value === 'string' && value !== '') {
      split.secrets[field.key] = value;
      split.secretKeys.push(field.key);
    } else if (storedKeys.has(field.key)) {
      split.secretKeys.push(field.key);
    }
  } else if (value !== undefined && value !== '') {
    split.settings[field.key] = value;
  }
}

/** A map field: plain entries become one setting; secret entries each a secret, an empty one keeping what is stored. */
function splitMapField(field: FieldDescriptor, entries: Record<string, string>, storedKeys: ReadonlySet<string>, split: SplitValues, errors: FieldErrors): void {
  if (!field.secret) {
    if (Object.keys(entries).length > 0) split.settings[field.key] = entries;
    return;
  }
  const { secrets, secretKeys } = split;
  for (const [entry, secret] of Object.entries(entries)) {
    const key = mapSecretKey(field.key, entry);
    if (secret !== '') secrets[key] = secret;
    else if (!storedKeys.has(key)) {
      errors[field.key] = { code: 'validation.secretValueMissing', entry };
      continue;
    }
    secretKeys.push(key);
  }
  if (secretKeys.filter((k) => k.startsWith(`${field.key}.`)).length < (field.minEntries ?? 0)) {
    errors[field.key] ??= { code: 'validation.secretsTooFew', min: field.minEntries ?? 0 };
  }
}

/** Checks where the keys would go: not to another provider's API host, and a kept key only where it was saved for. */
function checkDestination(provider: ProviderDescriptor, applicable: readonly FieldDescriptor[], split: SplitValues, context: ValidationContext, errors: FieldErrors): void {
  const { settings, secrets, secretKeys } = split;
  // Another provider's API host would receive this provider's key: a gateway or proxy is fine.
  for (const field of applicable) {
    const value = settings[field.key];
    const owner = field.kind === 'url' && typeof value === 'string' ? otherProvidersHost(provider.id, value) : undefined;
    if (owner) errors[field.key] ??= { code: 'validation.otherProvidersHost', host: new URL(value as string).host, owner: providerName(owner), provider: provider.displayName };
  }
  // A key left empty is kept only while it still goes where it was saved for.
  if (context.existing && !sameOrigin(requestTarget(context.existing), requestTarget({ providerId: provider.id, settings }))) {
    for (const key of secretKeys) if (secrets[key] === undefined) errors[key.split('.')[0]!] ??= { code: 'validation.keyForOtherHost' };
  }
}

/**
 * The Network section (network.ts): a key header that is a token and not one the product sets, and
 * extra headers the product does not set whose values hold no line break or other control character.
 */
function checkNetwork(provider: ProviderDescriptor, data: Record<string, FieldValue>, errors: FieldErrors): void {
  const spec = provider.test;
  if (!spec || !provider.fields.some((f) => f.key === HEADERS_FIELD)) return;
  const keyHeader = data[KEY_HEADER_FIELD];
  if (typeof keyHeader === 'string' && keyHeader !== '') {
    const problem = keyHeaderProblem(spec, keyHeader);
    if (problem) errors[KEY_HEADER_FIELD] ??= { code: problem === 'name' ? 'validation.headerName' : 'validation.headerReserved', header: keyHeader.slice(0, 64) };
  } else if (data[KEY_SCHEME_FIELD] === 'bearer') {
    errors[KEY_HEADER_FIELD] ??= { code: 'validation.required', label: provider.fields.find((f) => f.key === KEY_HEADER_FIELD)?.label ?? KEY_HEADER_FIELD };
  }
  const headers = data[HEADERS_FIELD];
  for (const [name, value] of Object.entries(typeof headers === 'object' ? headers : {})) {
    const problem = extraHeaderProblem(spec, data, name);
    if (problem) errors[HEADERS_FIELD] ??= { code: problem === 'name' ? 'validation.headerName' : 'validation.headerReserved', header: name.slice(0, 64) };
    else if (HEADER_VALUE_CONTROL.test(value)) errors[HEADERS_FIELD] ??= { code: 'validation.headerControl', header: name };
  }
  checkRoute(provider, data, errors);
}

/** The proxy URL (without credentials: they have fields of their own) and the TLS fields: a file's absolute path, or pasted certificates; the key only as a file. */
function checkRoute(provider: ProviderDescriptor, data: Record<string, FieldValue>, errors: FieldErrors): void {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
  const proxyUrl = text(PROXY_URL_FIELD);
  if (data[PROXY_FIELD] === 'custom' && proxyUrl !== '') {
    const url = parseProxyUrl(proxyUrl);
    if (!url) errors[PROXY_URL_FIELD] ??= { code: 'validation.proxyUrl' };
    else if (url.username !== '' || url.password !== '') errors[PROXY_URL_FIELD] ??= { code: 'validation.proxyCredentials' };
  }
  for (const key of [CA_FIELD, CLIENT_CERT_FIELD]) {
    const value = text(key);
    if (value === '') continue;
    const usable = isPemText(value) ? looksLikeCertificates(value) : isFilePath(value);
    if (!usable) errors[key] ??= { code: 'validation.pemOrPath', label: provider.fields.find((f) => f.key === key)?.label ?? key };
  }
  const key = text(CLIENT_KEY_FIELD);
  if (key !== '' && (isPemText(key) || !isFilePath(key))) errors[CLIENT_KEY_FIELD] ??= { code: 'validation.keyPath' };
}

/** Maps zod issues to the form field they belong to (the first path segment); the first message wins. */
function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    errors[field] ??= issueMessage(issue.message);
  }
  return errors;
}
