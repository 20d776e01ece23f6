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

export const ProviderDescriptorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    displayName: z.string().min(1),
    /** A codicon name shown beside the provider's connections. */
    icon: z.string().min(1),
    description: z.string(),
    fields: z.array(FieldDescriptorSchema),
  })
  .strict();
export type ProviderDescriptor = z.infer<typeof ProviderDescriptorSchema>;

export function isSecretField(field: FieldDescriptor): boolean {
  return field.kind === 'password' || (field.kind === 'map' && field.secret === true);
}

export type FieldValue = string | boolean | Record<string, string>;
export type FieldValues = Record<string, FieldValue | undefined>;

/** Whether a field applies given the other values (its `when` condition holds, or it has none). */
export function fieldApplies(field: FieldDescriptor, values: Readonly<Record<string, unknown>>, provider: ProviderDescriptor): boolean {
  if (!field.when) return true;
  const other = provider.fields.find((f) => f.key === field.when!.field);
  const value = values[field.when.field] ?? other?.default;
  return value === field.when.equals;
}
