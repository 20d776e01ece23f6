import * as vscode from 'vscode';
import type { ErrorKind } from '../../domain/requests';
import { unlinkedText } from '../../domain/text/inert';

/**
 * A failed chat request as VS Code's language model error, with the explanation the tester gives.
 * The Chat view shows the reason (and any stack) as it is, turning addresses into links: the
 * message links nowhere, and the stack is only the reason (no paths of this machine).
 */
export function languageModelError(kind: ErrorKind | 'restricted' | 'gone', message: string): Error {
  if (kind === 'cancelled') return new vscode.CancellationError();
  const text = unlinkedText(message);
  const error =
    kind === 'auth' || kind === 'restricted'
      ? vscode.LanguageModelError.NoPermissions(text)
      : kind === 'notFound' || kind === 'gone'
        ? vscode.LanguageModelError.NotFound(text)
        : kind === 'disabled'
          ? vscode.LanguageModelError.Blocked(text)
          : new vscode.LanguageModelError(text);
  error.stack = `${error.name}: ${text}`;
  return error;
}
