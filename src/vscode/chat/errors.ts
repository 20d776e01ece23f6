import * as vscode from 'vscode';
import type { ErrorKind } from '../../domain/testing/result';

/** A failed chat request as VS Code's language model error, with the explanation the tester gives. */
export function languageModelError(kind: ErrorKind | 'restricted' | 'gone', message: string): Error {
  switch (kind) {
    case 'cancelled':
      return new vscode.CancellationError();
    case 'auth':
    case 'restricted':
      return vscode.LanguageModelError.NoPermissions(message);
    case 'notFound':
    case 'gone':
      return vscode.LanguageModelError.NotFound(message);
    case 'disabled':
      return vscode.LanguageModelError.Blocked(message);
    default:
      return new vscode.LanguageModelError(message);
  }
}
