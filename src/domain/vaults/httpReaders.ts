/**
 * The vaults read over HTTPS with the request layer's GET (no redirect to another origin, a
 * deadline, a size cap):
 * - HashiCorp Vault and OpenBao, KV version 2: `GET {VAULT_ADDR}/v1/{mount}/data/{path}` with the
 *   token in `X-Vault-Token` (from `VAULT_TOKEN`, else `~/.vault-token`) and `X-Vault-Namespace`
 *   from `VAULT_NAMESPACE`; the field is read from `data.data`.
 * - Azure Key Vault: `GET https://{vault host}/secrets/{name}[/{version}]?api-version=7.4` with a
 *   Microsoft Entra ID token for that cloud's Key Vault scope; the token goes to Key Vault hosts
 *   of the Azure clouds only (the grammar admits no other host).
 * What a server answers is checked by schema, and only the value is kept.
 */
import * as z from 'zod/mini';
import { jsonBody, type HttpOutcome } from '../requests';
import { plainText } from '../text/inert';
import { complaint } from './cliReaders';
import type { VaultKind, VaultReference } from './grammar';
import type { VaultMessage } from './messages';
import type { ReadContext, VaultRead } from './ports';

const KvAnswer = z.object({ data: z.object({ data: z.nullable(z.record(z.string(), z.unknown())) }) });
const VaultErrors = z.object({ errors: z.array(z.string()) });
const KeyVaultAnswer = z.object({ value: z.string() });
const KeyVaultError = z.object({ error: z.object({ code: z.optional(z.string()), message: z.optional(z.string()) }) });

/** A GET that did not get an answer. */
function notAnswered(vault: VaultKind, outcome: Exclude<HttpOutcome, { ok: true }>, host: string, context: ReadContext): VaultRead {
  if (outcome.kind === 'timeout') return { ok: false, problem: { code: 'vault.timeout', vault, seconds: Math.round(context.timeoutMs / 1000) } };
  if (outcome.kind === 'cancelled') return { ok: false, problem: { code: 'vault.cancelled', vault } };
  if (outcome.kind === 'unreachable') return { ok: false, problem: { code: 'vault.unreachable', vault, host } };
  return { ok: false, problem: { code: 'vault.badAnswer', vault, host } };
}

