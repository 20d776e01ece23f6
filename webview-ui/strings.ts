/**
 * The form's texts come from the host (`init.strings`, in VS Code's display language); the webview
 * has none of its own. `fill` puts values into a text's `{name}` placeholders.
 */
import type { FormStrings, FormTestResult } from '../src/protocol/formProtocol';

export type { FormStrings };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** A passing test's line: `Works: 1 model, 120 ms.`, `Works: 3 models, 120 ms.`. */
export function testWorksText(strings: Pick<FormStrings, 'testWorks' | 'testWorksOne'>, count: number, ms: number): string {
  return fill(count === 1 ? strings.testWorksOne : strings.testWorks, { count, ms });
}

/** A test's line under the buttons, and its outcome (the line's class): passed, skipped or failed. */
export function testResultLine(strings: FormStrings, result: FormTestResult): { outcome: 'passed' | 'skipped' | 'failed'; text: string } {
  if (result.success) return { outcome: 'passed', text: `✓ ${testWorksText(strings, result.modelCount ?? 0, Math.round(result.latencyMs))}` };
  if (result.skipped) return { outcome: 'skipped', text: `– ${result.errorMessage ?? strings.nothingToTest}` };
  return { outcome: 'failed', text: `✗ ${result.errorMessage ?? result.errorKind ?? strings.testFailed}` };
}
