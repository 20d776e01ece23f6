/**
 * Where a connection's keys are sent: the one answer the form's "sent to" line, the check that a
 * kept key stays with its host, the refusal of another provider's API host and the import
 * preview all share. A key goes only to the scheme, host and port it was saved for.
 */
import type { Connection } from './connection';
import { findProvider } from './providers/catalog';
import { isReference } from './references';

type Destined = Pick<Connection, 'providerId' | 'settings'>;

/**
 * Where a connection's requests go, as configured (a URL, or a reference as typed): the base URL
 * or endpoint setting or its default, or a custom connection's test_url. Providers without a test
 * of their own are named by their first URL setting (the endpoint their keys belong to).
 */
export function requestTarget(connection: Destined): string | undefined {
  const provider = findProvider(connection.providerId);
  const spec = provider?.test;
  if (spec?.auth.kind === 'fromConfigs') {
    const url = ((connection.settings.configs ?? {}) as Record<string, unknown>).test_url;
    return typeof url === 'string' && url !== '' ? url : undefined;
  }
  const field = spec?.baseField ?? provider?.fields.find((f) => f.kind === 'url')?.key;
  const value = field ? connection.settings[field] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : spec?.defaultBase;
}

/** A literal http(s) URL; undefined for a reference, `$$` literal or anything else. */
export function literalUrl(target: string | undefined): URL | undefined {
  if (target === undefined || isReference(target) || target.startsWith('$')) return undefined;
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The host (and port) of any URL, for naming where a value goes; undefined for something that is not a URL. */
export function urlHost(value: string): string | undefined {
  try {
    return new URL(value).host || undefined;
  } catch {
    return undefined;
  }
}

/** Whether two targets are the same scheme, host and port (references: the same reference). */
export function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  const x = literalUrl(a);
  const y = literalUrl(b);
  return x !== undefined && y !== undefined && x.origin === y.origin;
}

/**
 * How the user is told where a target sends keys: `api.openai.com`, `localhost:8000`,
 * `http://example.com` (a plain-http URL says so), or the reference it comes from.
 */
export function destinationText(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  if (isReference(target)) return target;
  const url = literalUrl(target);
  if (!url) return undefined;
  return url.protocol === 'http:' && !isLoopback(url.hostname) ? `http://${url.host}` : url.host;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

/**
 * The public API hosts of providers with a host of their own. A connection of one provider whose
 * URL is another's would send its key to that other provider; a gateway or proxy is not listed.
 */
const WELL_KNOWN_API_HOSTS: ReadonlyMap<string, string> = new Map([
  ['api.openai.com', 'openai'],
  ['api.anthropic.com', 'anthropic'],
  ['generativelanguage.googleapis.com', 'google-gemini'],
  ['api.mistral.ai', 'mistral'],
]);

/** Providers whose URL may be any server, another provider's OpenAI-compatible API included. */
const ANY_HOST = new Set(['openai-compatible', 'custom']);

/**
 * The provider whose well-known API host `value` points at, when that is not `providerId` itself
 * (and `providerId` is not one that may point anywhere); undefined otherwise.
 */
export function otherProvidersHost(providerId: string, value: string): string | undefined {
  if (ANY_HOST.has(providerId)) return undefined;
  const url = literalUrl(value);
  if (!url) return undefined;
  const owner = WELL_KNOWN_API_HOSTS.get(url.hostname.toLowerCase().replace(/\.$/, ''));
  return owner !== undefined && owner !== providerId ? owner : undefined;
}
