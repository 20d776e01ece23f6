import * as vscode from 'vscode';
import type { ReferenceFiles } from '../domain/resolution/resolver';

/**
 * The files references read, through workspace.fs: those of the workspace's first folder (the
 * folder of workspace connections). Undefined without a folder.
 */
export function workspaceReferenceFiles(): ReferenceFiles | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return {
    read: async (name) => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name));
        return new TextDecoder('utf-8').decode(bytes);
      } catch (error) {
        if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound')) return undefined;
        throw error;
      }
    },
  };
}

/** Calls `onChange` (debounced) when appsettings*.json or .env of the first folder is created, changed or deleted. */
export function watchReferenceFiles(onChange: () => void, delayMs = 300): vscode.Disposable {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { dispose: () => undefined };
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{appsettings*.json,.env}'));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, delayMs);
  };
  const subscriptions = [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}
