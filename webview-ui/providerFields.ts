/**
 * The chosen provider's fields in the connection form: their rows (and the promptflow section),
 * the name/value editors of map fields, which fields show (their `when` conditions), and beside each
 * key field the host the key is sent to.
 */
import type { Connection, ConnectionInput } from '../src/domain/connection';
import { destinationText, requestTarget, urlHost } from '../src/domain/destination';
import { fieldApplies, formSections, type FieldDescriptor, type ProviderDescriptor } from '../src/domain/providers/descriptor';
import { PASSPHRASE_FIELD, PROXY_PASSWORD_FIELD, PROXY_URL_FIELD } from '../src/domain/providers/network';
import { isReference } from '../src/domain/references';
import type { InitMessage } from '../src/protocol/formProtocol';
import { fieldValues, type FormReading } from './formState';
import { note, row } from './layout';
import { MapEditor } from './mapEditor';
import { fill } from './strings';
import { keySourcePicker } from './keySource';
import { checkbox, dropdown, keyField, textField, type Control, type KeyControl } from './toolkit';

/** Secrets used here and sent nowhere: no "sent to" line beside them (the client key's passphrase opens the key file). */
const NOT_SENT: ReadonlySet<string> = new Set([PASSPHRASE_FIELD]);

export class ProviderFields {
  readonly element: HTMLElement;
  private readonly controls = new Map<string, Control>();
  private readonly maps = new Map<string, MapEditor>();
  private provider: ProviderDescriptor | undefined;

  constructor(
    private readonly init: Pick<InitMessage, 'strings' | 'storedSecrets'>,
    private readonly onChange: () => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'provider-fields';
  }

  /** Shows a provider's fields with the values given (field key -> value). */
  render(provider: ProviderDescriptor, initial: Record<string, unknown>): void {
    this.provider = provider;
    this.controls.clear();
    this.maps.clear();
    this.element.replaceChildren();
    const description = document.createElement('p');
    description.className = 'provider-description';
    description.textContent = provider.description;
    this.element.append(description);
    const fieldElement = (field: FieldDescriptor) => (field.kind === 'map' ? this.mapEditor(field, initial[field.key]) : this.fieldRow(field, initial[field.key]));
    const sections = formSections(provider, initial, Object.keys(this.init.storedSecrets));
    this.element.append(...sections.main.map(fieldElement));
    const { strings } = this.init;
    // Fields only promptflow files use, and the network settings for gateways: out of the way unless one holds a value.
    if (sections.promptflow.length > 0) this.element.append(section('promptflow', strings.promptflowSection, strings.promptflowHelp, sections.promptflowOpen, sections.promptflow.map(fieldElement)));
    if (sections.network.length > 0) this.element.append(section('network', strings.networkSection, strings.networkHelp, sections.networkOpen, sections.network.map(fieldElement)));
    this.applyConditions();
  }

  /** What the fields' controls hold: values by field key, map entries by field key. */
  reading(): Pick<FormReading, 'fields' | 'maps'> {
    const fields: FormReading['fields'] = {};
    for (const [key, control] of this.controls) fields[key] = control.value();
    const maps: FormReading['maps'] = {};
    for (const [key, map] of this.maps) maps[key] = map.entries();
    return { fields, maps };
  }

  /** A field's control (or map editor), to mark it and focus it. */
  control(key: string): Control | undefined {
    return this.controls.get(key);
  }

  map(key: string): MapEditor | undefined {
    return this.maps.get(key);
  }

  /** The control whose value a reference hint is about: a field's, or a map row's value (`configs[2].value`). */
  hintControl(name: string): Control | undefined {
    return this.controls.get(name) ?? [...this.maps.values()].map((map) => map.valueControl(name)).find((c) => c !== undefined);
  }

  /** Shows or hides fields whose `when` condition depends on other values (Azure's key vs Entra). */
  applyConditions(): void {
    const provider = this.provider;
    if (!provider) return;
    const values = fieldValues(provider, this.reading());
    for (const field of provider.fields) {
      const element = this.element.querySelector<HTMLElement>(`[data-field="${field.key}"]`);
      if (element) element.hidden = !fieldApplies(field, values, provider);
    }
    this.showDestinations(provider, values);
  }

