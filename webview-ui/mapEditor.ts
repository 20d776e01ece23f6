/** Name/value rows for a custom connection's configs or secrets (promptflow's `configs` and `secrets`), or a connection's extra headers. */
import type { FieldDescriptor } from '../src/domain/providers/descriptor';
import { HEADERS_FIELD } from '../src/domain/providers/network';
import { mapEntries } from './formState';
import { errorSlot, help } from './layout';
import { fill, type FormStrings } from './strings';
import { button, textField, type Control } from './toolkit';

/** Example entry names, as promptflow connection files spell them: keys, not words. */
const SECRET_NAME_EXAMPLE = 'api_key';
const CONFIG_NAME_EXAMPLE = 'endpoint';

interface MapRow {
  key: Control;
  value: Control;
}

export class MapEditor {
  readonly element: HTMLFieldSetElement;
  private readonly rows: MapRow[] = [];
  private readonly list: HTMLElement;
  private created = 0;

  /**
   * `storedSecretNames`: secret entries already stored; their values are never sent here, so they
   * show empty with a placeholder and are kept when left empty.
   */
  constructor(
    private readonly field: FieldDescriptor,
    initial: unknown,
    storedSecretNames: string[],
    private readonly strings: FormStrings,
    private readonly onChange: () => void,
  ) {
    this.element = document.createElement('fieldset');
    this.element.className = 'map';
    this.element.dataset.field = field.key;
    const legend = document.createElement('legend');
    legend.textContent = field.label;
    this.list = document.createElement('div');
    this.list.className = 'map-rows';
    if (field.secret) for (const name of storedSecretNames) this.addRow(name, '', true);
    else if (initial && typeof initial === 'object') for (const [key, value] of Object.entries(initial as Record<string, string>)) this.addRow(key, value);
    if (this.rows.length === 0) this.addRow();
    const add = button({
      label: field.key === HEADERS_FIELD ? strings.addHeader : field.secret ? strings.addSecret : strings.addConfig,
      onClick: () => {
        this.addRow().key.focus();
        this.onChange();
      },
    });
    this.element.append(legend, help(field.key, field.help), this.list, add, errorSlot(field.key));
  }

  /** The entries typed, leaving out rows with neither a name nor a value (see `mapEntries`). */
  entries(): Record<string, string> {
    return mapEntries(this.rows.map((row) => ({ key: String(row.key.value()), value: String(row.value.value()) })));
  }

  focus(): void {
    this.rows[0]?.key.focus();
  }

  /** A row's value control by its name (`configs[2].value`), for the reference hint beneath it. */
  valueControl(name: string): Control | undefined {
    return this.rows.find((row) => row.value.name === name)?.value;
  }

  private addRow(key = '', value = '', storedSecret = false): MapRow {
    const index = this.created++;
    const element = document.createElement('div');
    element.className = 'map-row';
    const row: MapRow = {
      key: textField({ name: `${this.field.key}[${index}].key`, label: this.strings.entryName, value: key, placeholder: this.field.placeholder ?? (this.field.secret ? SECRET_NAME_EXAMPLE : CONFIG_NAME_EXAMPLE) }),
      value: textField({
        name: `${this.field.key}[${index}].value`,
        label: this.strings.entryValue,
        type: this.field.secret ? 'password' : 'text',
        value,
        placeholder: storedSecret ? this.strings.storedPlaceholder : '',
      }),
    };
    const remove = button({
      label: '✕',
      appearance: 'icon',
      ariaLabel: fill(this.strings.removeEntry, { field: this.field.label }),
      onClick: () => {
        this.rows.splice(this.rows.indexOf(row), 1);
        element.remove();
        this.onChange();
      },
    });
    element.append(row.key.element, row.value.element, remove);
    // Where a reference typed as the value resolves from (see ConnectionForm.requestHints).
    const hint = document.createElement('div');
    hint.className = 'reference-hint map-hint';
    hint.dataset.hintFor = `${this.field.key}[${index}].value`;
    hint.setAttribute('aria-live', 'polite');
    element.append(hint);
    this.rows.push(row);
    this.list.append(element);
    return row;
  }
}
