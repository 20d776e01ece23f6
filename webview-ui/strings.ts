/**
 * The form's texts come from the host (`init.strings`, in VS Code's display language); the webview
 * has none of its own. `fill` puts values into a text's `{name}` placeholders.
 */
export type { FormStrings } from '../src/protocol/formProtocol';

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
