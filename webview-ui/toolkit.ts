/**
 * The only module that knows the component library (@vscode/webview-ui-toolkit). The form asks
 * for controls through these factories and reads them through `Control`, so moving to another
 * library (for example @vscode-elements/elements) changes this file alone.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { secretInputType } from './secretDisplay';

provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeRadio(),
  vsCodeRadioGroup(),
  vsCodeTextField(),
);

/** A form control, whatever element implements it. */
export interface Control {
  readonly element: HTMLElement;
  readonly name: string;
  value(): string | boolean;
  setValue(value: string | boolean): void;
  setDisabled(disabled: boolean): void;
  setInvalid(invalid: boolean, describedBy?: string): void;
  focus(): void;
  /** Called on every user change. */
  onChange(listener: () => void): void;
}

type ValueElement = HTMLElement & { value: string; disabled: boolean; checked?: boolean; readOnly?: boolean };

function control(element: ValueElement, name: string, read: () => string | boolean, write: (v: string | boolean) => void, events: string[]): Control {
  element.setAttribute('name', name);
  return {
    element,
    name,
    value: read,
    setValue: write,
    setDisabled: (disabled) => {
      element.disabled = disabled;
      element.toggleAttribute('disabled', disabled);
    },
    setInvalid: (invalid, describedBy) => {
      element.setAttribute('aria-invalid', String(invalid));
      element.classList.toggle('invalid', invalid);
      if (describedBy) element.setAttribute('aria-describedby', describedBy);
    },
    focus: () => element.focus(),
    onChange: (listener) => events.forEach((event) => element.addEventListener(event, listener)),
  };
}

export interface TextFieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'url';
  value?: string;
  placeholder?: string;
  required?: boolean;
  readOnly?: boolean;
  maxLength?: number;
}

export function textField(options: TextFieldOptions): Control {
  if (options.type === 'password') return secretField(options);
  const element = document.createElement('vscode-text-field') as ValueElement;
  element.textContent = options.label;
  element.setAttribute('type', options.type === 'url' ? 'url' : 'text');
  if (options.placeholder) element.setAttribute('placeholder', options.placeholder);
  if (options.required) element.setAttribute('aria-required', 'true');
  if (options.readOnly) element.setAttribute('readonly', '');
  if (options.maxLength) element.setAttribute('maxlength', String(options.maxLength));
  element.setAttribute('autocomplete', 'off');
  element.setAttribute('spellcheck', 'false');
  element.value = options.value ?? '';
  return control(element, options.name, () => element.value, (v) => (element.value = String(v)), ['input']);
}

/**
 * Secret inputs are native password inputs, not the toolkit's text field: the toolkit's field is a
 * form-associated custom element that hands its value to the browser (setFormValue), and the browser
 * then keeps it in its session-restore state on disk. A native password input is never saved there.
 * While the value is a reference the input shows it as text, and masks it again once it is not.
 */
function secretField(options: TextFieldOptions): Control {
  const wrapper = document.createElement('label') as unknown as ValueElement;
  wrapper.className = 'secret-field';
  const caption = document.createElement('span');
  caption.textContent = options.label;
  const input = document.createElement('input');
  input.type = 'password';
  input.name = options.name;
  input.autocomplete = 'new-password';
  input.spellcheck = false;
  input.value = options.value ?? '';
  if (options.placeholder) input.placeholder = options.placeholder;
  if (options.required) input.setAttribute('aria-required', 'true');
  const display = () => {
    const type = secretInputType(input.value);
    if (input.type === type) return;
    // Switching the type keeps the value and the focus; keep the caret where the user is typing.
    const focused = document.activeElement === input;
    const [start, end] = [input.selectionStart, input.selectionEnd];
    input.type = type;
    if (focused && start !== null && end !== null) input.setSelectionRange(start, end);
  };
  display();
  input.addEventListener('input', display);
  wrapper.append(caption, input);
  return {
    element: wrapper,
    name: options.name,
    value: () => input.value,
    setValue: (v) => {
      input.value = String(v);
      display();
    },
    setDisabled: (disabled) => (input.disabled = disabled),
    setInvalid: (invalid, describedBy) => {
      input.setAttribute('aria-invalid', String(invalid));
      wrapper.classList.toggle('invalid', invalid);
      if (describedBy) input.setAttribute('aria-describedby', describedBy);
    },
    focus: () => input.focus(),
    onChange: (listener) => input.addEventListener('input', listener),
  };
}

export interface Choice {
  value: string;
  label: string;
}

/**
 * A dropdown; `groups` lists its choices under headings. The list has no option groups, so a
 * heading is an option that can't be chosen (skipped by the keyboard and hidden from screen
 * readers), and each choice is described by its heading instead.
 */
export function dropdown(options: { name: string; id: string; choices?: Choice[]; groups?: { heading: string; choices: Choice[] }[]; value: string }): Control {
  const element = document.createElement('vscode-dropdown') as ValueElement;
  element.id = options.id;
  const add = (choice: Choice, heading?: string): void => {
    const option = document.createElement('vscode-option') as ValueElement;
    option.setAttribute('value', choice.value);
    option.textContent = choice.label;
    if (heading) {
      option.classList.add('grouped');
      option.setAttribute('aria-describedby', heading);
    }
    if (choice.value === options.value) option.setAttribute('selected', '');
    element.append(option);
  };
  for (const choice of options.choices ?? []) add(choice);
  for (const [index, group] of (options.groups ?? []).entries()) {
    const heading = document.createElement('vscode-option') as ValueElement;
    heading.className = 'group-heading';
    heading.id = `${options.id}-group-${index}`;
    heading.textContent = group.heading;
    heading.setAttribute('disabled', '');
    heading.setAttribute('aria-hidden', 'true');
    element.append(heading);
    for (const choice of group.choices) add(choice, heading.id);
  }
  element.value = options.value;
  return control(element, options.name, () => element.value, (v) => (element.value = String(v)), ['change']);
}

export function radioGroup(options: { name: string; label: string; choices: { value: string; label: string; disabled?: boolean }[]; value: string }): Control {
  const element = document.createElement('vscode-radio-group') as ValueElement;
  const label = document.createElement('label');
  label.slot = 'label';
  label.textContent = options.label;
  element.append(label);
  for (const choice of options.choices) {
    const radio = document.createElement('vscode-radio') as ValueElement;
    radio.setAttribute('value', choice.value);
    radio.textContent = choice.label;
    if (choice.disabled) radio.setAttribute('disabled', '');
    if (choice.value === options.value) radio.setAttribute('checked', '');
    element.append(radio);
  }
  element.value = options.value;
  return control(element, options.name, () => element.value, (v) => (element.value = String(v)), ['change']);
}

export function checkbox(options: { name: string; label: string; checked: boolean }): Control {
  const element = document.createElement('vscode-checkbox') as ValueElement;
  element.textContent = options.label;
  element.checked = options.checked;
  if (options.checked) element.setAttribute('checked', '');
  return control(element, options.name, () => element.checked === true, (v) => (element.checked = v === true), ['change']);
}

export function button(options: { label: string; appearance?: 'primary' | 'secondary' | 'icon'; ariaLabel?: string; onClick: () => void }): HTMLElement & { disabled: boolean } {
  const element = document.createElement('vscode-button') as HTMLElement & { disabled: boolean };
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  element.textContent = options.label;
  if (options.ariaLabel) element.setAttribute('aria-label', options.ariaLabel);
  element.addEventListener('click', () => {
    if (!element.disabled) options.onClick();
  });
  return element;
}
