import * as vscode from 'vscode';

/** A Microsoft Entra ID access token from VS Code's built-in Microsoft sign-in (asks once if needed). */
export async function getEntraToken(scope: string): Promise<string> {
  const session = await vscode.authentication.getSession('microsoft', [scope], { createIfNone: true });
  return session.accessToken;
}
