import * as vscode from 'vscode';
import type { WorkspaceFolderInfo } from '../domain/folders';
import type { ReferenceFiles } from '../domain/resolution/resolver';

/** The open workspace folders, named by their URI strings (what a workspace connection stores). */
export function workspaceFolders(): WorkspaceFolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ uri: folder.uri.toString(), name: folder.name }));
}

/** The files references read in one workspace folder, through workspace.fs. */
export function folderReferenceFiles(folder: WorkspaceFolderInfo): ReferenceFiles {
  const root = vscode.Uri.parse(folder.uri, true);
  return {
    read: async (name) => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, name));
        return new TextDecoder('utf-8').decode(bytes);
      } catch (error) {
        if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound')) return undefined;
        throw error;
      }
    },
  };
}

/**
 * Calls `onChange` (debounced) when appsettings*.json or .env of any workspace folder is created,
 * changed or deleted, and when folders are added to or removed from the workspace (the watchers
 * follow them).
 */
export function watchReferenceFiles(onChange: () => void, delayMs = 300): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, delayMs);
  };
  let watchers: vscode.Disposable[] = [];
  const watchAll = () => {
    for (const w of watchers) w.dispose();
    watchers = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{appsettings*.json,.env}'));
      return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
    });
  };
  watchAll();
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => {
    watchAll();
    changed();
  });
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      folders.dispose();
      for (const w of watchers) w.dispose();
    },
  };
}
