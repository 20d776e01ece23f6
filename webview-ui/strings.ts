/**
 * The form's texts come from the host (`init.strings`, in VS Code's display language); the webview
 * has none of its own. `fill` puts values into a text's `{name}` placeholders.
 */
import type { FormStrings } from '../src/protocol/formProtocol';

export type { FormStrings };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** A passing test's line: `Works: 1 model, 120 ms.`, `Works: 3 models, 120 ms.`. */
export function testWorksText(strings: Pick<FormStrings, 'testWorks' | 'testWorksOne'>, count: number, ms: number): string {
  return fill(count === 1 ? strings.testWorksOne : strings.testWorks, { count, ms });
}
