/** Layout pieces of the form: a labelled row with its help and its error slot. */
import type { Control } from './toolkit';

export function help(key: string, text?: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'help';
  element.id = `help-${key}`;
  element.textContent = text ?? '';
  return element;
}

/** Where a field's error shows (`data-error-for` = the field's key). */
export function errorSlot(key: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'error';
  element.id = `error-${key}`;
  element.dataset.errorFor = key;
  element.setAttribute('aria-live', 'polite');
  return element;
}

export function note(text: string): HTMLElement {
  const element = document.createElement('p');
  element.className = 'note';
  element.textContent = text;
  return element;
}

/** A field row: optional label, the control, its help and its error, tied together for screen readers. */
export function row(key: string, label: string | undefined, control: Control, helpText?: string, labelFor?: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'row';
  if (label) {
    const caption = document.createElement('label');
    caption.textContent = label;
    if (labelFor) caption.htmlFor = labelFor;
    caption.className = 'label';
    element.append(caption);
  }
  element.append(control.element);
  if (helpText) element.append(help(key, helpText));
  element.append(errorSlot(key));
  control.setInvalid(false, `${helpText ? `help-${key} ` : ''}error-${key}`);
  return element;
}
