/** Entry of the form webview: wires the host's messages to the form. */
import { parseHostMessage, type WebviewMessage } from '../src/protocol/formProtocol';
import { ConnectionForm } from './form';
import { useBundle, useNumberLocale } from '../src/ui/text/language';
import * as z from 'zod/mini';

// zod/mini sets no locale of its own (every refusal in zod's words would read "Invalid input"):
// the form's checks say what is wrong in zod's English words, as the extension host's do.
z.config(z.locales.en());

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
/** Only messages of the protocol's union can be posted. */
const post = (message: WebviewMessage): void => vscode.postMessage(message);

let form: ConnectionForm | undefined;
const root = document.getElementById('app')!;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`Ignored a message from the extension: ${parsed.reason}`);
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case 'init':
      // The form's local checks speak the display language too (`say`); in English there is nothing to configure.
      useBundle(message.translations);
      useNumberLocale(message.language);
      form = new ConnectionForm(root, message, post);
      form.render();
      break;
    case 'saveResult':
      form?.saveResult(message.requestId, message.ok, message.errors, message.message);
      break;
    case 'testResult':
      form?.testResult(message.requestId, message.result, message.errors);
      break;
    case 'referenceHint':
      form?.referenceHint(message);
      break;
  }
});

post({ type: 'ready' });
