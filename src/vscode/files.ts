import * as vscode from 'vscode';
import type { FilePorts } from '../ui/ports';
import { inputBox } from './ui';

/** Files and text input for import and export, on VS Code's workspace file system and input box. */
export const vscodeFiles: FilePorts = {
  uriOf: (arg) => (arg instanceof vscode.Uri ? arg.toString() : undefined),
  nameOf: (uri) => vscode.Uri.parse(uri).path.split('/').pop() || uri,
  async pickOpenFile(options) {
    const picked = await vscode.window.showOpenDialog({ title: options.title, canSelectMany: false, canSelectFolders: false, filters: options.filters, openLabel: vscode.l10n.t('Import') });
    return picked?.[0]?.toString();
  },
  async pickSaveFile(options) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, options.defaultName) : undefined;
    const picked = await vscode.window.showSaveDialog({ title: options.title, filters: options.filters, saveLabel: vscode.l10n.t('Export'), ...(defaultUri ? { defaultUri } : {}) });
    return picked?.toString();
  },
  readFile: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
  writeFile: async (uri, text) => vscode.workspace.fs.writeFile(vscode.Uri.parse(uri), new TextEncoder().encode(text)),
  async openFile(uri) {
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false });
  },
  input: inputBox,
};
