import * as z from 'zod/mini';

/**
 * A provider is data: a descriptor lists its fields and how the form shows and checks them.
 * Adding a provider is adding a descriptor to the catalog.
 */
const FieldKindSchema = z.enum(['text', 'url', 'password', 'select', 'boolean', 'map']);

/** "This field applies when field X has value Y" (for example apiKey when authMode is key). */
const ConditionSchema = z.strictObject({ field: z.string(), equals: z.union([z.string(), z.boolean()]) });

export const FieldDescriptorSchema = z.strictObject({
  key: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]*$/)),
  label: z.string().check(z.minLength(1)),
  kind: FieldKindSchema,
  required: z.optional(z.boolean()),
  /** Required only while the condition holds (and hidden while it does not). */
  when: z.optional(ConditionSchema),
  default: z.optional(z.union([z.string(), z.boolean()])),
  placeholder: z.optional(z.string()),
  help: z.optional(z.string()),
  /** Values of the `{name}` placeholders in `help` (names of this provider's own, such as `ANTHROPIC_API_KEY`). */
  helpArgs: z.optional(z.record(z.string().check(z.regex(/^[a-z]+$/)), z.string())),
  /**
   * A field only promptflow files use: the form keeps it in a collapsed "promptflow" section; a
   * network setting (extra headers, the key header) in a collapsed "Network" section.
   */
  section: z.optional(z.enum(['promptflow', 'network'])),
  options: z.optional(z.array(z.strictObject({ value: z.string(), label: z.string() }))),
  /** For `map` fields: whether the entry values are secrets. */
  secret: z.optional(z.boolean()),
  /** For text fields: the most characters, where more than a setting's usual limit is expected (pasted certificates). */
  maxLength: z.optional(z.number().check(z.int(), z.positive())),
  /** For `map` fields: the fewest entries allowed. */
  minEntries: z.optional(z.number().check(z.int(), z.nonnegative())),
});
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
const TestAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** `Authorization: Bearer <secret>`; `optional` sends nothing when the secret is not set. */
  z.strictObject({ kind: z.literal('bearer'), secret: z.string(), optional: z.optional(z.boolean()) }),
  /** The secret in a header of its own (`x-api-key`, `x-goog-api-key`, `api-key`). */
  z.strictObject({ kind: z.literal('header'), header: z.string(), secret: z.string() }),
  /** Azure: the key header, or a Microsoft Entra ID bearer token when `modeField` says `entra`. */
  z.strictObject({ kind: z.literal('keyOrEntra'), header: z.string(), secret: z.string(), modeField: z.string(), entraScope: z.string() }),
  /** Custom connections: URL, header and secret named in the connection's own configs. */
  z.strictObject({ kind: z.literal('fromConfigs') }),
]);

/** The wire formats of the model lists the tests read. */
const ModelListFormatSchema = z.enum(['openai', 'together', 'anthropic', 'gemini', 'ollama', 'any']);

/**
 * The provider's own documented "list models" request, used to test a connection: it needs valid
 * credentials and costs nothing. `{field}` in the path or query is replaced by that setting.
 */
export const TestSpecSchema = z.strictObject({
  /** The setting holding the base URL, and the base used when it is not set. */
  baseField: z.optional(z.string()),
  defaultBase: z.optional(z.string()),
  path: z.string(),
  query: z.optional(z.record(z.string(), z.string())),
  headers: z.optional(z.record(z.string(), z.string())),
  /** Header name -> setting key: sent only when the setting has a value (OpenAI-Organization). */
  settingHeaders: z.optional(z.record(z.string(), z.string())),
  /**
   * Header name -> a secret of the connection (`bearer`: sent as `Bearer <secret>`): sent only when
   * the secret is set, resolved and scrubbed like the key (a gateway's own token, Portkey's virtual key).
   */
  secretHeaders: z.optional(z.record(z.string(), z.strictObject({ secret: z.string(), scheme: z.optional(z.literal('bearer')) }))),
  auth: TestAuthSchema,
  response: ModelListFormatSchema,
  /**
   * The provider has no free request to test with (no model list): the spec says only where its
   * requests go and how they carry credentials, and a connection test is skipped.
   */
  noTest: z.optional(z.literal(true)),
});
export type TestSpec = z.infer<typeof TestSpecSchema>;

