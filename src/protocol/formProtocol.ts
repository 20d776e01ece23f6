/**
 * The messages between the connection form (webview) and the extension host: one zod schema per
 * direction, a discriminated union on `type`, shared by both bundles. A message that fails to
 * parse (unknown type, missing or extra fields) is dropped by the receiver.
 */
import { z } from 'zod';
import { MAX_TOKENS } from '../domain/chat/overrideSchema';
import { ConnectionInputSchema, ScopeSchema, StoredConnectionSchema } from '../domain/connection';
import { FolderUriSchema, WorkspaceFolderInfoSchema } from '../domain/folders';
import { ProviderDescriptorSchema } from '../domain/providers/descriptor';
import { isReference } from '../domain/references';
import { TestResultSchema } from '../domain/testing/result';

/** Field errors in words: the host renders them (src/ui/text) before posting. */
const FieldErrorsSchema = z.record(z.string(), z.string());

/**
 * What the form knows of a stored secret: that it is set, and its text only if it is a reference.
 * The schema itself refuses anything in `reference` that is not one by the reference grammar, so a
 * literal secret can't cross to the webview through this slot.
 */
const StoredSecretSchema = z.object({ reference: z.string().refine(isReference, 'not a reference').optional() }).strict();

/** The non-secret fields of a stored connection that the form shows. */
export const FormConnectionSchema = StoredConnectionSchema.pick({ id: true, providerId: true, name: true, alias: true, scope: true, folder: true, isActive: true, settings: true });

/** A token limit the form may set: a whole number from 1 to `MAX_TOKENS`. */
const TokenLimitSchema = z.number().int().min(1).max(MAX_TOKENS);

/**
 * What the form changes of one model's settings, against the values it was shown: `reset` starts
 * from the values without the user's entry (Reset to the server's values); a token limit of `null`
 * is the value without it. The host writes the entry `alias/model` that gives the model these values.
 */
export const ModelChangeSchema = z
  .object({
    id: z.string().min(1).max(200),
    reset: z.literal(true).optional(),
    toolCalling: z.boolean().optional(),
    imageInput: z.boolean().optional(),
    maxInputTokens: TokenLimitSchema.nullable().optional(),
    maxOutputTokens: TokenLimitSchema.nullable().optional(),
  })
  .strict();
export type ModelChange = z.infer<typeof ModelChangeSchema>;

/**
 * What the form may change of a connection's use in Chat: on or off, which models (all when
 * `chosen` is absent), and the settings of the models adjusted (each at most once).
 */
export const ChatChoiceSchema = z
  .object({
    useInChat: z.boolean(),
    chosen: z.array(z.string().max(200)).max(500).optional(),
    models: z
      .array(ModelChangeSchema)
      .max(500)
      .refine((changes) => new Set(changes.map((c) => c.id)).size === changes.length, 'a model changed twice')
      .optional(),
  })
  .strict();
export type ChatChoice = z.infer<typeof ChatChoiceSchema>;

/** A model's values as offered (limits of any size a provider reports), and where each comes from. */
const ModelValuesSchema = z.object({ toolCalling: z.boolean(), imageInput: z.boolean(), maxInputTokens: z.number().int().positive(), maxOutputTokens: z.number().int().positive() }).strict();
const ValueSourceSchema = z.enum(['provider', 'table', 'default', 'user']);
const ValueSourcesSchema = z.object({ toolCalling: ValueSourceSchema, imageInput: ValueSourceSchema, maxInputTokens: ValueSourceSchema, maxOutputTokens: ValueSourceSchema }).strict();

/** One model of the Chat section: its values now, and without the user's entry (what Reset returns to). */
export const FormModelSchema = z
  .object({
    id: z.string().max(200),
    values: ModelValuesSchema,
    sources: ValueSourcesSchema,
    base: ModelValuesSchema,
    baseSources: ValueSourcesSchema,
  })
  .strict();
export type FormModel = z.infer<typeof FormModelSchema>;

/** The Chat section of the form: the models of the last list (or Azure's deployments), their settings and the choice. */
export const FormChatSchema = z
  .object({
    /** Providers whose connections can be used in Chat. */
    providers: z.array(z.string().max(64)).max(64),
    useInChat: z.boolean(),
    models: z.array(FormModelSchema).max(500),
    chosen: z.array(z.string().max(200)).max(500).optional(),
  })
  .strict();
export type FormChat = z.infer<typeof FormChatSchema>;

/** One text of the form, in the display language; never empty, so a text left out can't pass as "". */
const FormTextSchema = z.string().min(1).max(600);

/**
 * Every text the form shows of its own (labels, help, buttons, placeholders, accessible names),
 * rendered by the host in VS Code's display language (src/ui/text/form.ts). The webview has no
 * English of its own: a text missing here fails the protocol, it is not filled in silently.
 * `{name}`-style placeholders are filled in by the webview (`fill` in webview-ui/strings.ts).
 */
