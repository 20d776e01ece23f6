import * as l10n from '@vscode/l10n';
import { isShared, SHARED_FILE_PATH, type SharedConnection } from '../../domain/shared/parse';
import type { ServerModels } from '../../domain/chat/serverModels';
import type { Connection, ConnectionInput } from '../../domain/connection';
import { folderNameOf, type WorkspaceFolderInfo } from '../../domain/folders';
import type { Logger } from '../../domain/logger';
import { PROVIDERS } from '../../domain/providers/catalog';
import { isReference } from '../../domain/references';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { StoreError } from '../../domain/store/errors';
import type { ReferencePlace } from '../../domain/resolution/resolver';
import type { TestResult } from '../../domain/testing/result';
import { RestrictedModeError } from '../../domain/requests';
import { isListOf, type TestedModelList } from '../../domain/testing/testService';
import { capText } from '../../domain/text/inert';
import type { FieldErrors } from '../../domain/validation';
import { FormConnectionSchema, FormTestResultSchema, HostMessageSchema, parseWebviewMessage, type ChatChoice, type FormChat, type HostMessage, type InitMessage, type WebviewMessage } from '../../protocol/formProtocol';
import type { Ui } from '../ports';
import { say, sayError } from '../text';
import { sayFieldErrors } from '../text/validation';
import { resultText } from '../text/results';
import { formStrings, formTitle, formTranslations, sharedFormStrings } from '../text/form';
import { folderNotOpen } from '../text/labels';
import { localizeProvider } from '../text/terms';
import { activeLanguage } from '../text/language';

export interface FormActions {
  /** Runs the Delete flow (confirmation, then delete) for a connection; resolves true if deleted. */
  deleteConnection(connection: Connection): Promise<boolean>;
  /** Called after a save so the tree can reveal the connection (and a new one offer Open in Chat). */
  saved(connection: Connection, created: boolean): void;
  /** Tests the form's values; a secret left empty is filled in from the stored connection by the host. */
  test(input: ConnectionInput, existingId?: string): Promise<{ result: TestResult; listed?: TestedModelList } | { errors: FieldErrors }>;
  /** Saves a connection shared through the repository into its file (src/domain/shared). */
  saveShared?(connection: SharedConnection, input: ConnectionInput): Promise<Connection>;
  /** Keeps the model list of the form's last successful test for the connection saved with the tested values. */
  recordModelList?(connection: Connection, body: unknown, details?: ServerModels): Promise<void>;
  /** The Chat section for a connection (or a new one of a provider), when its provider offers chat. */
  chatSection?(connection: Connection | undefined): FormChat | undefined;
  /** Keeps the form's Chat choice and model settings for a saved connection (`before`: as it was, when it existed). */
  saveChatChoice?(connection: Connection, choice: ChatChoice, before?: Connection): Promise<void>;
  /** Where a reference typed in a field resolves from, or why not: names only, never the value. */
  referenceHint?(reference: string, place: ReferencePlace, connection: Connection | undefined): Promise<{ ok: boolean; text: string }>;
  /** The open workspace folders and the active editor's folder: a workspace connection's Folder choices. */
  folders?(): { folders: readonly WorkspaceFolderInfo[]; active?: string | undefined };
}

/** One form panel as the host sees it: a webview to post to. */
export interface FormView {
  post(message: HostMessage): void;
  reveal(): void;
  dispose(): void;
}

/** Opens form panels; the view calls `receive` with each message from the webview and `closed` once. */
export interface FormViewFactory {
  create(title: string, events: { receive(data: unknown): void; closed(): void }): FormView;
}

const NEW_KEY = 'new';

/** The connection form panels: one per connection (plus one for a new connection), re-focused if open. */
export class ConnectionForms {
  private readonly panels = new Map<string, FormSession>();

  constructor(
    private readonly views: FormViewFactory,
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
    private readonly ui: Ui,
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
    const session = new FormSession(this.views, this.store, this.logger, this.ui, this.actions, connection, draft, {
      closed: () => this.panels.delete(key),
      reopen: (reopenDraft) => {
        const latest = connection && this.store.get(connection.id);
        if (!connection || latest) this.open(latest, reopenDraft);
      },
    });
    this.panels.set(key, session);
  }

  /** The open form of a connection (or of a new one: `'new'`), for tests and the composition root. */
  session(key: string): FormSession | undefined {
    return this.panels.get(key);
  }

