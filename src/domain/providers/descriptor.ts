import { z } from 'zod';

/**
 * A provider is data: a descriptor lists its fields and how the form shows and checks them.
 * Adding a provider is adding a descriptor to the catalog.
 */
export const FieldKindSchema = z.enum(['text', 'url', 'password', 'select', 'boolean', 'map']);
export type FieldKind = z.infer<typeof FieldKindSchema>;

/** "This field applies when field X has value Y" (for example apiKey when authMode is key). */
export const ConditionSchema = z.object({ field: z.string(), equals: z.union([z.string(), z.boolean()]) }).strict();
export type Condition = z.infer<typeof ConditionSchema>;

export const FieldDescriptorSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    label: z.string().min(1),
    kind: FieldKindSchema,
    required: z.boolean().optional(),
    /** Required only while the condition holds (and hidden while it does not). */
    when: ConditionSchema.optional(),
    default: z.union([z.string(), z.boolean()]).optional(),
    placeholder: z.string().optional(),
    help: z.string().optional(),
    options: z.array(z.object({ value: z.string(), label: z.string() }).strict()).optional(),
    /** For `map` fields: whether the entry values are secrets. */
    secret: z.boolean().optional(),
    /** For `map` fields: the fewest entries allowed. */
    minEntries: z.number().int().nonnegative().optional(),
  })
  .strict();
export type FieldDescriptor = z.infer<typeof FieldDescriptorSchema>;

/** What a provider's models can do, as Umbraco.AI lists capabilities. */
export const CapabilitySchema = z.enum(['chat', 'embedding', 'image', 'moderation', 'speechToText']);
export type Capability = z.infer<typeof CapabilitySchema>;
export const CAPABILITY_LABELS: Record<Capability, string> = {
  chat: 'Chat',
  embedding: 'Embedding',
  image: 'Image',
  moderation: 'Moderation',
  speechToText: 'Speech to text',
};

/** How the credentials go on the test request. */
export const TestAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** `Authorization: Bearer <secret>`; `optional` sends nothing when the secret is not set. */
  z.object({ kind: z.literal('bearer'), secret: z.string(), optional: z.boolean().optional() }).strict(),
  /** The secret in a header of its own (`x-api-key`, `x-goog-api-key`, `api-key`). */
  z.object({ kind: z.literal('header'), header: z.string(), secret: z.string() }).strict(),
  /** Azure: the key header, or a Microsoft Entra ID bearer token when `modeField` says `entra`. */
  z.object({ kind: z.literal('keyOrEntra'), header: z.string(), secret: z.string(), modeField: z.string(), entraScope: z.string() }).strict(),
  /** Custom connections: URL, header and secret named in the connection's own configs. */
  z.object({ kind: z.literal('fromConfigs') }).strict(),
]);

/** The wire formats of the model lists the tests read. */
export const ModelListFormatSchema = z.enum(['openai', 'anthropic', 'gemini', 'ollama', 'any']);

/**
 * The provider's own documented "list models" request, used to test a connection: it needs valid
 * credentials and costs nothing. `{field}` in the path or query is replaced by that setting.
 */
export const TestSpecSchema = z
  .object({
    /** The setting holding the base URL, and the base used when it is not set. */
    baseField: z.string().optional(),
    defaultBase: z.string().optional(),
    path: z.string(),
    query: z.record(z.string(), z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Header name -> setting key: sent only when the setting has a value (OpenAI-Organization). */
    settingHeaders: z.record(z.string(), z.string()).optional(),
    auth: TestAuthSchema,
    response: ModelListFormatSchema,
  })
  .strict();
export type TestSpec = z.infer<typeof TestSpecSchema>;

export const ProviderDescriptorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    displayName: z.string().min(1),
    /** A codicon name shown beside the provider's connections. */
    icon: z.string().min(1),
    description: z.string(),
    fields: z.array(FieldDescriptorSchema),
    capabilities: z.array(CapabilitySchema),
    test: TestSpecSchema.optional(),
  })
  .strict();
export type ProviderDescriptor = z.infer<typeof ProviderDescriptorSchema>;

export function isSecretField(field: FieldDescriptor): boolean {
  return field.kind === 'password' || (field.kind === 'map' && field.secret === true);
}

/** Whether a field applies given the other values (its `when` condition holds, or it has none). */
export function fieldApplies(field: FieldDescriptor, values: Readonly<Record<string, unknown>>, provider: ProviderDescriptor): boolean {
  if (!field.when) return true;
  const other = provider.fields.find((f) => f.key === field.when!.field);
  const value = values[field.when.field] ?? other?.default;
  return value === field.when.equals;
}
