import * as vscode from 'vscode';
import type { Connection, ConnectionInput } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import { PROVIDERS } from '../../domain/providers/catalog';
import { isReference } from '../../domain/references';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { StoreError } from '../../domain/store/errors';
import type { TestResult } from '../../domain/testing/result';
import type { FieldErrors } from '../../domain/validation';
import { FormConnectionSchema, FormTestResultSchema, parseWebviewMessage, type HostMessage, type InitMessage, type WebviewMessage } from '../../protocol/formProtocol';
import { formHtml, formWebviewOptions } from './formHtml';

export interface FormActions {
  /** Runs the Delete flow (confirmation, then delete) for a connection; resolves true if deleted. */
  deleteConnection(connection: Connection): Promise<boolean>;
  /** Called after a save so the tree can reveal the connection. */
  saved(connection: Connection): void;
  /** Tests the form's values; a secret left empty is filled in from the stored connection by the host. */
  test(input: ConnectionInput, existingId?: string): Promise<{ result: TestResult } | { errors: FieldErrors }>;
}

const NEW_KEY = 'new';

/** The connection form panels: one per connection (plus one for a new connection), re-focused if open. */
export class ConnectionForms implements vscode.Disposable {
  private readonly panels = new Map<string, FormPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
    private readonly actions: FormActions,
  ) {}

  /** Opens the form to create (no connection) or edit a connection. */
  open(connection?: Connection, draft?: ConnectionInput): void {
    const key = connection?.id ?? NEW_KEY;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = new FormPanel(this.extensionUri, this.store, this.logger, this.actions, connection, draft, {
      closed: () => this.panels.delete(key),
      reopen: (reopenDraft) => {
        const latest = connection && this.store.get(connection.id);
        if (!connection || latest) this.open(latest, reopenDraft);
      },
    });
    this.panels.set(key, panel);
  }

  /** Closes the form of a connection that no longer exists. */
  close(id: string): void {
    this.panels.get(id)?.dispose();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class FormPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private dirty = false;
  private draft: ConnectionInput | undefined;
  private closingOnPurpose = false;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
    private readonly actions: FormActions,
    private connection: Connection | undefined,
    private readonly initialDraft: ConnectionInput | undefined,
    private readonly lifecycle: { closed: () => void; reopen: (draft: ConnectionInput) => void },
  ) {
    const title = connection ? `Edit: ${connection.name}` : 'New Connection';
    this.panel = vscode.window.createWebviewPanel('aiConnections.form', title, vscode.ViewColumn.Active, formWebviewOptions(extensionUri));
    this.panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'connections-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'connections-dark.svg'),
    };
    this.panel.webview.html = formHtml(this.panel.webview, extensionUri, title);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      this.panel.onDidDispose(() => this.closed()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.closingOnPurpose = true;
    this.panel.dispose();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /** Everything the form starts from; of the stored secrets only their names, and references as typed. */
  private async initMessage(): Promise<InitMessage> {
    const connection = this.connection;
    const takenAliases = [...this.store.takenAliases(connection?.id)].map(([alias, owner]) => ({ alias, ...owner }));
    return {
      type: 'init',
      mode: connection ? 'edit' : 'create',
      providers: [...PROVIDERS],
      ...(connection ? { connection: FormConnectionSchema.parse(pick(connection, ['id', 'providerId', 'name', 'alias', 'scope', 'isActive', 'settings'])) } : {}),
      storedSecrets: await this.storedSecrets(),
      takenAliases,
      workspaceAvailable: this.store.workspaceAvailable,
      ...(this.initialDraft ? { draft: this.initialDraft } : {}),
    };
  }

  /** Which secrets are stored; only references (not secrets) are sent as text. */
  private async storedSecrets(): Promise<InitMessage['storedSecrets']> {
    if (!this.connection) return {};
    let values: Record<string, string> = {};
    try {
      values = await this.store.readSecrets(this.connection);
    } catch (error) {
      this.logger.warn(`Couldn't read which secrets are stored: ${error instanceof Error ? error.message : String(error)}`);
    }
    return Object.fromEntries(
      this.connection.secretKeys.map((key) => {
        const value = values[key];
        return [key, value !== undefined && isReference(value) ? { reference: value } : {}];
      }),
    );
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.logger.warn(`Ignored a message from the connection form: ${parsed.reason}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      // A failing handler must not crash the extension; the user sees why.
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Connection form: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(await this.initMessage());
        return;
      case 'save':
        await this.save(message.requestId, message.input);
        return;
      case 'test': {
        const outcome = await this.actions.test(message.input, this.connection?.id);
        this.post(
          'result' in outcome
            ? { type: 'testResult', requestId: message.requestId, result: FormTestResultSchema.parse(pick(outcome.result, FORM_RESULT_KEYS)), errors: {} }
            : { type: 'testResult', requestId: message.requestId, errors: outcome.errors },
        );
        return;
      }
      case 'cancel':
        if (this.dirty) {
          const choice = await vscode.window.showWarningMessage('Discard your unsaved changes?', { modal: true }, 'Discard');
          if (choice !== 'Discard') return;
        }
        this.dispose();
        return;
      case 'delete': {
        if (!this.connection) return;
        if (await this.actions.deleteConnection(this.connection)) this.dispose();
        return;
      }
      case 'dirty':
        this.dirty = message.dirty;
        this.draft = message.draft;
        return;
    }
  }

  private async save(requestId: number, input: ConnectionInput): Promise<void> {
    try {
      const saved = this.connection
        ? await this.store.update(this.connection.id, input, this.connection.dateModified)
        : await this.store.create(input);
      this.post({ type: 'saveResult', requestId, ok: true, errors: {} });
      this.connection = saved;
      this.dirty = false;
      this.actions.saved(saved);
      void vscode.window.setStatusBarMessage(`$(check) Saved connection '${saved.name}'`, 4000);
      this.dispose();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      this.post({ type: 'saveResult', requestId, ok: false, errors: error.fieldErrors, message: error.message });
      if (error.code === 'stale' && this.connection) {
        const choice = await vscode.window.showWarningMessage(error.message, 'Reload Form');
        const latest = this.store.get(this.connection.id);
        if (choice === 'Reload Form' && latest) {
          this.connection = latest;
          this.dirty = false;
          this.post(await this.initMessage());
        }
      } else if (Object.keys(error.fieldErrors).length === 0) {
        void vscode.window.showErrorMessage(error.message);
      }
    }
  }

  private closed(): void {
    for (const disposable of this.disposables) disposable.dispose();
    const draft = this.dirty && !this.closingOnPurpose ? this.draft : undefined;
    this.lifecycle.closed();
    if (!draft) return;
    const name = draft.name || this.connection?.name || 'the new connection';
    void vscode.window
      .showWarningMessage(`The form for '${name}' was closed with unsaved changes.`, 'Reopen')
      .then((choice) => {
        if (choice === 'Reopen') this.lifecycle.reopen(draft);
      });
  }
}

/** The named fields of an object that are set: what may cross to the webview, nothing more. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as Pick<T, K>;
}

const FORM_RESULT_KEYS = ['success', 'skipped', 'errorKind', 'errorMessage', 'status', 'latencyMs', 'modelCount'] as const;
