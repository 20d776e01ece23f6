/**
 * The source picker beside a key field: a typed key, or where a reference finds it (the
 * environment, appsettings.json, a vault, a key command). Choosing a source puts its template into
 * the field with the part to replace selected, as if typed; the picker follows what is typed. It
 * holds only the source's name, never the field's value.
 */
import { KEY_SOURCES, keySourceOf, keySourceTemplate, type KeyExamples } from '../src/domain/keySources';
import { fill, type FormStrings } from './strings';
import { dropdown, type KeyControl } from './toolkit';

export function keySourcePicker(key: string, label: string, field: KeyControl, examples: KeyExamples, strings: Pick<FormStrings, 'keySource' | 'keySources'>): HTMLElement {
  const current = () => keySourceOf(String(field.value()));
  const picker = dropdown({
    name: `keySource:${key}`,
    id: `keySource-${key}`,
    choices: KEY_SOURCES.map((source) => ({ value: source, label: strings.keySources[source] })),
    value: current(),
    ariaLabel: fill(strings.keySource, { field: label }),
  });
  picker.element.classList.add('key-source');
  picker.onChange(() => {
    const source = KEY_SOURCES.find((s) => s === picker.value());
    if (source === undefined) return;
    if (source === 'typed') {
      // A reference gives way to an empty field; a key already typed stays.
      if (current() !== 'typed') field.replace('', 0, 0);
      else field.focus();
      return;
    }
    if (source === current()) return;
    const template = keySourceTemplate(source, examples);
    field.replace(template.text, template.start, template.end);
  });
  field.onChange(() => picker.setValue(current()));
  return picker.element;
}
