import { z } from 'zod';

/** Per-model overrides from the `aiConnections.chat.modelOverrides` setting, keyed `alias/model` or `model`. */
export const ModelOverrideSchema = z
  .object({
    maxInputTokens: z.number().int().positive().optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    toolCalling: z.boolean().optional(),
    imageInput: z.boolean().optional(),
  })
  .strict();
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/** The largest token limit a user can set: as large as any model list reports. */
export const MAX_TOKENS = 100_000_000;
