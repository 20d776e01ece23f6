import * as vscode from 'vscode';
import type { WorkspaceFolderInfo } from '../domain/folders';
import { ReferenceFileRefused, type ReferenceFiles } from '../domain/resolution/resolver';
import { MAX_FOLDER_FILE_BYTES, readFolderFile } from '../platform/folderFiles';

/** The open workspace folders, named by their URI strings (what a workspace connection stores). */
export function workspaceFolders(): WorkspaceFolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ uri: folder.uri.toString(), name: folder.name }));
}

/**
 * The files references read in one workspace folder: only the folder's own regular files of at
 * most 1 MB. On disk, through `readFolderFile` (links resolved and checked); in a virtual
 * workspace, through workspace.fs, where a link is not followed at all.
 */
export function folderReferenceFiles(folder: WorkspaceFolderInfo): ReferenceFiles {
  const root = vscode.Uri.parse(folder.uri, true);
  return {
    read: async (name) => {
      if (root.scheme === 'file') {
        const read = await readFolderFile(root.fsPath, name, MAX_FOLDER_FILE_BYTES);
        if ('refused' in read) throw new ReferenceFileRefused(read.refused, name);
        return 'text' in read ? read.text : undefined;
      }
      const uri = vscode.Uri.joinPath(root, name);
      try {
        const info = await vscode.workspace.fs.stat(uri);
        if (info.type & vscode.FileType.SymbolicLink) throw new ReferenceFileRefused('outside', name);
        if (!(info.type & vscode.FileType.File)) throw new ReferenceFileRefused('notFile', name);
        if (info.size > MAX_FOLDER_FILE_BYTES) throw new ReferenceFileRefused('tooLarge', name);
        return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound')) return undefined;
        throw error;
      }
    },
  };
}

/**
 * Calls `onChange` (debounced) when appsettings*.json, .env or .env.keys of any workspace folder is created,
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
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{appsettings*.json,.env,.env.keys}'));
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