function vaultAddress(env: Readonly<Record<string, string | undefined>>): URL | undefined {
  try {
    const url = new URL(env.VAULT_ADDR ?? '');
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The request for a KV version 2 secret: `VAULT_ADDR`, the token and the namespace, or what is missing. */
async function kvRequest(reference: VaultReference, ports: ReadContext['ports']): Promise<{ url: URL; headers: Record<string, string>; token: string } | { problem: VaultMessage }> {
  const env = ports.env();
  const address = vaultAddress(env);
  if (!address) return { problem: { code: 'vault.noAddress' } };
  const token = (env.VAULT_TOKEN?.trim() || (await ports.homeFile('.vault-token').catch(() => undefined))?.trim()) ?? '';
  if (token === '' || /[\r\n]/.test(token)) return { problem: { code: 'vault.noToken' } };
  const path = [reference.mount!, 'data', ...reference.item.split('/')].map(encodeURIComponent).join('/');
  const url = new URL(`${address.href.replace(/\/+$/, '')}/v1/${path}`);
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Vault-Token': token };
  const namespace = env.VAULT_NAMESPACE?.trim();
  if (namespace && /^[A-Za-z0-9_./-]{1,200}$/.test(namespace)) headers['X-Vault-Namespace'] = namespace;
  return { url, headers, token };
}

/** A field of a secret's data as text; numbers and booleans as written. */
function fieldText(data: Record<string, unknown>, field: string): string | undefined | null {
  const value = Object.hasOwn(data, field) ? data[field] : undefined;
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

export async function readHashiCorp(reference: VaultReference, context: ReadContext): Promise<VaultRead> {
  const request = await kvRequest(reference, context.ports);
  if ('problem' in request) return { ok: false, problem: request.problem };
  const { url, headers, token } = request;
  const outcome = await context.ports.get(url, headers, { timeoutMs: context.timeoutMs, signal: context.signal });
  const item = `${reference.mount!}/${reference.item}`;
  if (!outcome.ok) return notAnswered('hashicorp', outcome, url.host, context);
  const body = jsonBody(outcome.body);
  if (outcome.status === 404) return { ok: false, problem: { code: 'vault.notFound', vault: 'hashicorp', item } };
  if (outcome.status === 401 || outcome.status === 403) return { ok: false, problem: { code: 'vault.refused', vault: 'hashicorp', item, status: outcome.status } };
  if (outcome.status !== 200) {
    const errors = VaultErrors.safeParse(body);
    return { ok: false, problem: { code: 'vault.failed', vault: 'hashicorp', detail: errors.success ? complaint(errors.data.errors.join('; '), token) : `HTTP ${outcome.status}` } };
  }
  const answer = KvAnswer.safeParse(body);
  if (!answer.success) return { ok: false, problem: { code: 'vault.badAnswer', vault: 'hashicorp', host: url.host } };
  const data = answer.data.data.data;
  // A deleted or destroyed version answers with no data.
  if (data === null) return { ok: false, problem: { code: 'vault.notFound', vault: 'hashicorp', item } };
  const text = fieldText(data, reference.field!);
  if (text === undefined) return { ok: false, problem: { code: 'vault.fieldMissing', vault: 'hashicorp', item, field: reference.field! } };
  if (text === null) return { ok: false, problem: { code: 'vault.badAnswer', vault: 'hashicorp', host: url.host } };
  return text === '' ? { ok: false, problem: { code: 'vault.empty', vault: 'hashicorp', item } } : { ok: true, value: text };
}

/** The Key Vault scope of each Azure cloud, by the vault host's suffix. */
function keyVaultScope(host: string): string {
  const suffix = host.slice(host.indexOf('.vault.') + 1);
  return `https://${suffix}/.default`;
}

export interface KeyVaultOptions {
  /** Where a vault host's requests go: the host itself. Tests point it at a local server; users cannot. */
  baseFor?: (host: string) => URL;
}

export function keyVaultReader(options: KeyVaultOptions = {}) {
  return async (reference: VaultReference, context: ReadContext): Promise<VaultRead> => {
    const host = reference.host!;
    const item = `${host.slice(0, host.indexOf('.'))}/${reference.item}`;
    let token: string;
    try {
      token = await context.ports.getEntraToken(keyVaultScope(host));
    } catch (error) {
      return { ok: false, problem: { code: 'vault.signInFailed', reason: plainText(error instanceof Error ? error.message : 'cancelled').slice(0, 120) } };
    }
    const base = options.baseFor?.(host) ?? new URL(`https://${host}/`);
    const url = new URL(`secrets/${encodeURIComponent(reference.item)}${reference.version ? `/${reference.version}` : ''}`, base);
    url.searchParams.set('api-version', '7.4');
    const outcome = await context.ports.get(url, { Accept: 'application/json', Authorization: `Bearer ${token}` }, { timeoutMs: context.timeoutMs, signal: context.signal });
    if (!outcome.ok) return notAnswered('azureKeyVault', outcome, host, context);
    const body = jsonBody(outcome.body);
    if (outcome.status === 404) return { ok: false, problem: { code: 'vault.notFound', vault: 'azureKeyVault', item } };
    if (outcome.status === 401 || outcome.status === 403) return { ok: false, problem: { code: 'vault.refused', vault: 'azureKeyVault', item, status: outcome.status } };
    if (outcome.status !== 200) {
      const error = KeyVaultError.safeParse(body);
      return { ok: false, problem: { code: 'vault.failed', vault: 'azureKeyVault', detail: error.success ? complaint(error.data.error.message ?? error.data.error.code ?? '', token) : `HTTP ${outcome.status}` } };
    }
    const answer = KeyVaultAnswer.safeParse(body);
    if (!answer.success) return { ok: false, problem: { code: 'vault.badAnswer', vault: 'azureKeyVault', host } };
    return answer.data.value === '' ? { ok: false, problem: { code: 'vault.empty', vault: 'azureKeyVault', item } } : { ok: true, value: answer.data.value };
  };
}
