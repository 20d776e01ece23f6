/**
 * The connection form: built from the provider descriptors the host sends, checked with the same
 * validation the host runs, submitted as one `save` message. It never holds a stored secret.
 * What it holds apart from its elements (values, dirty state, request ids, drafts) is `FormState`.
 */
import type { ConnectionInput } from '../src/domain/connection';
import { groupProviders, type ProviderDescriptor } from '../src/domain/providers/descriptor';
import { validateConnection } from '../src/domain/validation';
import { sayFieldErrors } from '../src/ui/text/validation';
import { isReference } from '../src/domain/references';
import type { FormTestResult, InitMessage, ReferenceHintMessage, WebviewMessage } from '../src/protocol/formProtocol';
import { note, row } from './layout';
import { ChatSection } from './chatSection';
import { connectionInput, FormState, type FormReading, type FormSnapshot } from './formState';
import { ProviderFields } from './providerFields';
import { fill, testResultLine, type FormStrings } from './strings';
import { button, checkbox, dropdown, isTextField, radioGroup, textField, type Control } from './toolkit';

/** Field key -> what is wrong with it, in words (the host renders its own; local checks are rendered here). */
type FieldErrors = Record<string, string>;

/** Examples in the Alias field: an alias, not words (aliases are lowercase letters, digits, . _ -). */
const ALIAS_EXAMPLE = 'openai-prod';

/** The values the fields every provider has start with: a restored draft's, else the connection's, else the defaults. */
function startValues(init: InitMessage) {
  const { draft, connection } = init;
  // A draft holds every one of these but the folder.
  const given = draft ?? connection;
  return {
    providerId: given?.providerId ?? init.providers[0]!.id,
    name: given?.name ?? '',
    alias: given?.alias ?? '',
    scope: given?.scope ?? 'global',
    folder: draft?.folder ?? connection?.folder ?? init.defaultFolder ?? init.folders?.[0]?.uri,
    isActive: given?.isActive ?? true,
    settings: draft?.values ?? connection?.settings,
  };
}