/** The groups of the form's Provider list, in the order they are shown. */
export const ProviderGroupSchema = z.enum(['chat', 'local', 'azure', 'data', 'custom']);
export type ProviderGroup = z.infer<typeof ProviderGroupSchema>;
export const PROVIDER_GROUP_LABELS: Record<ProviderGroup, string> = {
  chat: 'Chat model providers',
  local: 'Model servers on your machine',
  azure: 'Azure AI services',
  data: 'Search and data',
  custom: 'Custom',
};

export const ProviderDescriptorSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)),
  displayName: z.string().check(z.minLength(1)),
  /** Where the provider is listed in the form's Provider list. */
  group: ProviderGroupSchema,
  /** A codicon name shown beside the provider's connections. */
  icon: z.string().check(z.minLength(1)),
  description: z.string(),
  fields: z.array(FieldDescriptorSchema),
  capabilities: z.array(CapabilitySchema),
  test: z.optional(TestSpecSchema),
});
export type ProviderDescriptor = z.infer<typeof ProviderDescriptorSchema>;

export function isSecretField(field: FieldDescriptor): boolean {
  return field.kind === 'password' || (field.kind === 'map' && field.secret === true);
}

/** A field's help with its `{name}` placeholders filled in (English; the UI translates first, then fills). */
export function fieldHelp(field: FieldDescriptor): string | undefined {
  if (field.help === undefined) return undefined;
  const args = field.helpArgs ?? {};
  return field.help.replace(/\{([a-z]+)\}/g, (whole, name: string) => args[name] ?? whole);
}

/** The providers by group, groups in their order and providers in catalog order; empty groups left out. */
export function groupProviders<P extends Pick<ProviderDescriptor, 'group'>>(providers: readonly P[]): { group: ProviderGroup; providers: P[] }[] {
  return ProviderGroupSchema.options.map((group) => ({ group, providers: providers.filter((p) => p.group === group) })).filter((g) => g.providers.length > 0);
}

interface FormSections {
  main: FieldDescriptor[];
  promptflow: FieldDescriptor[];
  promptflowOpen: boolean;
  network: FieldDescriptor[];
  networkOpen: boolean;
}

/**
 * The fields of the form's main part and of its collapsed promptflow and Network sections, in
 * catalog order. A section opens by itself when one of its fields holds a value other than its
 * default (`storedKeys`: the secrets stored, such as `headers.X-Gateway-Key`, count as values).
 */
export function formSections(provider: ProviderDescriptor, values: Readonly<Record<string, unknown>> = {}, storedKeys: readonly string[] = []): FormSections {
  const main = provider.fields.filter((f) => f.section === undefined);
  const promptflow = provider.fields.filter((f) => f.section === 'promptflow');
  const network = provider.fields.filter((f) => f.section === 'network');
  const holds = (f: FieldDescriptor): boolean => {
    const value = values[f.key];
    if (value === undefined || value === '' || value === f.default) return false;
    return typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : true;
  };
  const stored = (f: FieldDescriptor): boolean => storedKeys.some((k) => k === f.key || k.startsWith(`${f.key}.`));
  return { main, promptflow, promptflowOpen: promptflow.some(holds), network, networkOpen: network.some((f) => holds(f) || stored(f)) };
}

/** Whether a field applies given the other values (its `when` condition holds, or it has none). */
export function fieldApplies(field: FieldDescriptor, values: Readonly<Record<string, unknown>>, provider: ProviderDescriptor): boolean {
  if (!field.when) return true;
  const other = provider.fields.find((f) => f.key === field.when!.field);
  const value = values[field.when.field] ?? other?.default;
  return value === field.when.equals;
}
