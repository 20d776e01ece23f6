/**
 * The messages between the connection form (webview) and the extension host: one zod schema per
 * direction, a discriminated union on `type`, shared by both bundles. A message that fails to
 * parse (unknown type, missing or extra fields) is dropped by the receiver.
 */
import * as z from 'zod/mini';
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
const StoredSecretSchema = z.strictObject({ reference: z.optional(z.string().check(z.refine(isReference, 'not a reference'))) });

/** The non-secret fields of a stored connection that the form shows. */
export const FormConnectionSchema = z.pick(StoredConnectionSchema, { id: true, providerId: true, name: true, alias: true, scope: true, folder: true, isActive: true, settings: true });

/** A token limit the form may set: a whole number from 1 to `MAX_TOKENS`. */
const TokenLimitSchema = z.number().check(z.int(), z.minimum(1), z.maximum(MAX_TOKENS));

/**
 * What the form changes of one model's settings, against the values it was shown: `reset` starts
 * from the values without the user's entry (Reset to the server's values); a token limit of `null`
 * is the value without it. The host writes the entry `alias/model` that gives the model these values.
 */
export const ModelChangeSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  reset: z.optional(z.literal(true)),
  toolCalling: z.optional(z.boolean()),
  imageInput: z.optional(z.boolean()),
  maxInputTokens: z.optional(z.nullable(TokenLimitSchema)),
  maxOutputTokens: z.optional(z.nullable(TokenLimitSchema)),
});
export type ModelChange = z.infer<typeof ModelChangeSchema>;

/**
 * What the form may change of a connection's use in Chat: on or off, which models (all when
 * `chosen` is absent), and the settings of the models adjusted (each at most once).
 */
export const ChatChoiceSchema = z.strictObject({
  useInChat: z.boolean(),
  chosen: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(500))),
  models: z.optional(
    z.array(ModelChangeSchema).check(
      z.maxLength(500),
      z.refine((changes) => new Set(changes.map((c) => c.id)).size === changes.length, 'a model changed twice'),
    ),
  ),
});
export type ChatChoice = z.infer<typeof ChatChoiceSchema>;

/** A model's values as offered (limits of any size a provider reports), and where each comes from. */
const ModelValuesSchema = z.strictObject({ toolCalling: z.boolean(), imageInput: z.boolean(), maxInputTokens: z.number().check(z.int(), z.positive()), maxOutputTokens: z.number().check(z.int(), z.positive()) });
const ValueSourceSchema = z.enum(['provider', 'table', 'default', 'user']);
const ValueSourcesSchema = z.strictObject({ toolCalling: ValueSourceSchema, imageInput: ValueSourceSchema, maxInputTokens: ValueSourceSchema, maxOutputTokens: ValueSourceSchema });

/** One model of the Chat section: its values now, and without the user's entry (what Reset returns to). */
export const FormModelSchema = z.strictObject({
  id: z.string().check(z.maxLength(200)),
  values: ModelValuesSchema,
  sources: ValueSourcesSchema,
  base: ModelValuesSchema,
  baseSources: ValueSourcesSchema,
});
export type FormModel = z.infer<typeof FormModelSchema>;

/** The Chat section of the form: the models of the last list (or Azure's deployments), their settings and the choice. */
export const FormChatSchema = z.strictObject({
  /** Providers whose connections can be used in Chat. */
  providers: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(64)),
  useInChat: z.boolean(),
  models: z.array(FormModelSchema).check(z.maxLength(500)),
  chosen: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(500))),
});
export type FormChat = z.infer<typeof FormChatSchema>;

/** One text of the form, in the display language; never empty, so a text left out can't pass as "". */
const FormTextSchema = z.string().check(z.minLength(1), z.maxLength(600));

/**
 * Every text the form shows of its own (labels, help, buttons, placeholders, accessible names),
 * rendered by the host in VS Code's display language (src/ui/text/form.ts). The webview has no
 * English of its own: a text missing here fails the protocol, it is not filled in silently.
 * `{name}`-style placeholders are filled in by the webview (`fill` in webview-ui/strings.ts).
 */
export const FormStringsSchema = z.strictObject({
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
  providerGroups: z.strictObject({ chat: FormTextSchema, local: FormTextSchema, azure: FormTextSchema, data: FormTextSchema, custom: FormTextSchema }),
  promptflowSection: FormTextSchema,
  promptflowHelp: FormTextSchema,
  /** The collapsed section of a connection's extra headers and key header, for gateways. */
  networkSection: FormTextSchema,
  networkHelp: FormTextSchema,
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
  /** The accessible name of a key field's source picker; `{field}`: the field's label. */
  keySource: FormTextSchema,
  /** The picker's choices (src/domain/keySources.ts): a typed key, and each place a reference names. */
  keySources: z.strictObject({
    typed: FormTextSchema,
    env: FormTextSchema,
    config: FormTextSchema,
    onePassword: FormTextSchema,
    pass: FormTextSchema,
    gopass: FormTextSchema,
    hashicorp: FormTextSchema,
    azureKeyVault: FormTextSchema,
    command: FormTextSchema,
  }),
  testFailed: FormTextSchema,
  entryName: FormTextSchema,
  entryValue: FormTextSchema,
  addSecret: FormTextSchema,
  addConfig: FormTextSchema,
  addHeader: FormTextSchema,
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
});
export type FormStrings = z.infer<typeof FormStringsSchema>;

