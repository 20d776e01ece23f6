import { z } from 'zod';

/** The documented shapes of each provider's model list, reduced to the model ids. */
const openAiList = z.object({ data: z.array(z.object({ id: z.string() }).loose()) }).loose();
/** Together AI's `/v1/models` answers with the entries themselves, not wrapped in `data`. */
const togetherList = z.array(z.object({ id: z.string() }).loose());
const anthropicList = z.object({ data: z.array(z.object({ id: z.string(), type: z.string().optional() }).loose()) }).loose();
const geminiList = z.object({ models: z.array(z.object({ name: z.string() }).loose()).optional() }).loose();
const ollamaTags = z.object({ models: z.array(z.object({ name: z.string() }).loose()) }).loose();

/** The shape a test expects; a message names it in words (src/ui/text/testing.ts). */
export type ModelListFormat = 'openai' | 'together' | 'anthropic' | 'gemini' | 'ollama' | 'any';

/** The model ids in a response body, or undefined when it is not the documented shape. */
export function parseModelList(format: ModelListFormat, body: unknown): string[] | undefined {
  switch (format) {
    case 'openai': {
      const parsed = openAiList.safeParse(body);
      return parsed.success ? parsed.data.data.map((m) => m.id) : undefined;
    }
    case 'together': {
      const parsed = togetherList.safeParse(body);
      return parsed.success ? parsed.data.map((m) => m.id) : undefined;
    }
    case 'anthropic': {
      const parsed = anthropicList.safeParse(body);
      return parsed.success ? parsed.data.data.map((m) => m.id) : undefined;
    }
    case 'gemini': {
      const parsed = geminiList.safeParse(body);
      return parsed.success ? (parsed.data.models ?? []).map((m) => m.name.replace(/^models\//, '')) : undefined;
    }
    case 'ollama': {
      const parsed = ollamaTags.safeParse(body);
      return parsed.success ? parsed.data.models.map((m) => m.name) : undefined;
    }
    case 'any':
      return [];
  }
}
