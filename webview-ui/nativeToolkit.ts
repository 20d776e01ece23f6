/**
 * Native elements behind the toolkit's factories (`useNativeElements`): an input, a select, radio
 * buttons, a check box and a button for each control. The form's tests render it with them under a
 * DOM shim, where the component library's elements can't run; the bundle never includes this module.
 */
import { useToolkit, type ButtonOptions, type CheckboxOptions, type Control, type DropdownOptions, type RadioGroupOptions, type TextFieldOptions, type Toolkit } from './toolkit';

type ValueElement = HTMLInputElement | HTMLSelectElement;

function control(element: HTMLElement, target: ValueElement | HTMLFieldSetElement, name: string, read: () => string | boolean, write: (v: string | boolean) => void, event: 'input' | 'change'): Control {
  return {
    element,
    name,
    value: read,
    setValue: write,
    setDisabled: (disabled) => (target.disabled = disabled),
    setInvalid: (invalid, describedBy) => {
      target.setAttribute('aria-invalid', String(invalid));
      element.classList.toggle('invalid', invalid);
      if (describedBy) target.setAttribute('aria-describedby', describedBy);
    },
    focus: () => target.focus(),
    onChange: (listener) => target.addEventListener(event, listener),
  };
}

function textField(options: TextFieldOptions): Control {
  const input = document.createElement('input');
  input.type = options.type === 'url' ? 'url' : 'text';
  input.name = options.name;
  input.dataset.textField = '';
  input.setAttribute('aria-label', options.label);
  if (options.placeholder) input.placeholder = options.placeholder;
  if (options.required) input.setAttribute('aria-required', 'true');
  if (options.readOnly) input.readOnly = true;
  if (options.maxLength) input.maxLength = options.maxLength;
  input.value = options.value ?? '';
  return control(
    input,
    input,
    options.name,
    () => input.value,
    (v) => (input.value = String(v)),
    'input',
  );
}

function dropdown(options: DropdownOptions): Control {
  const select = document.createElement('select');
  select.id = options.id;
  select.name = options.name;
  if (options.ariaLabel) select.setAttribute('aria-label', options.ariaLabel);
  const option = (choice: { value: string; label: string }) => {
    const element = document.createElement('option');
    element.value = choice.value;
    element.textContent = choice.label;
    return element;
  };
  select.append(...(options.choices ?? []).map(option));
  for (const group of options.groups ?? []) {
    const element = document.createElement('optgroup');
    element.label = group.heading;
    element.append(...group.choices.map(option));
    select.append(element);
  }
  select.value = options.value;
  return control(
    select,
    select,
    options.name,
    () => select.value,
    (v) => (select.value = String(v)),
    'change',
  );
}

function radioGroup(options: RadioGroupOptions): Control {
  const group = document.createElement('fieldset');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('name', options.name);
  const legend = document.createElement('legend');
  legend.textContent = options.label;
  group.append(legend);
  const radios = options.choices.map((choice) => {
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = options.name;
    radio.value = choice.value;
    radio.disabled = choice.disabled === true;
    radio.checked = choice.value === options.value;
    radio.setAttribute('aria-label', choice.label);
    group.append(radio);
    return radio;
  });
  const read = () => radios.find((radio) => radio.checked)?.value ?? '';
  const write = (v: string | boolean) => radios.forEach((radio) => (radio.checked = radio.value === v));
  return control(group, group, options.name, read, write, 'change');
}

function checkbox(options: CheckboxOptions): Control {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = options.name;
  input.checked = options.checked;
  input.setAttribute('aria-label', options.label);
  return control(
    input,
    input,
    options.name,
    () => input.checked,
    (v) => (input.checked = v === true),
    'change',
  );
}

function button(options: ButtonOptions): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = options.label;
  if (options.ariaLabel) element.setAttribute('aria-label', options.ariaLabel);
  element.addEventListener('click', () => {
    if (!element.disabled) options.onClick();
  });
  return element;
}

const nativeToolkit: Toolkit = {
  textField,
  dropdown,
  radioGroup,
  checkbox,
  button,
  isTextField: (target) => (target as HTMLElement | null)?.matches?.('input[data-text-field]') === true,
};

/** Makes every control from then on a native element. */
export function useNativeElements(): void {
  useToolkit(nativeToolkit);
}
