/**
 * Workspace folders as the domain sees them: a folder is named by its URI string (what VS Code's
 * `Uri.toString()` gives), which is what a workspace connection stores. A folder removed from the
 * workspace (or renamed or moved on disk, which gives it another URI) is never replaced by
 * another one: the connection reports that its folder is not open.
 */
import * as z from 'zod/mini';
import type { ResolutionFileProblem } from './resolution/messages';

export interface WorkspaceFolderInfo {
  /** `file:///home/me/api`, as `Uri.toString()` writes it. */
  uri: string;
  /** The name VS Code shows (the `name` of a `.code-workspace` entry, else the directory's name). */
  name: string;
}

const FOLDER_URI_MAX = 2048;
export const FolderUriSchema = z.string().check(z.minLength(1), z.maxLength(FOLDER_URI_MAX));

export const WorkspaceFolderInfoSchema = z.strictObject({ uri: FolderUriSchema, name: z.string().check(z.minLength(1), z.maxLength(256)) });

/** The last segment of a folder URI, decoded: the name to show for a folder that is not open. */
export function folderNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last) || uri;
  } catch {
    return last || uri;
  }
}

export type FolderPlace = { ok: true; folder: WorkspaceFolderInfo } | { ok: false; problem: Extract<ResolutionFileProblem, { code: 'resolution.noFolder' | 'resolution.folderNotOpen' }>; missing?: WorkspaceFolderInfo };

/**
 * The folder a workspace connection reads its files from: the one it stores, or, for a record
 * without one (made before folders were stored, or in a single-folder workspace), the first.
 */
export function connectionFolder(stored: string | undefined, folders: readonly WorkspaceFolderInfo[]): FolderPlace {
  if (folders.length === 0) return { ok: false, problem: { code: 'resolution.noFolder' } };
  if (stored === undefined) return { ok: true, folder: folders[0]! };
  const open = folders.find((f) => f.uri === stored);
  if (open) return { ok: true, folder: open };
  const name = folderNameOf(stored);
  return { ok: false, problem: { code: 'resolution.folderNotOpen', folder: name }, missing: { uri: stored, name } };
}