export class ConnectionForm {
  /** The controls every provider has (provider, name, alias, scope, folder, active); the rest are `fields`. */
  private readonly controls = new Map<string, Control>();
  private readonly state: FormState;
  private fields!: ProviderFields;
  /** The provider whose fields are shown, for remembering their values when it changes. */
  private shownProvider: string | undefined;
  /** The Folder row (several workspace folders only), shown for the Workspace scope. */
  private folderRow: HTMLElement | undefined;
  private chatContainer!: HTMLElement;
  private chat: ChatSection | undefined;
  private saveButton!: HTMLElement & { disabled: boolean };
  private testButton!: HTMLElement & { disabled: boolean };
  private testOutput!: HTMLElement;
  private formError!: HTMLElement;
  private hintTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private init: InitMessage,
    private readonly post: (message: WebviewMessage) => void,
  ) {
    this.state = new FormState(init.mode);
  }

  /** Every text the form shows of its own, from the host. */
  private get strings(): FormStrings {
    return this.init.strings;
  }

  private get provider(): ProviderDescriptor {
    const id = String(this.controls.get('providerId')!.value());
    return this.init.providers.find((p) => p.id === id) ?? this.init.providers[0]!;
  }

  render(): void {
    const { init } = this;
    const start = startValues(init);
    this.root.replaceChildren();
    this.root.setAttribute('aria-busy', 'false');
    const form = this.formElement();
    form.append(...this.introElements(), this.providerRow(start.providerId), ...this.nameRows(start), ...this.scopeRows(start.scope, start.folder));
    const active = checkbox({ name: 'isActive', label: this.strings.active, checked: start.isActive });
    this.controls.set('isActive', active);
    form.append(row('isActive', undefined, active, this.strings.activeHelp));

    this.fields = new ProviderFields(init, () => this.changed());
    this.chatContainer = document.createElement('div');
    form.append(this.fields.element, this.chatContainer);
    this.formError = document.createElement('div');
    this.formError.className = 'form-error';
    this.formError.setAttribute('role', 'alert');
    this.testOutput = document.createElement('div');
    this.testOutput.className = 'test-result';
    this.testOutput.setAttribute('role', 'status');
    this.testOutput.setAttribute('aria-live', 'polite');
    form.append(this.formError, this.actions(), this.testOutput);
    this.root.append(form);
    this.renderProviderFields(start.settings);
    // A restored draft is unsaved by definition: the form starts dirty and tells the host so.
    this.state.start(this.snapshot(), init.draft !== undefined);
    if (init.draft) this.changed();
    form.addEventListener('input', () => this.changed());
    form.addEventListener('change', () => this.changed());
    this.controls.get(init.mode === 'edit' ? 'name' : 'providerId')!.focus();
  }

  /** The form element: Enter in a text field, or Ctrl+Enter anywhere, saves. */
  private formElement(): HTMLFormElement {
    const form = document.createElement('form');
    form.noValidate = true;
    form.setAttribute('aria-label', this.init.mode === 'edit' ? this.strings.formLabelEdit : this.strings.formLabelNew);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || isTextField(event.target))) {
        event.preventDefault();
        this.save();
      }
    });
    return form;
  }

  private introElements(): HTMLElement[] {
    const { init, strings } = this;
    const heading = document.createElement('h1');
    heading.textContent = init.mode === 'edit' ? fill(strings.headingEdit, { name: init.connection!.name }) : strings.headingNew;
    const intro = document.createElement('p');
    intro.className = 'intro';
    intro.textContent = init.mode === 'edit' ? strings.introEdit : strings.introNew;
    return init.draft ? [heading, intro, note(strings.draftRestored)] : [heading, intro];
  }

  private providerRow(providerId: string): HTMLElement {
    const { init, strings } = this;
    const provider = dropdown({
      name: 'providerId',
      id: 'providerId',
      groups: groupProviders(init.providers).map(({ group, providers }) => ({
        heading: strings.providerGroups[group],
        choices: providers.map((p) => ({ value: p.id, label: p.displayName })),
      })),
      value: providerId,
    });
    this.controls.set('providerId', provider);
    if (init.mode === 'edit') provider.setDisabled(true);
    provider.onChange(() => this.renderProviderFields());
    return row('providerId', strings.provider, provider, init.mode === 'edit' ? strings.providerFixed : undefined, 'providerId');
  }

  /** Name and Alias; the alias follows the name until the user types one. */
  private nameRows(start: { name: string; alias: string }): HTMLElement[] {
    const { strings } = this;
    const name = textField({ name: 'name', label: strings.name, value: start.name, placeholder: strings.namePlaceholder, required: true, maxLength: 100 });
    const alias = textField({ name: 'alias', label: strings.alias, value: start.alias, placeholder: ALIAS_EXAMPLE, required: true, maxLength: 64 });
    name.onChange(() => {
      const suggested = this.state.nameChanged(String(name.value()));
      if (suggested !== undefined) alias.setValue(suggested);
    });
    alias.onChange(() => this.state.aliasChanged(String(alias.value())));
    this.controls.set('name', name).set('alias', alias);
    return [row('name', undefined, name, strings.nameHelp), row('alias', undefined, alias, strings.aliasHelp)];
  }

  /** Scope, and with several workspace folders the Folder a workspace connection belongs to (it reads that folder's files). */
  private scopeRows(scopeValue: string, folderValue: string | undefined): HTMLElement[] {
    const { init, strings } = this;
    const editing = init.mode === 'edit';
    const scope = radioGroup({
      name: 'scope',
      label: strings.scope,
      value: scopeValue,
      choices: [
        { value: 'global', label: strings.scopeGlobal, disabled: editing && scopeValue !== 'global' },
        { value: 'workspace', label: strings.scopeWorkspace, disabled: !init.workspaceAvailable || (editing && scopeValue !== 'workspace') },
      ],
    });
    this.controls.set('scope', scope);
    const scopeHelp = editing ? strings.scopeFixed : init.workspaceAvailable ? strings.scopeHelp : strings.scopeNoFolder;
    const rows = [row('scope', undefined, scope, scopeHelp)];
    if (init.folders) {
      const folder = dropdown({ name: 'folder', id: 'folder', choices: init.folders.map((f) => ({ value: f.uri, label: f.name })), value: folderValue ?? '' });
      this.controls.set('folder', folder);
      this.folderRow = row('folder', strings.folder, folder, strings.folderHelp, 'folder');
      this.folderRow.hidden = scopeValue !== 'workspace';
      rows.push(this.folderRow);
    }
    return rows;
  }

  private actions(): HTMLElement {
    const { strings } = this;
    const actions = document.createElement('div');
    actions.className = 'actions';
    this.saveButton = button({ label: strings.save, appearance: 'primary', onClick: () => this.save() });
    this.testButton = button({ label: strings.test, onClick: () => this.test() });
    actions.append(this.saveButton, this.testButton, button({ label: strings.cancel, onClick: () => this.post({ type: 'cancel' }) }));
    if (this.init.mode === 'edit') {
      const remove = button({ label: strings.delete, onClick: () => this.post({ type: 'delete' }) });
      remove.classList.add('danger');
      actions.append(remove);
    }
    return actions;
  }

  /** Re-renders the provider-specific fields, keeping values typed so far. */
  private renderProviderFields(values?: Record<string, unknown>): void {
    if (this.shownProvider !== undefined) this.state.remember(this.shownProvider, this.fields.reading().fields);
    const provider = this.provider;
    this.shownProvider = provider.id;
    this.fields.render(provider, this.state.initialValues(provider, values));
    this.renderChat();
    this.requestHints();
  }

  /** The Chat section, for providers that offer chat (Azure OpenAI, directly or through API Management: its deployments are the models). */
  private renderChat(): void {
    this.chatContainer.replaceChildren();
    this.chat = undefined;
    const chat = this.init.chat;
    const provider = this.provider;
    if (!chat?.providers.includes(provider.id)) return;
    this.chat = new ChatSection(chat, this.strings, provider.fields.some((f) => f.key === 'deployment') ? 'deployments' : 'models', () => this.changed());
    this.chatContainer.append(this.chat.element);
  }

  /** What the controls hold, as they read. */
  private reading(): FormReading {
    const folder = this.controls.get('folder')?.value();
    return {
      name: String(this.controls.get('name')!.value()),
      alias: String(this.controls.get('alias')!.value()),
      scope: String(this.controls.get('scope')!.value()),
      ...(typeof folder === 'string' ? { folder } : {}),
      isActive: this.controls.get('isActive')!.value() === true,
      ...this.fields.reading(),
    };
  }

  /** The form's values as a connection input; hidden fields left out. */
  collect(): ConnectionInput {
    return connectionInput(this.provider, this.reading());
  }

  private snapshot(): FormSnapshot {
    return { input: this.collect(), chat: this.chat?.stateKey() };
  }

  /**
   * Asks the host where each reference typed in a field resolves from (debounced); only text that
   * is a reference by the grammar is sent, and the answer names a file, key or variable, never a value.
   */
  private requestHints(): void {
    if (this.hintTimer) clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => {
      const { scope, folder } = this.collect();
      for (const slot of this.root.querySelectorAll<HTMLElement>('[data-hint-for]')) {
        const field = slot.dataset.hintFor!;
        const value = String(this.fields.hintControl(field)?.value() ?? '');
        if (isReference(value)) {
          this.post({ type: 'resolveReference', requestId: this.state.hintRequested(field), field, reference: value, scope, ...(folder ? { folder } : {}) });
        } else {
          this.state.hintDropped(field);
          slot.className = 'reference-hint';
          slot.textContent = value.startsWith('$$') ? this.strings.escapedDollar : '';
        }
      }
    }, 250);
  }

  referenceHint(message: ReferenceHintMessage): void {
    if (!this.state.hintAnswered(message.field, message.requestId)) return;
    const slot = this.root.querySelector<HTMLElement>(`[data-hint-for="${CSS.escape(message.field)}"]`);
    if (!slot) return;
    slot.className = `reference-hint ${message.ok ? 'resolved' : 'unresolved'}`;
    slot.textContent = message.text;
  }

  private changed(): void {
    if (this.folderRow) this.folderRow.hidden = this.controls.get('scope')!.value() !== 'workspace';
    this.requestHints();
    this.fields.applyConditions();
    const dirty = this.state.changed(this.provider, this.snapshot());
    if (dirty) this.post(dirty);
  }

  private validate(input: ConnectionInput): FieldErrors {
    const { init } = this;
    const result = validateConnection(input, {
      takenAliases: new Map(init.takenAliases.map((a) => [a.alias, { name: a.name, scope: a.scope }])),
      workspaceAvailable: init.workspaceAvailable,
      ...(init.connection
        ? {
            existing: {
              providerId: init.connection.providerId,
              scope: init.connection.scope,
              folder: init.connection.folder,
              settings: init.connection.settings,
              secretKeys: Object.keys(init.storedSecrets),
            },
          }
        : {}),
      ...(init.folders ? { folders: init.folders } : {}),
    });
    return result.ok ? {} : sayFieldErrors(result.errors);
  }

  save(): void {
    const message = this.state.requestSave(() => {
      const input = this.collect();
      const errors = this.validate(input);
      this.showErrors(errors);
      if (Object.keys(errors).length > 0) return undefined;
      if (this.chat && !this.chat.validate()) return undefined;
      const chat = this.chat?.value();
      return { input, ...(chat ? { chat } : {}) };
    });
    if (!message) return;
    this.saveButton.disabled = true;
    this.saveButton.textContent = this.strings.saving;
    this.post(message);
  }

  /** The host's answer to a save: on failure the errors show and Save is possible again. */
  saveResult(requestId: number, ok: boolean, errors: FieldErrors, message?: string): void {
    if (!this.state.saveAnswered(requestId, ok ? this.snapshot() : undefined)) return;
    this.saveButton.disabled = false;
    this.saveButton.textContent = this.strings.save;
    if (!ok) this.showErrors(errors, message);
  }

  /** Asks the host to test the values as they are now (a stored secret is used where left empty). */
  test(): void {
    this.showErrors({});
    this.testButton.disabled = true;
    this.testOutput.className = 'test-result running';
    this.testOutput.textContent = this.strings.testing;
    this.post(this.state.requestTest(this.collect()));
  }

  testResult(requestId: number, result: FormTestResult | undefined, errors: FieldErrors): void {
    if (!this.state.testAnswered(requestId)) return;
    this.testButton.disabled = false;
    if (!result) {
      this.testOutput.className = 'test-result';
      this.testOutput.textContent = '';
      this.showErrors(errors);
      return;
    }
    const line = testResultLine(this.strings, result);
    this.testOutput.className = `test-result ${line.outcome}`;
    this.testOutput.textContent = line.text;
    this.testOutput.scrollIntoView({ block: 'nearest' });
  }

  /** A field's control (or map editor), to mark or focus it. */
  private control(key: string): Control | undefined {
    return this.controls.get(key) ?? this.fields.control(key);
  }

  showErrors(errors: FieldErrors, message?: string): void {
    const shown = new Set<string>();
    for (const slot of this.root.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const key = slot.dataset.errorFor!;
      const text = errors[key] ?? '';
      slot.textContent = text;
      this.control(key)?.setInvalid(text !== '');
      if (text) {
        shown.add(key);
        // A field with a problem is never left inside a closed section.
        const section = slot.closest('details');
        if (section) section.open = true;
      }
    }
    const unplaced = Object.entries(errors)
      .filter(([key]) => !shown.has(key))
      .map(([, text]) => text);
    const formMessage = unplaced.length > 0 ? unplaced.join(' ') : Object.keys(errors).length === 0 ? (message ?? '') : '';
    this.formError.textContent = formMessage;
    const first = [...shown][0];
    if (first) (this.control(first) ?? this.fields.map(first))?.focus();
  }
}
