/**
 * Which environment variables may be sent to a provider without asking, and the answers the user
 * gave for the others. Answers are kept per connection, what was asked about and the host it was
 * asked for (names only, never a value): a connection that moves to another host asks again.
 */
import * as z from 'zod/mini';
import type { Scope } from '../connection';
import type { StateStore } from '../store/ports';

/** The variables the provider SDKs read, plus any `*_API_KEY`. */
export const DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES = [
  'OPENAI_API_KEY',
  'OPENAI_ORG_ID',
  'OPENAI_BASE_URL',
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_ENDPOINT',
  'OPENAI_API_VERSION',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'MISTRAL_API_KEY',
  'OLLAMA_HOST',
  '*_API_KEY',
] as const;

/** `*` matches any run of characters, `?` one; letters match without regard to case (as on Windows). */
export function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  try {
    return new RegExp(`^${source}$`, 'i').test(name);
  } catch {
    return false;
  }
}

export function isAllowedVariable(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globMatches(pattern, name));
}

export const PERMISSIONS_KEY = 'aiConnections.references.permissions';
const PermissionsSchema = z.catch(z.record(z.string().check(z.maxLength(800)), z.boolean()), {});

/**
 * What an answer was given for: sending a variable to a host (`GITHUB_TOKEN→api.example.com`), or
 * the connection's own keys to a host the workspace's files named (`→attacker.example:8080`), or
 * a vault's item to a host (`op://Team/OpenAI/credential⇒api.openai.com`).
 */
export type PermissionSubject = { variable: string; host: string } | { destination: string } | { reference: string; host: string };

function subjectKey(connectionId: string, subject: PermissionSubject): string {
  if ('variable' in subject) return `${connectionId}/${subject.variable}→${subject.host}`;
  if ('reference' in subject) return `${connectionId}/${subject.reference}⇒${subject.host}`;
  return `${connectionId}/→${subject.destination}`;
}

/** The remembered Allow / Deny answers, in the state of the connection's scope. */
export class EnvironmentPermissions {
  constructor(private readonly states: { global: StateStore; workspace?: StateStore }) {}

  private state(scope: Scope): StateStore | undefined {
    return scope === 'workspace' ? this.states.workspace : this.states.global;
  }

  private read(scope: Scope): Map<string, boolean> {
    return new Map(Object.entries(PermissionsSchema.parse(this.state(scope)?.get(PERMISSIONS_KEY) ?? {})));
  }

  get(scope: Scope, connectionId: string, subject: PermissionSubject): boolean | undefined {
    return this.read(scope).get(subjectKey(connectionId, subject));
  }

  async set(scope: Scope, connectionId: string, subject: PermissionSubject, allowed: boolean): Promise<void> {
    const state = this.state(scope);
    if (!state) return;
    const answers = this.read(scope).set(subjectKey(connectionId, subject), allowed);
    await state.update(PERMISSIONS_KEY, Object.fromEntries(answers));
  }
}
