/**
 * Find Local Model Servers: asks the usual ports on this machine, all at once and briefly, whether
 * a model server answers there, and decides from each answer's shape which server it is.
 *
 * | Server      | Port  | Asked                          | Known by                                            |
 * | ----------- | ----- | ------------------------------ | --------------------------------------------------- |
 * | Ollama      | 11434 | `GET /api/tags`                | `{ "models": [{ "name": ... }] }`                   |
 * | LM Studio   | 1234  | `GET /v1/models`               | an OpenAI list; entries `owned_by: organization_owner` |
 * | llama.cpp   | 8080  | `GET /v1/models`               | an OpenAI list; entries `owned_by: llamacpp`        |
 * | vLLM        | 8000  | `GET /v1/models`               | an OpenAI list; entries `owned_by: vllm`, `max_model_len` |
 * | LiteLLM     | 4000  | `GET /v1/models`, then `/models` | an OpenAI list                                    |
 *
 * A LiteLLM proxy started with a master key answers 401 with its own error (`type: auth_error`):
 * it is proposed too, to be given a key after saving.
 *
 * An OpenAI list whose entries name another of these servers is taken for that one (vLLM started
 * on 8080, say); one that names none is the port's usual server. Anything else (a web page, an
 * error, a refusal) is no model server. Nothing is sent but these GETs, without credentials.
 */
import { z } from 'zod';
import { jsonBody, type HttpOutcome } from '../requests';
import { LOCAL_SERVER_BASES } from '../providers/services';

export type LocalServerKind = 'ollama' | 'lmstudio' | 'llama-cpp' | 'vllm' | 'litellm';

/** A port to ask and the server usually found there. */
export interface LocalServerCandidate {
  server: LocalServerKind;
  port: number;
}

/** The ports the servers listen on unless told otherwise. */
export const USUAL_LOCAL_SERVERS: readonly LocalServerCandidate[] = [
  { server: 'ollama', port: 11434 },
  { server: 'lmstudio', port: 1234 },
  { server: 'llama-cpp', port: 8080 },
  { server: 'vllm', port: 8000 },
  { server: 'litellm', port: 4000 },
];

/** How long each port gets to answer. */
export const PROBE_TIMEOUT_MS = 1500;

/** A server found: its provider, the base URL a connection to it uses, and the models it listed. */
export interface FoundServer {
  providerId: LocalServerKind;
  baseUrl: string;
  port: number;
  models: string[];
  /** It answered that it wants a key (a LiteLLM proxy with a master key). */
  needsKey?: boolean;
}

const MAX_ENTRIES = 5000;
const OllamaTags = z.object({ models: z.array(z.object({ name: z.string().min(1).max(400) }).loose()).max(MAX_ENTRIES) }).loose();
const OpenAiEntry = z.object({ id: z.string().min(1).max(400), owned_by: z.string().max(200).optional().catch(undefined), max_model_len: z.number().optional().catch(undefined) }).loose();
const OpenAiList = z.object({ data: z.array(OpenAiEntry).max(MAX_ENTRIES) }).loose();
/** LiteLLM proxy's refusal without a key (its ProxyException). */
const LiteLlmAuthError = z.object({ error: z.object({ type: z.literal('auth_error') }).loose() }).loose();

/** The server an OpenAI list's entries name, if any. */
function namedBy(entries: z.infer<typeof OpenAiEntry>[]): LocalServerKind | undefined {
  if (entries.some((e) => e.owned_by === 'vllm' || e.max_model_len !== undefined)) return 'vllm';
  if (entries.some((e) => e.owned_by === 'llamacpp')) return 'llama-cpp';
  if (entries.some((e) => e.owned_by === 'organization_owner' || e.owned_by === 'organization-owner')) return 'lmstudio';
  return undefined;
}

/** The paths asked on a port, in order: the first that answers with a model list decides. */
function pathsOf(server: LocalServerKind): string[] {
  if (server === 'ollama') return ['/api/tags'];
  if (server === 'litellm') return ['/v1/models', '/models'];
  return ['/v1/models'];
}

/** Where a connection to a server found on a port points: the provider's documented base, on that port. */
function baseUrlOf(server: LocalServerKind, port: number): string {
  if (server === 'ollama') return `http://localhost:${port}`;
  const base = new URL(LOCAL_SERVER_BASES[server]);
  base.port = String(port);
  return base.toString().replace(/\/+$/, '');
}

/** What one answer says: the server and its models, or undefined when it is no model server's. */
function recognize(candidate: LocalServerCandidate, path: string, body: unknown): Omit<FoundServer, 'baseUrl' | 'port'> | undefined {
  if (path === '/api/tags') {
    const tags = OllamaTags.safeParse(body);
    return tags.success ? { providerId: 'ollama', models: tags.data.models.map((m) => m.name) } : undefined;
  }
  const list = OpenAiList.safeParse(body);
  if (!list.success) return undefined;
  return { providerId: namedBy(list.data.data) ?? candidate.server, models: list.data.data.map((m) => m.id) };
}

export type LocalGet = (url: URL) => Promise<HttpOutcome>;

async function probe(candidate: LocalServerCandidate, get: LocalGet): Promise<FoundServer | undefined> {
  for (const path of pathsOf(candidate.server)) {
    let outcome: HttpOutcome;
    try {
      outcome = await get(new URL(`http://localhost:${candidate.port}${path}`));
    } catch {
      return undefined;
    }
    if (!outcome.ok) return undefined;
    if (outcome.status === 401 && candidate.server === 'litellm' && LiteLlmAuthError.safeParse(jsonBody(outcome.body)).success) {
      return { providerId: 'litellm', models: [], needsKey: true, port: candidate.port, baseUrl: baseUrlOf('litellm', candidate.port) };
    }
    if (outcome.status !== 200) continue;
    const found = recognize(candidate, path, jsonBody(outcome.body));
    if (found) return { ...found, port: candidate.port, baseUrl: baseUrlOf(found.providerId, candidate.port) };
  }
  return undefined;
}

/** Asks every candidate port at once; the servers found, in the candidates' order. Never rejects. */
export async function findLocalServers(candidates: readonly LocalServerCandidate[], get: LocalGet): Promise<FoundServer[]> {
  const answers = await Promise.all(candidates.map((c) => probe(c, get)));
  return answers.filter((a): a is FoundServer => a !== undefined);
}

/** A base URL compared as a connection's: `127.0.0.1` and `[::1]` are `localhost`, case and trailing slashes aside. */
export function sameBaseUrl(a: string, b: string): boolean {
  const norm = (value: string) => {
    try {
      const url = new URL(value.trim());
      if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
      return url.toString().replace(/\/+$/, '').toLowerCase();
    } catch {
      return value.trim().replace(/\/+$/, '').toLowerCase();
    }
  };
  return norm(a) === norm(b);
}