  /** Closes the form of a connection that no longer exists. */
  close(id: string): void {
    this.panels.get(id)?.dispose();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

/**
 * The host side of one form: answers each webview message, and posts only messages that pass the
 * protocol schema (a stored secret can't reach the webview; a reference is sent only when it is one).
 */
export class FormSession {
  private readonly view: FormView;
  private dirty = false;
  private draft: ConnectionInput | undefined;
  private closingOnPurpose = false;
  /** The model list of this form's last test, when it succeeded. */
  private tested: TestedModelList | undefined;

  constructor(
    views: FormViewFactory,
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
    private readonly ui: Ui,
    private readonly actions: FormActions,
    private connection: Connection | undefined,
    private readonly initialDraft: ConnectionInput | undefined,
    private readonly lifecycle: { closed: () => void; reopen: (draft: ConnectionInput) => void },
  ) {
    this.view = views.create(formTitle(connection), {
      receive: (data) => void this.receive(data),
      closed: () => this.closed(),
    });
  }

  reveal(): void {
    this.view.reveal();
  }

  dispose(): void {
    this.closingOnPurpose = true;
    this.view.dispose();
  }

  /** Every message to the webview is checked against the protocol first; one that fails is not sent. */
  private post(message: HostMessage): void {
    const checked = HostMessageSchema.safeParse(message);
    if (checked.success) {
      this.view.post(checked.data);
      return;
    }
    const paths = checked.error.issues
      .map((i) => i.path.join('.') || '(root)')
      .slice(0, 3)
      .join(', ');
    this.logger.error(`Not sent to the connection form: a '${message.type}' message failed the protocol at ${paths}.`);
    if (message.type === 'saveResult' || message.type === 'testResult') {
      this.view.post(failedAnswer({ type: message.type === 'saveResult' ? 'save' : 'test', requestId: message.requestId }, l10n.t('Something went wrong. See the log (AI Connections: Show Log).')));
    }
  }

  /**
   * The Folder field's choices: the open folders when there are several, plus the connection's own
   * folder when it is not open (so it can be seen and changed); undefined for no Folder field.
   */
  private folderChoices(): { choices?: WorkspaceFolderInfo[]; initial?: string } {
    const { folders, active } = this.actions.folders?.() ?? { folders: [] };
    const stored = this.connection?.scope === 'workspace' ? this.connection.folder : undefined;
    const missing = stored !== undefined && !folders.some((f) => f.uri === stored);
    if (folders.length < 2 && !missing) return {};
    const choices = [...folders, ...(missing ? [{ uri: stored, name: folderNotOpen(folderNameOf(stored)) }] : [])];
    const initial = this.connection ? (stored ?? folders[0]?.uri) : (folders.find((f) => f.uri === active) ?? folders[0])?.uri;
    return { choices, ...(initial !== undefined ? { initial } : {}) };
  }

  /** Everything the form starts from; of the stored secrets only their names, and references as typed. */
  private async initMessage(): Promise<InitMessage> {
    const connection = this.connection;
    const { choices, initial } = this.folderChoices();
    const takenAliases = [...this.store.takenAliases(connection?.id)].map(([alias, owner]) => ({ alias, ...owner }));
    return {
      type: 'init',
      strings: connection && isShared(connection) ? { ...formStrings(), ...sharedFormStrings(`${connection.shared.folderName}/${SHARED_FILE_PATH}`) } : formStrings(),
      translations: formTranslations(),
      language: activeLanguage(),
      mode: connection ? 'edit' : 'create',
      providers: PROVIDERS.map(localizeProvider),
      ...(connection ? { connection: FormConnectionSchema.parse(pick(connection, ['id', 'providerId', 'name', 'alias', 'scope', 'folder', 'isActive', 'settings'])) } : {}),
      storedSecrets: await this.storedSecrets(),
      takenAliases,
      workspaceAvailable: this.store.workspaceAvailable,
      ...(choices && this.store.workspaceAvailable ? { folders: choices, ...(initial ? { defaultFolder: initial } : {}) } : {}),
      ...(this.initialDraft ? { draft: this.initialDraft } : {}),
      ...this.chatSection(),
    };
  }

  private chatSection(): { chat?: FormChat } {
    const chat = this.actions.chatSection?.(this.connection);
    return chat ? { chat } : {};
  }

  /** Which secrets are stored; only references (by the reference grammar) are sent as text. */
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

  /** Handles one message from the webview; whatever happens, a save or test gets an answer. */
  async receive(data: unknown): Promise<void> {
    // A folder the form was not offered is refused with the rest of the message.
    const parsed = parseWebviewMessage(data, { folders: (this.folderChoices().choices ?? []).map((f) => f.uri) });
    if (!parsed.ok) {
      this.logger.warn(`Ignored a message from the connection form: ${parsed.reason}`);
      const request = requestOf(data);
      if (request) this.post(failedAnswer(request, l10n.t("The form sent values that can't be used. Check the fields and try again.")));
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      // A failing handler must not crash the extension; the user sees why.
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Connection form: ${message}`);
      const shown = sayError(error);
      const request = requestOf(parsed.message);
      if (request) this.post(failedAnswer(request, shown.slice(0, 600)));
      else void this.ui.error(shown);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(await this.initMessage());
        return;
      case 'save':
        await this.save(message.requestId, message.input, message.chat);
        return;
      case 'test':
        await this.test(message.requestId, message.input);
        return;
      case 'cancel':
        if (this.dirty) {
          const discard = l10n.t('Discard');
          const choice = await this.ui.confirm(l10n.t('Discard your unsaved changes?'), {}, discard);
          if (choice !== discard) return;
        }
        this.dispose();
        return;
      case 'delete': {
        if (!this.connection) return;
        if (await this.actions.deleteConnection(this.connection)) this.dispose();
        return;
      }
      case 'resolveReference': {
        if (!this.actions.referenceHint) return;
        const scope = this.connection?.scope ?? message.scope;
        const folder = message.folder ?? this.connection?.folder;
        const hint = await this.actions.referenceHint(message.reference, { scope, ...(scope === 'workspace' && folder !== undefined ? { folder } : {}) }, this.connection);
        this.post({ type: 'referenceHint', requestId: message.requestId, field: message.field, reference: message.reference, ok: hint.ok, text: hint.text });
        return;
      }
      case 'dirty':
        this.dirty = message.dirty;
        this.draft = message.draft;
        return;
    }
  }

  private async test(requestId: number, input: ConnectionInput): Promise<void> {
    let outcome: Awaited<ReturnType<FormActions['test']>>;
    this.tested = undefined;
    try {
      outcome = await this.actions.test(input, this.connection?.id);
      this.tested = 'listed' in outcome ? outcome.listed : undefined;
    } catch (error) {
      if (!(error instanceof RestrictedModeError)) throw error;
      this.post({ type: 'testResult', requestId, errors: { form: say(error.detail) } });
      return;
    }
    if ('errors' in outcome) {
      this.post({ type: 'testResult', requestId, errors: sayFieldErrors(outcome.errors) });
      return;
    }
    const text = resultText(outcome.result);
    const result = FormTestResultSchema.safeParse({ ...pick(outcome.result, FORM_RESULT_KEYS), ...(text !== undefined ? { errorMessage: capText(text, MAX_FORM_ERROR) } : {}) });
    this.post(result.success ? { type: 'testResult', requestId, result: result.data, errors: {} } : { type: 'testResult', requestId, errors: { form: l10n.t('The test finished, but its result could not be shown. See the log.') } });
  }

  private async save(requestId: number, input: ConnectionInput, chat: ChatChoice | undefined): Promise<void> {
    try {
      const created = !this.connection;
      const shared = this.connection && isShared(this.connection) ? this.connection : undefined;
      const saved = shared && this.actions.saveShared ? await this.actions.saveShared(shared, input) : this.connection ? await this.store.update(this.connection.id, input, this.connection.dateModified) : await this.store.create(input);
      if (chat) await this.actions.saveChatChoice?.(saved, chat, this.connection);
      // Saved as tested: its models are offered in Chat now, without testing it again.
      if (this.tested && isListOf(this.tested, saved)) await this.recordTested(saved, this.tested);
      this.post({ type: 'saveResult', requestId, ok: true, errors: {} });
      this.connection = saved;
      this.dirty = false;
      this.actions.saved(saved, created);
      this.ui.flash('check', l10n.t("Saved connection '{name}'", { name: saved.name }), 4000);
      this.dispose();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const message = say(error.detail);
      this.post({ type: 'saveResult', requestId, ok: false, errors: sayFieldErrors(error.fieldErrors), message });
      if (error.code === 'stale' && this.connection) {
        const reload = l10n.t('Reload Form');
        const choice = await this.ui.warn(message, reload);
        const latest = this.store.get(this.connection.id);
        if (choice === reload && latest) {
          this.connection = latest;
          this.dirty = false;
          this.post(await this.initMessage());
        }
      } else if (Object.keys(error.fieldErrors).length === 0) {
        void this.ui.error(message);
      }
    }
  }

  private async recordTested(connection: Connection, tested: TestedModelList): Promise<void> {
    try {
      await this.actions.recordModelList?.(connection, tested.body, tested.details);
    } catch {
      this.logger.warn(`The models of '${connection.alias}' from the form's test were not kept; a test of the connection lists them again.`);
    }
  }

  private closed(): void {
    const draft = this.dirty && !this.closingOnPurpose ? this.draft : undefined;
    this.lifecycle.closed();
    if (!draft) return;
    const name = draft.name || this.connection?.name || l10n.t('the new connection');
    const reopen = l10n.t('Reopen');
    void this.ui.warn(l10n.t("The form for '{name}' was closed with unsaved changes.", { name }), reopen).then((choice) => {
      if (choice === reopen) this.lifecycle.reopen(draft);
    });
  }
}

/** The request a message asked for (a save or a test with a numeric id), even when the rest is invalid. */
function requestOf(data: unknown): { type: 'save' | 'test'; requestId: number } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, requestId } = data as { type?: unknown; requestId?: unknown };
  return (type === 'save' || type === 'test') && typeof requestId === 'number' && Number.isSafeInteger(requestId) ? { type, requestId } : undefined;
}

/** The answer to a save or test that could not be carried out, with the reason shown above the form's buttons. */
function failedAnswer(request: { type: 'save' | 'test'; requestId: number }, reason: string): HostMessage {
  const errors = { form: reason };
  return request.type === 'save' ? { type: 'saveResult', requestId: request.requestId, ok: false, errors } : { type: 'testResult', requestId: request.requestId, errors };
}

/** The named fields of an object that are set: what may cross to the webview, nothing more. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as Pick<T, K>;
}

const FORM_RESULT_KEYS = ['success', 'skipped', 'errorKind', 'status', 'latencyMs', 'modelCount'] as const;
const MAX_FORM_ERROR = 600;
