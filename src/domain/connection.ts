import * as z from 'zod/mini';
import { ALIAS_PATTERN } from './alias';
import { FolderUriSchema } from './folders';
import { LIMITS } from './limits';
import { CONTROL_OR_BIDI } from './text/inert';
import { SCOPES, type Scope } from './scope';
import { issue } from './validationMessages';

export type { Scope };
export const ScopeSchema = z.enum(SCOPES);

export const SCOPE_LABELS: Record<Scope, string> = { global: 'Global', workspace: 'Workspace' };

export const AliasSchema = z.string().check(z.regex(ALIAS_PATTERN, issue({ code: 'validation.aliasPattern' })));

export const NameSchema = z.string().check(
  z.trim(),
  z.minLength(1, issue({ code: 'validation.nameRequired' })),
  z.maxLength(LIMITS.nameLength, issue({ code: 'validation.nameTooLong', max: LIMITS.nameLength })),
  z.refine((name) => !CONTROL_OR_BIDI.test(name), issue({ code: 'validation.nameControl' })),
);

/** A non-secret setting value: text, a switch, or a map of text (custom connection configs). */
const SettingValueSchema = z.union([
  // Text settings are checked against their field's own limit when saved; pasted certificates may be longer.
  z.string().check(z.maxLength(LIMITS.pemValueLength)),
  z.boolean(),
  z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(LIMITS.textValueLength))).check(z.refine((map) => Object.keys(map).length <= LIMITS.mapEntries)),
]);

/** A value as the form submits it (a secret may be longer than a setting); bounded so a huge message is refused early. */
const MessageTextSchema = z.string().check(z.maxLength(LIMITS.messageStringLength));
const InputValueSchema = z.union([MessageTextSchema, z.boolean(), z.record(MessageTextSchema, MessageTextSchema)]);

/**
 * The stored shape of a connection: the single source of truth for what is kept in
 * globalState/workspaceState. Secret values are not here; `secretKeys` names the ones that
 * are set in SecretStorage.
 */
export const StoredConnectionSchema = z.strictObject({
  id: z.uuid(),
  alias: AliasSchema,
  name: NameSchema,
  providerId: z.string().check(z.minLength(1)),
  scope: ScopeSchema,
  /**
   * For a workspace connection in a multi-root workspace: the URI of the folder whose
   * appsettings*.json and .env it reads. Absent means the workspace's first folder.
   */
  folder: z.optional(FolderUriSchema),
  isActive: z._default(z.boolean(), true),
  settings: z.record(z.string(), SettingValueSchema),
  secretKeys: z._default(z.array(z.string()), []),
  dateCreated: z.iso.datetime(),
  dateModified: z.iso.datetime(),
});
export type Connection = z.infer<typeof StoredConnectionSchema>;

/** What the form (or any caller) submits to create or update a connection. */
export const ConnectionInputSchema = z.strictObject({
  providerId: MessageTextSchema,
  name: MessageTextSchema,
  alias: MessageTextSchema,
  scope: ScopeSchema,
  /** The workspace folder (its URI) of a workspace connection; left out with a single folder. */
  folder: z.optional(MessageTextSchema),
  isActive: z.boolean(),
  values: z.record(MessageTextSchema, InputValueSchema),
});
export type ConnectionInput = z.infer<typeof ConnectionInputSchema>;

/** Secret values of one connection, keyed like `secretKeys` (`apiKey`, `secrets.api_key`). */
export type SecretBag = Record<string, string>;

/** Key of a secret map entry in the bag: `secrets.api_key`. */
export function mapSecretKey(field: string, entry: string): string {
  return `${field}.${entry}`;
}
