import * as vscode from 'vscode';
import type { FormViewFactory } from '../../ui/form/connectionForms';
import { formHtml, formWebviewOptions } from './formHtml';

/** Form views as webview panels in the editor area. */
export function webviewForms(extensionUri: vscode.Uri): FormViewFactory {
  return {
    create: (title, events) => {
      const panel = vscode.window.createWebviewPanel('aiConnections.form', title, vscode.ViewColumn.Active, formWebviewOptions(extensionUri));
      panel.iconPath = {
        light: vscode.Uri.joinPath(extensionUri, 'media', 'connections-light.svg'),
        dark: vscode.Uri.joinPath(extensionUri, 'media', 'connections-dark.svg'),
      };
      panel.webview.html = formHtml(panel.webview, extensionUri, title);
      const subscriptions = [
        panel.webview.onDidReceiveMessage((data: unknown) => events.receive(data)),
        panel.onDidDispose(() => {
          for (const subscription of subscriptions) subscription.dispose();
          events.closed();
        }),
      ];
      return {
        post: (message) => void panel.webview.postMessage(message),
        reveal: () => panel.reveal(),
        dispose: () => panel.dispose(),
      };
    },
  };
}
