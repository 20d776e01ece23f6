/**
 * The shared connections files in VS Code: read from each workspace folder (only the folder's own
 * regular file, as references read theirs), watched, and their problems in the Problems panel at
 * their line and column.
 */
import * as vscode from 'vscode';
import type { SharedDefinitions, SharedFilePort } from '../domain/shared/definitions';
import { SHARED_FILE_PATH, type SharedProblem } from '../domain/shared/parse';
import { say } from '../ui/text';
import { folderReferenceFiles } from './references';

export const sharedFiles: SharedFilePort = {
  read: (folder) => folderReferenceFiles(folder).read(SHARED_FILE_PATH),
  write: async (folder, text) => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(vscode.Uri.parse(folder.uri, true), SHARED_FILE_PATH), new TextEncoder().encode(text));
  },
};

/** Warnings rather than errors: what still works as it is. */
const WARNINGS = new Set(['shared.tooMany']);

function diagnostic(problem: SharedProblem): vscode.Diagnostic {
  const start = new vscode.Position(problem.line, problem.character);
  const range = new vscode.Range(start, start.translate(0, Math.max(problem.length, 1)));
  const found = new vscode.Diagnostic(range, say(problem.message), WARNINGS.has(problem.message.code) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  found.source = 'AI Connections';
  return found;
}

/**
 * Reads the files when one is created, changed or deleted (debounced) and when folders come and go,
 * and keeps the Problems panel in step with what was read.
 */
export function watchSharedFiles(shared: SharedDefinitions, delayMs = 300): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection('ai-connections');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const changed = (folderUri?: string) => {
    const key = folderUri ?? '*';
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void shared.reload(folderUri);
      }, delayMs),
    );
  };
  const show = () => {
    diagnostics.clear();
    for (const file of shared.folderFiles()) {
      if (file.problems.length > 0) diagnostics.set(vscode.Uri.joinPath(vscode.Uri.parse(file.folder.uri, true), SHARED_FILE_PATH), file.problems.map(diagnostic));
    }
  };
  let watchers: vscode.Disposable[] = [];
  const watchAll = () => {
    for (const w of watchers) w.dispose();
    watchers = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, SHARED_FILE_PATH));
      const uri = folder.uri.toString();
      return [watcher, watcher.onDidChange(() => changed(uri)), watcher.onDidCreate(() => changed(uri)), watcher.onDidDelete(() => changed(uri))];
    });
  };
  watchAll();
  show();
  const subscriptions = [
    diagnostics,
    shared.onDidChange(show),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      watchAll();
      changed();
    }),
  ];
  return {
    dispose: () => {
      for (const timer of timers.values()) clearTimeout(timer);
      for (const w of [...watchers, ...subscriptions]) w.dispose();
    },
  };
}
