/**
 * The messages between the connection form (webview) and the extension host: one zod schema per
 * direction, a discriminated union on `type`, shared by both bundles. A message that fails to
 * parse (unknown type, missing or extra fields) is dropped by the receiver.
 */
import { z } from 'zod';
import { ConnectionInputSchema, ScopeSchema, StoredConnectionSchema } from '../domain/connection';
import { ProviderDescriptorSchema } from '../domain/providers/descriptor';
import { isReference } from '../domain/references';
import { TestResultSchema } from '../domain/testing/result';

const FieldErrorsSchema = z.record(z.string(), z.string());

/**
 * What the form knows of a stored secret: that it is set, and its text only if it is a reference.
 * The schema itself refuses anything in `reference` that is not one by the reference grammar, so a
 * literal secret can't cross to the webview through this slot.
 */
export const StoredSecretSchema = z.object({ reference: z.string().refine(isReference, 'not a reference').optional() }).strict();

/** The non-secret fields of a stored connection that the form shows. */
export const FormConnectionSchema = StoredConnectionSchema.pick({ id: true, providerId: true, name: true, alias: true, scope: true, isActive: true, settings: true });

/** What the form may change of a connection's use in Chat: on or off, and which models (all when `chosen` is absent). */
export const ChatChoiceSchema = z
  .object({
    useInChat: z.boolean(),
    chosen: z.array(z.string().max(200)).max(500).optional(),
  })
  .strict();
export type ChatChoice = z.infer<typeof ChatChoiceSchema>;

/** The Chat section of the form: the models of the last list (or Azure's deployments) and the choice. */
export const FormChatSchema = z
  .object({
    /** Providers whose connections can be used in Chat. */
    providers: z.array(z.string().max(64)).max(64),
    useInChat: z.boolean(),
    models: z.array(z.object({ id: z.string().max(200), description: z.string().max(200) }).strict()).max(500),
    chosen: z.array(z.string().max(200)).max(500).optional(),
  })
  .strict();
export type FormChat = z.infer<typeof FormChatSchema>;

export const InitMessageSchema = z
  .object({
    type: z.literal('init'),
    mode: z.enum(['create', 'edit']),
    providers: z.array(ProviderDescriptorSchema),
    connection: FormConnectionSchema.optional(),
    /** Secret keys that are stored (`apiKey`, `secrets.api_key`), never their values. */
    storedSecrets: z.record(z.string(), StoredSecretSchema),
    takenAliases: z.array(z.object({ alias: z.string(), name: z.string(), scope: z.string() }).strict()),
    workspaceAvailable: z.boolean(),
    /** A draft to restore (after the panel was closed with unsaved changes). */
    draft: ConnectionInputSchema.optional(),
    /** The Chat section, for connections of chat providers. */
    chat: FormChatSchema.optional(),
  })
  .strict();
export type InitMessage = z.infer<typeof InitMessageSchema>;

/** What the form shows of a test: the outcome, never the model list or anything sent. */
export const FormTestResultSchema = TestResultSchema.pick({ success: true, skipped: true, errorKind: true, status: true, latencyMs: true, modelCount: true })
  // Why it failed, in the display language (the host renders the result's message).
  .extend({ errorMessage: z.string().max(600).optional() })
  .strict();
export type FormTestResult = z.infer<typeof FormTestResultSchema>;

/** A reference as typed in a field: only text that is a reference by the grammar crosses, in either direction. */
export const ReferenceTextSchema = z.string().max(256).refine(isReference, 'not a reference');

/**
 * Where a reference typed in a field resolves from (`→ appsettings.Development.json, OpenAI:ApiKey`)
 * or why it does not (`✗ … not found in …`): file, key or variable names only, never a value.
 */
export const ReferenceHintMessageSchema = z
  .object({
    type: z.literal('referenceHint'),
    requestId: z.number().int(),
    field: z.string().max(200),
    reference: ReferenceTextSchema,
    ok: z.boolean(),
    text: z.string().max(600),
  })
  .strict();
export type ReferenceHintMessage = z.infer<typeof ReferenceHintMessageSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  ReferenceHintMessageSchema,
  InitMessageSchema,
  z
    .object({
      type: z.literal('saveResult'),
      requestId: z.number().int(),
      ok: z.boolean(),
      errors: FieldErrorsSchema,
      message: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('testResult'),
      requestId: z.number().int(),
      result: FormTestResultSchema.optional(),
      errors: FieldErrorsSchema,
    })
    .strict(),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;


export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('save'), requestId: z.number().int(), input: ConnectionInputSchema, chat: ChatChoiceSchema.optional() }).strict(),
  /** Test the values in the form before saving; an empty secret means "the stored one". */
  z.object({ type: z.literal('test'), requestId: z.number().int(), input: ConnectionInputSchema }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
  z.object({ type: z.literal('delete') }).strict(),
  /** Asks where a reference typed in a field resolves from, for the field's hint (never its value). */
  z.object({ type: z.literal('resolveReference'), requestId: z.number().int(), field: z.string().max(200), reference: ReferenceTextSchema, scope: ScopeSchema }).strict(),
  /** Sent when the form becomes dirty or clean; `draft` leaves secret fields out. */
  z.object({ type: z.literal('dirty'), dirty: z.boolean(), draft: ConnectionInputSchema.optional() }).strict(),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Parses a message; the reason names the failing paths, never the values. */
function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const type = typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' ? (data as { type: string }).type.slice(0, 40) : '?';
  const paths = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).slice(0, 3).join(', ');
  return { ok: false, reason: `type '${type}' — ${paths}` };
}

export const parseWebviewMessage = (data: unknown) => parseWith(WebviewMessageSchema, data);
export const parseHostMessage = (data: unknown) => parseWith(HostMessageSchema, data);