export const FormStringsSchema = z
  .object({
    formLabelEdit: FormTextSchema,
    formLabelNew: FormTextSchema,
    /** `{name}`: the connection's name. */
    headingEdit: FormTextSchema,
    headingNew: FormTextSchema,
    introEdit: FormTextSchema,
    introNew: FormTextSchema,
    draftRestored: FormTextSchema,
    provider: FormTextSchema,
    providerFixed: FormTextSchema,
    /** The group headings of the Provider list. */
    providerGroups: z.object({ chat: FormTextSchema, azure: FormTextSchema, data: FormTextSchema, custom: FormTextSchema }).strict(),
    promptflowSection: FormTextSchema,
    promptflowHelp: FormTextSchema,
    name: FormTextSchema,
    namePlaceholder: FormTextSchema,
    nameHelp: FormTextSchema,
    alias: FormTextSchema,
    aliasHelp: FormTextSchema,
    scope: FormTextSchema,
    scopeGlobal: FormTextSchema,
    scopeWorkspace: FormTextSchema,
    scopeFixed: FormTextSchema,
    scopeHelp: FormTextSchema,
    scopeNoFolder: FormTextSchema,
    folder: FormTextSchema,
    folderHelp: FormTextSchema,
    active: FormTextSchema,
    activeHelp: FormTextSchema,
    save: FormTextSchema,
    saving: FormTextSchema,
    test: FormTextSchema,
    testing: FormTextSchema,
    cancel: FormTextSchema,
    delete: FormTextSchema,
    storedPlaceholder: FormTextSchema,
    escapedDollar: FormTextSchema,
    /** `{count}` models (not 1), `{ms}` milliseconds. */
    testWorks: FormTextSchema,
    /** One model, `{ms}` milliseconds. */
    testWorksOne: FormTextSchema,
    nothingToTest: FormTextSchema,
    /** `{host}`: where a key field's key goes (`api.openai.com`), or the reference naming the URL. */
    sentTo: FormTextSchema,
    sentToReference: FormTextSchema,
    testFailed: FormTextSchema,
    entryName: FormTextSchema,
    entryValue: FormTextSchema,
    addSecret: FormTextSchema,
    addConfig: FormTextSchema,
    /** `{field}`: the map field's label, lowercased. */
    removeEntry: FormTextSchema,
    chat: FormTextSchema,
    chatHelp: FormTextSchema,
    useInChat: FormTextSchema,
    chatDeployments: FormTextSchema,
    chatNoModels: FormTextSchema,
    chatModels: FormTextSchema,
    /** The disclosure of a model's settings; `{model}` in its accessible name. */
    modelAdjust: FormTextSchema,
    modelAdjustLabel: FormTextSchema,
    modelToolCalling: FormTextSchema,
    modelImageInput: FormTextSchema,
    modelInputTokens: FormTextSchema,
    modelOutputTokens: FormTextSchema,
    /** `{value}`: the value without the user's setting, `{source}` where it comes from. */
    modelTokensHelp: FormTextSchema,
    modelReset: FormTextSchema,
    modelSettingsHelp: FormTextSchema,
  })
  .strict();
export type FormStrings = z.infer<typeof FormStringsSchema>;

export const InitMessageSchema = z
  .object({
    type: z.literal('init'),
    /** The form's own texts in the display language; provider descriptors come translated too. */
    strings: FormStringsSchema,
    /**
     * The display language's texts of the messages the form's local checks render (`say` in the
     * webview, English sentence -> translation); empty in English, where the sentences are used as written.
     */
    translations: z.record(z.string().max(1000), z.string().min(1).max(2000)).refine((texts) => Object.keys(texts).length <= 2000, 'too many texts'),
    /** The display language (`en`, `de`, ...), for the digits and grouping of numbers in those texts. */
    language: z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/),
    mode: z.enum(['create', 'edit']),
    providers: z.array(ProviderDescriptorSchema),
    connection: FormConnectionSchema.optional(),
    /** Secret keys that are stored (`apiKey`, `secrets.api_key`), never their values. */
    storedSecrets: z.record(z.string(), StoredSecretSchema),
    takenAliases: z.array(z.object({ alias: z.string(), name: z.string(), scope: ScopeSchema }).strict()),
    workspaceAvailable: z.boolean(),
    /**
     * The choices of the Folder field of a workspace connection: sent only when the workspace has
     * several folders (or the connection's own folder is not open, shown as such); no field otherwise.
     */
    folders: z.array(WorkspaceFolderInfoSchema).min(1).max(256).optional(),
    /** The folder a new workspace connection starts in: the active editor's, else the first. */
    defaultFolder: FolderUriSchema.optional(),
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
const ReferenceTextSchema = z.string().max(256).refine(isReference, 'not a reference');

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
  z.object({ type: z.literal('resolveReference'), requestId: z.number().int(), field: z.string().max(200), reference: ReferenceTextSchema, scope: ScopeSchema, folder: FolderUriSchema.optional() }).strict(),
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
  const paths = result.error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
    .slice(0, 3)
    .join(', ');
  return { ok: false, reason: `type '${type}' — ${paths}` };
}

/** The folder a message names (a save's, a test's or a draft's input, or a hint request's). */
function folderOf(message: WebviewMessage): string | undefined {
  switch (message.type) {
    case 'save':
    case 'test':
      return message.input.folder;
    case 'dirty':
      return message.draft?.folder;
    case 'resolveReference':
      return message.folder;
    default:
      return undefined;
  }
}

/**
 * Parses a message from the form. With `folders` (the folders this form offers), a message that
 * names any other folder is refused: the webview can't point a connection at a folder it wasn't offered.
 */
export function parseWebviewMessage(data: unknown, context: { folders?: readonly string[] } = {}): ParseResult<WebviewMessage> {
  const { folders } = context;
  const schema = folders
    ? WebviewMessageSchema.superRefine((message, ctx) => {
        const folder = folderOf(message);
        if (folder !== undefined && !folders.includes(folder)) ctx.addIssue({ code: 'custom', path: ['folder'], message: 'not a folder of this workspace' });
      })
    : WebviewMessageSchema;
  return parseWith(schema, data);
}
export const parseHostMessage = (data: unknown) => parseWith(HostMessageSchema, data);
