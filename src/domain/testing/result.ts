import { z } from 'zod';

export const ErrorKindSchema = z.enum(['auth', 'notFound', 'rateLimited', 'server', 'unreachable', 'timeout', 'badResponse', 'config', 'disabled', 'cancelled']);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

/**
 * The outcome of testing one connection. Holds no secret and no header value: it is shown,
 * logged and kept across reloads. `skipped` means there was nothing to test (neither pass nor fail).
 */
export const TestResultSchema = z
  .object({
    success: z.boolean(),
    skipped: z.boolean().optional(),
    errorMessage: z.string().max(600).optional(),
    errorKind: ErrorKindSchema.optional(),
    status: z.number().int().optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    latencyMs: z.number().nonnegative(),
    modelCount: z.number().int().nonnegative().optional(),
    models: z.array(z.string().max(200)).max(2000).optional(),
    testedAt: z.iso.datetime(),
  })
  .strict();
export type TestResult = z.infer<typeof TestResultSchema>;

/** Short form for the tree and the status bar tooltip: `✓ 240 ms`, `✗ auth`, `– not tested`. */
export function resultBadge(result: TestResult): string {
  if (result.skipped) return '– no test';
  if (result.success) return `✓ ${Math.round(result.latencyMs)} ms`;
  return `✗ ${result.errorKind ?? 'failed'}`;
}
