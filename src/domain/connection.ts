import { z } from 'zod';
import { ALIAS_PATTERN } from './alias';
import { FolderUriSchema } from './folders';
import { LIMITS } from './limits';
import { CONTROL_OR_BIDI } from './text/inert';
import { SCOPES, type Scope } from './scope';
import { issue } from './validationMessages';

export type { Scope };
export const ScopeSchema = z.enum(SCOPES);

export const SCOPE_LABELS: Record<Scope, string> = { global: 'Global', workspace: 'Workspace' };

export const AliasSchema = z.string().regex(ALIAS_PATTERN, issue({ code: 'validation.aliasPattern' }));

export const NameSchema = z
  .string()
  .trim()
  .min(1, issue({ code: 'validation.nameRequired' }))
  .max(LIMITS.nameLength, issue({ code: 'validation.nameTooLong', max: LIMITS.nameLength }))
  .refine((name) => !CONTROL_OR_BIDI.test(name), issue({ code: 'validation.nameControl' }));

/** A non-secret setting value: text, a switch, or a map of text (custom connection configs). */
const SettingValueSchema = z.union([z.string().max(LIMITS.textValueLength), z.boolean(), z.record(z.string().max(64), z.string().max(LIMITS.textValueLength)).refine((map) => Object.keys(map).length <= LIMITS.mapEntries)]);

/** A value as the form submits it (a secret may be longer than a setting); bounded so a huge message is refused early. */
const InputValueSchema = z.union([z.string().max(LIMITS.messageStringLength), z.boolean(), z.record(z.string().max(LIMITS.messageStringLength), z.string().max(LIMITS.messageStringLength))]);

/**
 * The stored shape of a connection: the single source of truth for what is kept in
 * globalState/workspaceState. Secret values are not here; `secretKeys` names the ones that
 * are set in SecretStorage.
 */
export const StoredConnectionSchema = z
  .object({
    id: z.uuid(),
    alias: AliasSchema,
    name: NameSchema,
    providerId: z.string().min(1),
    scope: ScopeSchema,
    /**
     * For a workspace connection in a multi-root workspace: the URI of the folder whose
     * appsettings*.json and .env it reads. Absent means the workspace's first folder.
     */
    folder: FolderUriSchema.optional(),
    isActive: z.boolean().default(true),
    settings: z.record(z.string(), SettingValueSchema),
    secretKeys: z.array(z.string()).default([]),
    dateCreated: z.iso.datetime(),
    dateModified: z.iso.datetime(),
  })
  .strict();
export type Connection = z.infer<typeof StoredConnectionSchema>;

/** What the form (or any caller) submits to create or update a connection. */
export const ConnectionInputSchema = z
  .object({
    providerId: z.string().max(LIMITS.messageStringLength),
    name: z.string().max(LIMITS.messageStringLength),
    alias: z.string().max(LIMITS.messageStringLength),
    scope: ScopeSchema,
    /** The workspace folder (its URI) of a workspace connection; left out with a single folder. */
    folder: z.string().max(LIMITS.messageStringLength).optional(),
    isActive: z.boolean(),
    values: z.record(z.string().max(LIMITS.messageStringLength), InputValueSchema),
  })
  .strict();
export type ConnectionInput = z.infer<typeof ConnectionInputSchema>;

/** Secret values of one connection, keyed like `secretKeys` (`apiKey`, `secrets.api_key`). */
export type SecretBag = Record<string, string>;

/** Key of a secret map entry in the bag: `secrets.api_key`. */
export function mapSecretKey(field: string, entry: string): string {
  return `${field}.${entry}`;
}
