/**
 * The chat models of a connection's model list, with their limits: for an OpenAI-compatible
 * server, with what its own endpoint said of them during the test (`server`, serverModels.ts).
 * Ollama's list (`/api/tags`)
 * carries none, so each of its chat models is asked for its details (`POST /api/show`): context
 * length, the `num_ctx` it runs with, and capabilities (a model without `completion` is left out).
 * A model whose details can't be read keeps the table's or the default limits.
 */
import type { Connection } from '../connection';
import { isReference } from '../references';
import { httpPostStream } from '../testing/http';
import { chatModelInfo, chatModels, isChatModel, type ChatModelInfo } from './models';
import type { ServerModels } from './serverModels';

/** At most this many models are asked for their details, a few at a time. */
const MAX_DETAILS = 32;
const MAX_DETAILS_BYTES = 1024 * 1024;

export interface ListingDependencies {
  timeoutMs: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

async function ollamaDetails(showUrl: URL, id: string, deps: ListingDependencies): Promise<Record<string, unknown> | undefined> {
  const outcome = await httpPostStream(showUrl, { 'content-type': 'application/json', accept: 'application/json' }, JSON.stringify({ model: id }), {
    timeoutMs: deps.timeoutMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  if (!outcome.ok || outcome.status !== 200) return undefined;
  let text = '';
  try {
    if (outcome.streaming) {
      for await (const chunk of outcome.chunks) {
        text += chunk;
        if (text.length > MAX_DETAILS_BYTES) return undefined;
      }
    } else text = outcome.body;
    const show: unknown = JSON.parse(text);
    return typeof show === 'object' && show !== null && !Array.isArray(show) ? (show as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function listedChatModels(connection: Pick<Connection, 'providerId' | 'settings'>, listBody: unknown, deps: ListingDependencies, server?: ServerModels): Promise<ChatModelInfo[]> {
  const listed = chatModels(connection.providerId, listBody, server);
  const base = connection.settings.baseUrl;
  if (connection.providerId !== 'ollama' || typeof base !== 'string' || isReference(base)) return listed;
  let showUrl: URL;
  try {
    showUrl = new URL(`${base.replace(/\/+$/, '')}/api/show`);
  } catch {
    return listed;
  }
  const detailed: (ChatModelInfo | undefined)[] = [];
  for (let start = 0; start < listed.length; start += 4) {
    const batch = listed.slice(start, start + 4);
    detailed.push(
      ...(await Promise.all(
        batch.map(async (model, offset) => {
          if (start + offset >= MAX_DETAILS) return model;
          const show = await ollamaDetails(showUrl, model.id, deps);
          if (!show) return model;
          const entry = { ...show, model: model.id };
          return isChatModel('ollama', entry) ? chatModelInfo('ollama', entry) : undefined;
        }),
      )),
    );
  }
  return detailed.filter((m): m is ChatModelInfo => m !== undefined);
}
