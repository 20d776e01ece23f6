/**
 * The only module that knows the component library (@vscode/webview-ui-toolkit). The form asks
 * for controls through these factories and reads them through `Control`, so moving to another
 * library (for example @vscode-elements/elements) changes this file alone. `useToolkit` puts other
 * elements behind the same factories (the form's tests render it with native elements).
 */
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption, vsCodeRadio, vsCodeRadioGroup, vsCodeTextField } from '@vscode/webview-ui-toolkit';
import { secretInputType } from './secretDisplay';

let registered = false;

/** One of the library's elements; the library's elements are registered before the first is made. */
function toolkitElement<T extends HTMLElement = ValueElement>(tag: `vscode-${string}`): T {
  if (!registered) {
    provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeRadio(), vsCodeRadioGroup(), vsCodeTextField());
    registered = true;
  }
  return document.createElement(tag) as unknown as T;
}

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

export interface DropdownOptions {
  name: string;
  id: string;
  choices?: Choice[];
  groups?: { heading: string; choices: Choice[] }[];
  value: string;
  /** The accessible name of a dropdown without a visible label (also its tooltip). */
  ariaLabel?: string;
}

export interface RadioGroupOptions {
  name: string;
  label: string;
  choices: { value: string; label: string; disabled?: boolean }[];
  value: string;
}

export interface CheckboxOptions {
  name: string;
  label: string;
  checked: boolean;
}

export interface ButtonOptions {
  label: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  ariaLabel?: string;
  onClick: () => void;
}

/** The elements behind the controls. A key field is always the native password input (`secretField`). */
export interface Toolkit {
  textField(options: TextFieldOptions): Control;
  dropdown(options: DropdownOptions): Control;
  radioGroup(options: RadioGroupOptions): Control;
  checkbox(options: CheckboxOptions): Control;
  button(options: ButtonOptions): HTMLElement & { disabled: boolean };
  /** Whether an event's target is one of its text fields (Enter there saves the form). */
  isTextField(target: EventTarget | null): boolean;
}

let kit: Toolkit = {
  textField: toolkitTextField,
  dropdown: toolkitDropdown,
  radioGroup: toolkitRadioGroup,
  checkbox: toolkitCheckbox,
  button: toolkitButton,
  isTextField: (target) => (target as HTMLElement | null)?.tagName === 'VSCODE-TEXT-FIELD',
};

/** Puts other elements behind the factories, for every control made from then on. */
export function useToolkit(replacement: Toolkit): void {
  kit = replacement;
}

export function textField(options: TextFieldOptions): Control {
  return options.type === 'password' ? secretField(options) : kit.textField(options);
}

/** A key field's control: it can also be filled in for the person, as if they had typed. */
export interface KeyControl extends Control {
  /** Puts `text` in, tells the form as typing does (an `input` event), and selects `start` to `end` for typing over. */
  replace(text: string, start: number, end: number): void;
}

/** A key field: always the native password input (`secretField`), whatever the toolkit. */
export const keyField = (options: Omit<TextFieldOptions, 'type'>): KeyControl => secretField({ ...options, type: 'password' });

export const dropdown = (options: DropdownOptions): Control => kit.dropdown(options);
export const radioGroup = (options: RadioGroupOptions): Control => kit.radioGroup(options);
export const checkbox = (options: CheckboxOptions): Control => kit.checkbox(options);
export const button = (options: ButtonOptions): HTMLElement & { disabled: boolean } => kit.button(options);
export const isTextField = (target: EventTarget | null): boolean => kit.isTextField(target);

function toolkitTextField(options: TextFieldOptions): Control {
  const element = toolkitElement('vscode-text-field');
  element.textContent = options.label;
  element.setAttribute('type', options.type === 'url' ? 'url' : 'text');
  if (options.placeholder) element.setAttribute('placeholder', options.placeholder);
  if (options.required) element.setAttribute('aria-required', 'true');
  if (options.readOnly) element.setAttribute('readonly', '');
  if (options.maxLength) element.setAttribute('maxlength', String(options.maxLength));
  element.setAttribute('autocomplete', 'off');
  element.setAttribute('spellcheck', 'false');
  element.value = options.value ?? '';
  return control(
    element,
    options.name,
    () => element.value,
    (v) => (element.value = String(v)),
    ['input'],
  );
}

/**
 * Secret inputs are native password inputs, not the toolkit's text field: the toolkit's field is a
 * form-associated custom element that hands its value to the browser (setFormValue), and the browser
 * then keeps it in its session-restore state on disk. A native password input is never saved there.
 * While the value is a reference the input shows it as text, and masks it again once it is not.
 */
function secretField(options: TextFieldOptions): KeyControl {
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
    replace: (text, start, end) => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.focus();
      input.setSelectionRange(start, end);
    },
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
function toolkitDropdown(options: DropdownOptions): Control {
  const element = toolkitElement('vscode-dropdown');
  element.id = options.id;
  if (options.ariaLabel) {
    element.setAttribute('aria-label', options.ariaLabel);
    element.title = options.ariaLabel;
  }
  const add = (choice: Choice, heading?: string): void => {
    const option = toolkitElement('vscode-option');
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
    const heading = toolkitElement('vscode-option');
    heading.className = 'group-heading';
    heading.id = `${options.id}-group-${index}`;
    heading.textContent = group.heading;
    heading.setAttribute('disabled', '');
    heading.setAttribute('aria-hidden', 'true');
    element.append(heading);
    for (const choice of group.choices) add(choice, heading.id);
  }
  element.value = options.value;
  return control(
    element,
    options.name,
    () => element.value,
    (v) => (element.value = String(v)),
    ['change'],
  );
}

function toolkitRadioGroup(options: RadioGroupOptions): Control {
  const element = toolkitElement('vscode-radio-group');
  const label = document.createElement('label');
  label.slot = 'label';
  label.textContent = options.label;
  element.append(label);
  for (const choice of options.choices) {
    const radio = toolkitElement('vscode-radio');
    radio.setAttribute('value', choice.value);
    radio.textContent = choice.label;
    if (choice.disabled) radio.setAttribute('disabled', '');
    if (choice.value === options.value) radio.setAttribute('checked', '');
    element.append(radio);
  }
  element.value = options.value;
  return control(
    element,
    options.name,
    () => element.value,
    (v) => (element.value = String(v)),
    ['change'],
  );
}

function toolkitCheckbox(options: CheckboxOptions): Control {
  const element = toolkitElement('vscode-checkbox');
  element.textContent = options.label;
  element.checked = options.checked;
  if (options.checked) element.setAttribute('checked', '');
  return control(
    element,
    options.name,
    () => element.checked === true,
    (v) => (element.checked = v === true),
    ['change'],
  );
}

function toolkitButton(options: ButtonOptions): HTMLElement & { disabled: boolean } {
  const element = toolkitElement<HTMLElement & { disabled: boolean }>('vscode-button');
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  element.textContent = options.label;
  if (options.ariaLabel) element.setAttribute('aria-label', options.ariaLabel);
  element.addEventListener('click', () => {
    if (!element.disabled) options.onClick();
  });
  return element;
}
