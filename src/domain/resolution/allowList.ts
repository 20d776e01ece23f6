/**
 * Which environment variables may be sent to a provider without asking, and the answers the user
 * gave for the others. Answers are kept per connection and variable (names only, never a value).
 */
import { z } from 'zod';
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
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
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
const PermissionsSchema = z.record(z.string().max(400), z.boolean()).catch({});

/** The remembered Allow / Deny answers, in the state of the connection's scope. */
export class EnvironmentPermissions {
  constructor(private readonly states: { global: StateStore; workspace?: StateStore }) {}

  private state(scope: Scope): StateStore | undefined {
    return scope === 'workspace' ? this.states.workspace : this.states.global;
  }

  private read(scope: Scope): Record<string, boolean> {
    return PermissionsSchema.parse(this.state(scope)?.get(PERMISSIONS_KEY) ?? {});
  }

  get(scope: Scope, connectionId: string, variable: string): boolean | undefined {
    return this.read(scope)[`${connectionId}/${variable}`];
  }

  async set(scope: Scope, connectionId: string, variable: string, allowed: boolean): Promise<void> {
    const state = this.state(scope);
    if (!state) return;
    await state.update(PERMISSIONS_KEY, { ...this.read(scope), [`${connectionId}/${variable}`]: allowed });
  }
}
