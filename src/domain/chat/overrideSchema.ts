import * as z from 'zod/mini';

/** Per-model overrides from the `aiConnections.chat.modelOverrides` setting, keyed `alias/model` or `model`. */
export const ModelOverrideSchema = z.strictObject({
  maxInputTokens: z.optional(z.number().check(z.int(), z.positive())),
  maxOutputTokens: z.optional(z.number().check(z.int(), z.positive())),
  toolCalling: z.optional(z.boolean()),
  imageInput: z.optional(z.boolean()),
});
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/** The largest token limit a user can set: as large as any model list reports. */
export const MAX_TOKENS = 100_000_000;