  /** Beside each key field, live: the host the key will be sent to (or the reference naming it); the proxy's for the proxy password. */
  private showDestinations(provider: ProviderDescriptor, values: ConnectionInput['values']): void {
    const server = destinationText(requestTarget({ providerId: provider.id, settings: values as Connection['settings'] }));
    const proxyUrl = typeof values[PROXY_URL_FIELD] === 'string' ? values[PROXY_URL_FIELD].trim() : '';
    const proxy = isReference(proxyUrl) ? proxyUrl : urlHost(proxyUrl);
    const { strings } = this.init;
    for (const slot of this.element.querySelectorAll<HTMLElement>('[data-destination-for]')) {
      const where = slot.dataset.destinationFor === PROXY_PASSWORD_FIELD ? proxy : server;
      slot.textContent = where === undefined ? '' : fill(isReference(where) ? strings.sentToReference : strings.sentTo, { host: where });
    }
  }

  private fieldRow(field: FieldDescriptor, initial: unknown): HTMLElement {
    const key = field.kind === 'password' ? this.keyControl(field, initial) : undefined;
    const control = key ?? this.fieldControl(field, initial);
    this.controls.set(field.key, control);
    const element = row(field.key, field.kind === 'select' ? field.label : undefined, control, field.help, field.kind === 'select' ? field.key : undefined);
    element.dataset.field = field.key;
    if (field.kind === 'text' || field.kind === 'url' || field.kind === 'password') {
      const hint = document.createElement('div');
      hint.className = 'reference-hint';
      hint.id = `hint-${field.key}`;
      hint.dataset.hintFor = field.key;
      hint.setAttribute('aria-live', 'polite');
      element.insertBefore(hint, element.querySelector('.error'));
    }
    if (key) {
      // Beside the key's input: where the key comes from (a typed key, the environment, a vault…).
      const input = document.createElement('div');
      input.className = 'key-input';
      control.element.replaceWith(input);
      input.append(control.element, keySourcePicker(field.key, field.label, key, field.helpArgs ?? {}, this.init.strings));
    }
    if (key && !NOT_SENT.has(field.key)) {
      const sentTo = document.createElement('div');
      sentTo.className = 'destination';
      sentTo.dataset.destinationFor = field.key;
      sentTo.setAttribute('aria-live', 'polite');
      element.insertBefore(sentTo, element.querySelector('.error'));
    }
    return element;
  }

  private keyControl(field: FieldDescriptor, initial: unknown): KeyControl {
    const stored = this.init.storedSecrets[field.key];
    return keyField({
      name: field.key,
      label: field.label,
      // A stored reference is shown as typed (as text, as any reference typed here); a stored literal never reaches the webview.
      value: stored?.reference ?? (typeof initial === 'string' ? initial : ''),
      placeholder: stored ? this.init.strings.storedPlaceholder : field.placeholder,
      required: field.required,
    });
  }

  private fieldControl(field: FieldDescriptor, initial: unknown): Control {
    switch (field.kind) {
      case 'select': {
        const control = dropdown({ name: field.key, id: field.key, choices: field.options ?? [], value: String(initial ?? field.options?.[0]?.value ?? '') });
        control.onChange(() => this.applyConditions());
        return control;
      }
      case 'boolean':
        return checkbox({ name: field.key, label: field.label, checked: initial === true });
      default:
        return textField({ name: field.key, label: field.label, type: field.kind === 'url' ? 'url' : 'text', value: typeof initial === 'string' ? initial : '', placeholder: field.placeholder, required: field.required });
    }
  }

  private mapEditor(field: FieldDescriptor, initial: unknown): HTMLElement {
    const stored = Object.keys(this.init.storedSecrets)
      .filter((k) => k.startsWith(`${field.key}.`))
      .map((k) => k.slice(field.key.length + 1));
    const editor = new MapEditor(field, initial, stored, this.init.strings, this.onChange);
    this.maps.set(field.key, editor);
    return editor.element;
  }
}

/** A collapsed section of the form: its heading, a note, and its fields' rows. */
function section(name: string, heading: string, help: string, open: boolean, rows: HTMLElement[]): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = `section ${name}`;
  details.open = open;
  const summary = document.createElement('summary');
  summary.textContent = heading;
  details.append(summary, note(help), ...rows);
  return details;
}