export const InitMessageSchema = z.strictObject({
  type: z.literal('init'),
  /** The form's own texts in the display language; provider descriptors come translated too. */
  strings: FormStringsSchema,
  /**
   * The display language's texts of the messages the form's local checks render (`say` in the
   * webview, English sentence -> translation); empty in English, where the sentences are used as written.
   */
  translations: z.record(z.string().check(z.maxLength(1000)), z.string().check(z.minLength(1), z.maxLength(2000))).check(z.refine((texts) => Object.keys(texts).length <= 2000, 'too many texts')),
  /** The display language (`en`, `de`, ...), for the digits and grouping of numbers in those texts. */
  language: z.string().check(z.regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/)),
  mode: z.enum(['create', 'edit']),
  providers: z.array(ProviderDescriptorSchema),
  connection: z.optional(FormConnectionSchema),
  /** Secret keys that are stored (`apiKey`, `secrets.api_key`), never their values. */
  storedSecrets: z.record(z.string(), StoredSecretSchema),
  takenAliases: z.array(z.strictObject({ alias: z.string(), name: z.string(), scope: ScopeSchema })),
  workspaceAvailable: z.boolean(),
  /**
   * The choices of the Folder field of a workspace connection: sent only when the workspace has
   * several folders (or the connection's own folder is not open, shown as such); no field otherwise.
   */
  folders: z.optional(z.array(WorkspaceFolderInfoSchema).check(z.minLength(1), z.maxLength(256))),
  /** The folder a new workspace connection starts in: the active editor's, else the first. */
  defaultFolder: z.optional(FolderUriSchema),
  /** A draft to restore (after the panel was closed with unsaved changes). */
  draft: z.optional(ConnectionInputSchema),
  /** The Chat section, for connections of chat providers. */
  chat: z.optional(FormChatSchema),
});
export type InitMessage = z.infer<typeof InitMessageSchema>;

/** What the form shows of a test: the outcome, never the model list or anything sent. */
export const FormTestResultSchema = z.extend(z.pick(TestResultSchema, { success: true, skipped: true, errorKind: true, status: true, latencyMs: true, modelCount: true }), {
  // Why it failed, in the display language (the host renders the result's message).
  errorMessage: z.optional(z.string().check(z.maxLength(600))),
});
export type FormTestResult = z.infer<typeof FormTestResultSchema>;

/** A reference as typed in a field: only text that is a reference by the grammar crosses, in either direction. */
const ReferenceTextSchema = z.string().check(z.maxLength(256), z.refine(isReference, 'not a reference'));

/**
 * Where a reference typed in a field resolves from (`→ appsettings.Development.json, OpenAI:ApiKey`)
 * or why it does not (`✗ … not found in …`): file, key or variable names only, never a value.
 */
export const ReferenceHintMessageSchema = z.strictObject({
  type: z.literal('referenceHint'),
  requestId: z.number().check(z.int()),
  field: z.string().check(z.maxLength(200)),
  reference: ReferenceTextSchema,
  ok: z.boolean(),
  text: z.string().check(z.maxLength(600)),
});
export type ReferenceHintMessage = z.infer<typeof ReferenceHintMessageSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  ReferenceHintMessageSchema,
  InitMessageSchema,
  z.strictObject({
    type: z.literal('saveResult'),
    requestId: z.number().check(z.int()),
    ok: z.boolean(),
    errors: FieldErrorsSchema,
    message: z.optional(z.string()),
  }),
  z.strictObject({
    type: z.literal('testResult'),
    requestId: z.number().check(z.int()),
    result: z.optional(FormTestResultSchema),
    errors: FieldErrorsSchema,
  }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('save'), requestId: z.number().check(z.int()), input: ConnectionInputSchema, chat: z.optional(ChatChoiceSchema) }),
  /** Test the values in the form before saving; an empty secret means "the stored one". */
  z.strictObject({ type: z.literal('test'), requestId: z.number().check(z.int()), input: ConnectionInputSchema }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('delete') }),
  /** Asks where a reference typed in a field resolves from, for the field's hint (never its value). */
  z.strictObject({ type: z.literal('resolveReference'), requestId: z.number().check(z.int()), field: z.string().check(z.maxLength(200)), reference: ReferenceTextSchema, scope: ScopeSchema, folder: z.optional(FolderUriSchema) }),
  /** Sent when the form becomes dirty or clean; `draft` leaves secret fields out. */
  z.strictObject({ type: z.literal('dirty'), dirty: z.boolean(), draft: z.optional(ConnectionInputSchema) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Parses a message; the reason names the failing paths, never the values. */
function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): ParseResult<T> {
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
    ? WebviewMessageSchema.check(
        z.superRefine((message, ctx) => {
          const folder = folderOf(message);
          if (folder !== undefined && !folders.includes(folder)) ctx.addIssue({ code: 'custom', path: ['folder'], message: 'not a folder of this workspace' });
        }),
      )
    : WebviewMessageSchema;
  return parseWith(schema, data);
}
export const parseHostMessage = (data: unknown) => parseWith(HostMessageSchema, data);
