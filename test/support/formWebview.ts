/**
 * The form webview as VS Code runs it, under happy-dom: webview-ui/main.ts with the form, its Chat
 * section and its map editors, with native elements behind the toolkit's factories (the component
 * library's elements need a browser). The test plays the host: it sends protocol messages and
 * reads what the webview posts, each checked against the protocol as the host checks it.
 *
 * The webview's modules use the DOM's types, which only webview-ui/tsconfig.json has (this program
 * checks Node code), so they are loaded untyped; the test reaches them through the protocol's
 * messages and happy-dom's own types.
 */
import assert from 'node:assert/strict';
import { Window, type HTMLElement as DomElement, type HTMLInputElement, type HTMLSelectElement } from 'happy-dom';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { InitMessageSchema, parseWebviewMessage, type HostMessage, type InitMessage, type WebviewMessage } from '../../src/protocol/formProtocol';
import { formStrings } from '../../src/ui/text/form';

const window = new Window({ url: 'https://form.webview.test/' });
const globals = globalThis as Record<string, unknown>;
// What the webview's code and the component library (loaded with toolkit.ts, never used) find as globals.
for (let source: object | null = window; source && source !== Object.prototype; source = Object.getPrototypeOf(source)) {
  for (const key of Object.getOwnPropertyNames(source)) {
    if (key in globals || key === 'constructor') continue;
    const value = (window as unknown as Record<string, unknown>)[key];
    globals[key] = typeof value === 'function' && !/^[A-Z]/.test(key) ? value.bind(window) : value;
  }
}
// Node has an Event of its own, which happy-dom's elements refuse: the events the webview makes are the page's.
globals.Event = window.Event;
globals.window = window;
globals.document = window.document;
window.document.body.innerHTML = '<div id="app"></div>';

let posted: WebviewMessage[] = [];
globals.acquireVsCodeApi = () => ({
  postMessage(data: unknown) {
    const parsed = parseWebviewMessage(data);
    assert.ok(parsed.ok, `the host would drop this message: ${parsed.ok ? '' : parsed.reason}`);
    posted.push(structuredClone(parsed.message));
  },
});

/* eslint-disable @typescript-eslint/no-require-imports -- see above: the webview's modules are loaded untyped. */
(require('../../webview-ui/nativeToolkit') as { useNativeElements(): void }).useNativeElements();
require('../../webview-ui/main');
/* eslint-enable @typescript-eslint/no-require-imports */

/** What the webview posted as it loaded, before any form: it asks the host for one. */
export const loadMessages: readonly WebviewMessage[] = posted;

/** An init message as the host sends it for a new connection (English, no workspace folders). */
export function initMessage(overrides: Partial<InitMessage> = {}): InitMessage {
  return InitMessageSchema.parse({
    type: 'init',
    strings: formStrings(),
    translations: {},
    language: 'en',
    mode: 'create',
    providers: PROVIDERS,
    storedSecrets: {},
    takenAliases: [],
    workspaceAvailable: true,
    ...overrides,
  });
}

/** Sends the webview a message from the host (through `window.postMessage`'s event, as VS Code does). */
export function hostSays(message: HostMessage): void {
  window.dispatchEvent(new window.MessageEvent('message', { data: structuredClone(message) }));
}

/** The form on the page, as a person uses it: by field names and button labels. */
export class FormPage {
  /** The messages the webview posted since the form opened. */
  readonly posted: WebviewMessage[] = [];

  constructor(init: InitMessage) {
    posted = this.posted;
    hostSays(init);
  }

  get root(): DomElement {
    return window.document.getElementById('app') as DomElement;
  }

  /** The messages of one type the webview posted. */
  sent<T extends WebviewMessage['type']>(type: T): Extract<WebviewMessage, { type: T }>[] {
    return this.posted.filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
  }

  /** The input or select of a control by its name (`alias`, `apiKey`, `configs[0].value`, `chatModel:gpt-4o`). */
  field(name: string): HTMLInputElement {
    const element = this.root.querySelector(`input[name="${window.CSS.escape(name)}"], select[name="${window.CSS.escape(name)}"]`);
    assert.ok(element, `no field ${name}`);
    return element as HTMLInputElement;
  }

  /** Types into a text field: its value becomes `text`, and it fires `input` as typing does. */
  type(name: string, text: string): void {
    const input = this.field(name);
    input.value = text;
    input.dispatchEvent(new window.Event('input', { bubbles: true }));
  }

  /** Picks a choice of a drop-down or radio group. */
  choose(name: string, value: string): void {
    const radio = this.root.querySelector(`input[type="radio"][name="${name}"][value="${value}"]`) as HTMLInputElement | null;
    if (radio) {
      radio.click();
      return;
    }
    const select = this.field(name) as unknown as HTMLSelectElement;
    select.value = value;
    select.dispatchEvent(new window.Event('change', { bubbles: true }));
  }

  /** Checks or unchecks a check box by a click, as a person would. */
  check(name: string, checked: boolean): void {
    const box = this.field(name);
    assert.equal(box.type, 'checkbox', `${name} is a check box`);
    if (box.checked !== checked) box.click();
    assert.equal(box.checked, checked, `${name} is ${checked ? 'checked' : 'unchecked'}`);
  }

  /** A button by its label. */
  button(label: string): DomElement & { disabled: boolean } {
    const found = [...this.root.querySelectorAll('button')].find((b) => b.textContent === label || b.getAttribute('aria-label') === label);
    assert.ok(found, `no button ${label}`);
    return found as unknown as DomElement & { disabled: boolean };
  }

  click(label: string): void {
    this.button(label).click();
  }

  /** Presses a key in a field (Enter to save). */
  press(name: string, key: string, modifiers: { ctrlKey?: boolean } = {}): void {
    this.field(name).dispatchEvent(new window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
  }

  /** The text of the first element the selector finds, or undefined. */
  text(selector: string): string | undefined {
    return this.root.querySelector(selector)?.textContent ?? undefined;
  }

  /** The error shown for a field (`data-error-for`). */
  error(key: string): string {
    return this.text(`[data-error-for="${key}"]`) ?? '';
  }
}
