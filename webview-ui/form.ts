/**
 * The connection form: built from the provider descriptors the host sends, checked with the same
 * validation the host runs, submitted as one `save` message. It never holds a stored secret.
 */
import { suggestAlias } from '../src/domain/alias';
import type { Connection, ConnectionInput } from '../src/domain/connection';
import { destinationText, requestTarget } from '../src/domain/destination';
import { fieldApplies, formSections, groupProviders, type FieldDescriptor, type ProviderDescriptor } from '../src/domain/providers/descriptor';
import { validateConnection } from '../src/domain/validation';
import { sayFieldErrors } from '../src/ui/text';
import { isReference } from '../src/domain/references';
import type { FormTestResult, InitMessage, ReferenceHintMessage, WebviewMessage } from '../src/protocol/formProtocol';
import { note, row } from './layout';
import { ChatSection } from './chatSection';
import { MapEditor } from './mapEditor';
import { fill, testWorksText, type FormStrings } from './strings';
import { button, checkbox, dropdown, radioGroup, textField, type Control } from './toolkit';

/** Field key -> what is wrong with it, in words (the host renders its own; local checks are rendered here). */
type FieldErrors = Record<string, string>;

/** Examples in the Alias field: an alias, not words (aliases are lowercase letters, digits, . _ -). */
const ALIAS_EXAMPLE = 'openai-prod';
/** The controls every provider has; the rest are the provider's fields. */
const FIXED_CONTROLS = ['providerId', 'name', 'alias', 'scope', 'folder', 'isActive'];

export class ConnectionForm {
  private readonly controls = new Map<string, Control>();
  private readonly maps = new Map<string, MapEditor>();
  /**
   * Values typed per provider and field (`openai/baseUrl`): switching provider gives every field the
   * new provider's default, and switching back brings back what was typed for that provider. A
   * value never carries over to another provider (OpenAI's base URL would take Anthropic's key there).
   */
  private readonly remembered = new Map<string, string | boolean>();
  /** The provider whose fields are shown, for remembering their values when it changes. */
  private shownProvider: string | undefined;
  private providerFields!: HTMLElement;
  /** The Folder row (several workspace folders only), shown for the Workspace scope. */
  private folderRow: HTMLElement | undefined;
  private chatContainer!: HTMLElement;
  private chat: ChatSection | undefined;
  private saveButton!: HTMLElement & { disabled: boolean };
  private testButton!: HTMLElement & { disabled: boolean };
  private testOutput!: HTMLElement;
  private testRequestId = 0;
  private formError!: HTMLElement;
  private aliasEdited: boolean;
  private initialState = '';
  private lastDirty = false;
  private requestId = 0;
  private pending = false;
  /** The latest hint request per field, so a late answer for an older value is dropped. */
  private readonly hintRequests = new Map<string, number>();
  private hintRequestId = 0;
  private hintTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private init: InitMessage,
    private readonly post: (message: WebviewMessage) => void,
  ) {
    this.aliasEdited = init.mode === 'edit';
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
    const { init, strings } = this;
    const c = init.connection;
    const draft = init.draft;
    this.root.replaceChildren();
    this.root.setAttribute('aria-busy', 'false');
    const form = document.createElement('form');
    form.noValidate = true;
    form.setAttribute('aria-label', init.mode === 'edit' ? strings.formLabelEdit : strings.formLabelNew);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || (event.target as HTMLElement).tagName === 'VSCODE-TEXT-FIELD')) {
        event.preventDefault();
        this.save();
      }
    });

    const heading = document.createElement('h1');
    heading.textContent = init.mode === 'edit' ? fill(strings.headingEdit, { name: c!.name }) : strings.headingNew;
    const intro = document.createElement('p');
    intro.className = 'intro';
    intro.textContent = init.mode === 'edit' ? strings.introEdit : strings.introNew;
    form.append(heading, intro);
    if (draft) form.append(note(strings.draftRestored));

    const providerId = draft?.providerId ?? c?.providerId ?? init.providers[0]!.id;
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
    form.append(
      row('providerId', strings.provider, provider, init.mode === 'edit' ? strings.providerFixed : undefined, 'providerId'),
    );
    provider.onChange(() => this.renderProviderFields());

    const name = textField({ name: 'name', label: strings.name, value: draft?.name ?? c?.name ?? '', placeholder: strings.namePlaceholder, required: true, maxLength: 100 });
    name.onChange(() => {
      if (!this.aliasEdited) this.controls.get('alias')!.setValue(suggestAlias(String(name.value())));
    });
    const alias = textField({ name: 'alias', label: strings.alias, value: draft?.alias ?? c?.alias ?? '', placeholder: ALIAS_EXAMPLE, required: true, maxLength: 64 });
    alias.onChange(() => {
      this.aliasEdited = String(alias.value()) !== '';
    });
    this.controls.set('name', name).set('alias', alias);
    form.append(row('name', undefined, name, strings.nameHelp));
    form.append(row('alias', undefined, alias, strings.aliasHelp));

    const scopeValue = draft?.scope ?? c?.scope ?? 'global';
    const scope = radioGroup({
      name: 'scope',
      label: strings.scope,
      value: scopeValue,
      choices: [
        { value: 'global', label: strings.scopeGlobal, disabled: init.mode === 'edit' && scopeValue !== 'global' },
        { value: 'workspace', label: strings.scopeWorkspace, disabled: !init.workspaceAvailable || (init.mode === 'edit' && scopeValue !== 'workspace') },
      ],
    });
    this.controls.set('scope', scope);
    const scopeHelp =
      init.mode === 'edit'
        ? strings.scopeFixed
        : init.workspaceAvailable
          ? strings.scopeHelp
          : strings.scopeNoFolder;
    form.append(row('scope', undefined, scope, scopeHelp));

    // With several workspace folders, a workspace connection belongs to one: it reads that folder's files.
    if (init.folders) {
      const folderValue = draft?.folder ?? c?.folder ?? init.defaultFolder ?? init.folders[0]!.uri;
      const folder = dropdown({ name: 'folder', id: 'folder', choices: init.folders.map((f) => ({ value: f.uri, label: f.name })), value: folderValue });
      this.controls.set('folder', folder);
      this.folderRow = row('folder', strings.folder, folder, strings.folderHelp, 'folder');
      this.folderRow.hidden = scopeValue !== 'workspace';
      form.append(this.folderRow);
    }

    const active = checkbox({ name: 'isActive', label: strings.active, checked: draft?.isActive ?? c?.isActive ?? true });
    this.controls.set('isActive', active);
    form.append(row('isActive', undefined, active, strings.activeHelp));

    this.providerFields = document.createElement('div');
    this.providerFields.className = 'provider-fields';
    this.chatContainer = document.createElement('div');
    form.append(this.providerFields, this.chatContainer);

    this.formError = document.createElement('div');
    this.formError.className = 'form-error';
    this.formError.setAttribute('role', 'alert');
    form.append(this.formError);

    const actions = document.createElement('div');
    actions.className = 'actions';
    this.saveButton = button({ label: strings.save, appearance: 'primary', onClick: () => this.save() });
    this.testButton = button({ label: strings.test, onClick: () => this.test() });
    actions.append(this.saveButton, this.testButton, button({ label: strings.cancel, onClick: () => this.post({ type: 'cancel' }) }));
    if (init.mode === 'edit') {
      const remove = button({ label: strings.delete, onClick: () => this.post({ type: 'delete' }) });
      remove.classList.add('danger');
      actions.append(remove);
    }
    this.testOutput = document.createElement('div');
    this.testOutput.className = 'test-result';
    this.testOutput.setAttribute('role', 'status');
    this.testOutput.setAttribute('aria-live', 'polite');
    form.append(actions, this.testOutput);
    this.root.append(form);
    this.renderProviderFields(draft?.values ?? c?.settings);
    // A restored draft is unsaved by definition: the form starts dirty and tells the host so.
    this.initialState = draft ? '' : this.stateKey();
    if (draft) this.changed();
    form.addEventListener('input', () => this.changed());
    form.addEventListener('change', () => this.changed());
    (init.mode === 'edit' ? name : provider).focus();
  }

  /** Re-renders the provider-specific fields, keeping values typed so far. */
  private renderProviderFields(values?: Record<string, unknown>): void {
    this.rememberValues();
    this.shownProvider = this.provider.id;
    for (const key of [...this.controls.keys()]) if (!FIXED_CONTROLS.includes(key)) this.controls.delete(key);
    this.maps.clear();
    this.providerFields.replaceChildren();
    const provider = this.provider;
    const description = document.createElement('p');
    description.className = 'provider-description';
    description.textContent = provider.description;
    this.providerFields.append(description);
    const initial = Object.fromEntries(provider.fields.map((f) => [f.key, values?.[f.key] ?? this.remembered.get(`${provider.id}/${f.key}`) ?? f.default]));
    const fieldElement = (field: FieldDescriptor) => (field.kind === 'map' ? this.mapEditor(field, initial[field.key]) : this.fieldRow(field, initial[field.key]));
    const sections = formSections(provider, initial);
    this.providerFields.append(...sections.main.map(fieldElement));
    if (sections.promptflow.length > 0) {
      // Fields only promptflow files use, out of the way unless one holds a value.
      const details = document.createElement('details');
      details.className = 'section promptflow';
      details.open = sections.promptflowOpen;
      const summary = document.createElement('summary');
      summary.textContent = this.strings.promptflowSection;
      details.append(summary, note(this.strings.promptflowHelp), ...sections.promptflow.map(fieldElement));
      this.providerFields.append(details);
    }
    this.applyConditions();
    this.renderChat();
    this.requestHints();
  }

  /** The Chat section, for providers that offer chat (Azure: its deployments are the models). */
  private renderChat(): void {
    this.chatContainer.replaceChildren();
    this.chat = undefined;
    const chat = this.init.chat;
    const provider = this.provider;
    if (!chat?.providers.includes(provider.id)) return;
    this.chat = new ChatSection(chat, this.strings, provider.id === 'azure-openai' ? 'deployments' : 'models', () => this.changed());
    this.chatContainer.append(this.chat.element);
  }

  private fieldRow(field: FieldDescriptor, initial: unknown): HTMLElement {
    let control: Control;
    const stored = this.init.storedSecrets[field.key];
    switch (field.kind) {
      case 'select':
        control = dropdown({ name: field.key, id: field.key, choices: field.options ?? [], value: String(initial ?? field.options?.[0]?.value ?? '') });
        control.onChange(() => this.applyConditions());
        break;
      case 'boolean':
        control = checkbox({ name: field.key, label: field.label, checked: initial === true });
        break;
      case 'password':
        control = textField({
          name: field.key,
          label: field.label,
          // A stored reference is shown as typed (as text, as any reference typed here); a stored literal never reaches the webview.
          type: 'password',
          value: stored?.reference ?? (typeof initial === 'string' ? initial : ''),
          placeholder: stored ? this.strings.storedPlaceholder : field.placeholder,
          required: field.required,
        });
        break;
      default:
        control = textField({ name: field.key, label: field.label, type: field.kind === 'url' ? 'url' : 'text', value: typeof initial === 'string' ? initial : '', placeholder: field.placeholder, required: field.required });
    }
    this.controls.set(field.key, control);
    const element = row(field.key, field.kind === 'select' ? field.label : undefined, control, field.help, field.kind === 'select' ? field.key : undefined);
    element.dataset.field = field.key;
    if (field.kind === 'text' || field.kind === 'url' || field.kind === 'password') {
      const hint = document.createElement('div');
      hint.className = 'reference-hint';
      hint.id = `hint-${field.key}`;
      hint.dataset.hintFor = field.key;
      hint.setAttribute('aria-live', 'polite');
      element.insertBefore(hint, element.querySelector('.error'));
    }
    if (field.kind === 'password') {
      const sentTo = document.createElement('div');
      sentTo.className = 'destination';
      sentTo.dataset.destinationFor = field.key;
      sentTo.setAttribute('aria-live', 'polite');
      element.insertBefore(sentTo, element.querySelector('.error'));
    }
    return element;
  }

  private mapEditor(field: FieldDescriptor, initial: unknown): HTMLElement {
    const stored = Object.keys(this.init.storedSecrets)
      .filter((k) => k.startsWith(`${field.key}.`))
      .map((k) => k.slice(field.key.length + 1));
    const editor = new MapEditor(field, initial, stored, this.strings, () => this.changed());
    this.maps.set(field.key, editor);
    return editor.element;
  }

  /** Shows or hides fields whose `when` condition depends on other values (Azure's key vs Entra). */
  private applyConditions(): void {
    const values = this.collect().values;
    for (const field of this.provider.fields) {
      const row = this.providerFields.querySelector<HTMLElement>(`[data-field="${field.key}"]`);
      if (row) row.hidden = !fieldApplies(field, values, this.provider);
    }
    this.showDestinations(values);
  }

  /** Beside each key field, live: the host the key will be sent to (or the reference naming it). */
  private showDestinations(values: ConnectionInput['values']): void {
    const where = destinationText(requestTarget({ providerId: this.provider.id, settings: values as Connection['settings'] }));
    for (const slot of this.providerFields.querySelectorAll<HTMLElement>('[data-destination-for]')) {
      slot.textContent = where === undefined ? '' : fill(isReference(where) ? this.strings.sentToReference : this.strings.sentTo, { host: where });
    }
  }

  private rememberValues(): void {
    if (this.shownProvider === undefined) return;
    for (const [key, control] of this.controls) {
      if (!FIXED_CONTROLS.includes(key)) this.remembered.set(`${this.shownProvider}/${key}`, control.value());
    }
  }

  /** The form's values as a connection input; hidden fields left out. */
  collect(): ConnectionInput {
    const provider = this.provider;
    const values: ConnectionInput['values'] = {};
    for (const field of provider.fields) {
      if (field.kind === 'map') {
        values[field.key] = this.maps.get(field.key)?.entries() ?? {};
        continue;
      }
      const control = this.controls.get(field.key);
      if (control) values[field.key] = field.kind === 'boolean' ? control.value() === true : String(control.value());
    }
    for (const field of provider.fields) if (!fieldApplies(field, values, provider)) delete values[field.key];
    const scope = this.controls.get('scope')!.value() === 'workspace' ? 'workspace' : 'global';
    const folder = scope === 'workspace' ? this.controls.get('folder')?.value() : undefined;
    return {
      providerId: provider.id,
      name: String(this.controls.get('name')!.value()),
      alias: String(this.controls.get('alias')!.value()).trim(),
      scope,
      ...(typeof folder === 'string' && folder !== '' ? { folder } : {}),
      isActive: this.controls.get('isActive')!.value() === true,
      values,
    };
  }

  /** The input without anything typed into a secret field: what may be kept as a draft. */
  private withoutSecrets(input: ConnectionInput): ConnectionInput {
    const values = { ...input.values };
    for (const field of this.provider.fields) {
      if (field.kind === 'password') delete values[field.key];
      if (field.kind === 'map' && field.secret) delete values[field.key];
    }
    return { ...input, values };
  }

  private stateKey(): string {
    return JSON.stringify([this.collect(), this.chat?.stateKey()]);
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
        const control = this.controls.get(field) ?? [...this.maps.values()].map((map) => map.valueControl(field)).find((c) => c !== undefined);
        const value = String(control?.value() ?? '');
        if (isReference(value)) {
          const requestId = ++this.hintRequestId;
          this.hintRequests.set(field, requestId);
          this.post({ type: 'resolveReference', requestId, field, reference: value, scope, ...(folder ? { folder } : {}) });
        } else {
          this.hintRequests.delete(field);
          slot.className = 'reference-hint';
          slot.textContent = value.startsWith('$$') ? this.strings.escapedDollar : '';
        }
      }
    }, 250);
  }

  referenceHint(message: ReferenceHintMessage): void {
    if (this.hintRequests.get(message.field) !== message.requestId) return;
    const slot = this.root.querySelector<HTMLElement>(`[data-hint-for="${CSS.escape(message.field)}"]`);
    if (!slot) return;
    slot.className = `reference-hint ${message.ok ? 'resolved' : 'unresolved'}`;
    slot.textContent = message.text;
  }

  private changed(): void {
    if (this.folderRow) this.folderRow.hidden = this.controls.get('scope')!.value() !== 'workspace';
    this.requestHints();
    this.applyConditions();
    const dirty = this.stateKey() !== this.initialState;
    if (dirty || this.lastDirty) this.post({ type: 'dirty', dirty, ...(dirty ? { draft: this.withoutSecrets(this.collect()) } : {}) });
    this.lastDirty = dirty;
  }

  private validate(input: ConnectionInput): FieldErrors {
    const result = validateConnection(input, {
      takenAliases: new Map(this.init.takenAliases.map((a) => [a.alias, { name: a.name, scope: a.scope }])),
      workspaceAvailable: this.init.workspaceAvailable,
      ...(this.init.connection
        ? {
            existing: {
              providerId: this.init.connection.providerId,
              scope: this.init.connection.scope,
              folder: this.init.connection.folder,
              settings: this.init.connection.settings,
              secretKeys: Object.keys(this.init.storedSecrets),
            },
          }
        : {}),
      ...(this.init.folders ? { folders: this.init.folders } : {}),
    });
    return result.ok ? {} : sayFieldErrors(result.errors);
  }

  save(): void {
    if (this.pending) return;
    const input = this.collect();
    const errors = this.validate(input);
    this.showErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (this.chat && !this.chat.validate()) return;
    this.pending = true;
    this.saveButton.disabled = true;
    this.saveButton.textContent = this.strings.saving;
    const chat = this.chat?.value();
    this.post({ type: 'save', requestId: ++this.requestId, input, ...(chat ? { chat } : {}) });
  }

  /** The host's answer to a save: on failure the errors show and Save is possible again. */
  saveResult(requestId: number, ok: boolean, errors: FieldErrors, message?: string): void {
    if (requestId !== this.requestId) return;
    this.pending = false;
    this.saveButton.disabled = false;
    this.saveButton.textContent = this.strings.save;
    if (ok) {
      this.initialState = this.stateKey();
      return;
    }
    this.showErrors(errors, message);
  }

  /** Asks the host to test the values as they are now (a stored secret is used where left empty). */
  test(): void {
    this.showErrors({});
    this.testButton.disabled = true;
    this.testOutput.className = 'test-result running';
    this.testOutput.textContent = this.strings.testing;
    this.post({ type: 'test', requestId: ++this.testRequestId, input: this.collect() });
  }

  testResult(requestId: number, result: FormTestResult | undefined, errors: FieldErrors): void {
    if (requestId !== this.testRequestId) return;
    this.testButton.disabled = false;
    if (!result) {
      this.testOutput.className = 'test-result';
      this.testOutput.textContent = '';
      this.showErrors(errors);
      return;
    }
    const outcome = result.success ? 'passed' : result.skipped ? 'skipped' : 'failed';
    this.testOutput.className = `test-result ${outcome}`;
    const { strings } = this;
    this.testOutput.textContent = result.success
      ? `✓ ${testWorksText(strings, result.modelCount ?? 0, Math.round(result.latencyMs))}`
      : result.skipped
        ? `– ${result.errorMessage ?? strings.nothingToTest}`
        : `✗ ${result.errorMessage ?? result.errorKind ?? strings.testFailed}`;
    this.testOutput.scrollIntoView({ block: 'nearest' });
  }

  showErrors(errors: FieldErrors, message?: string): void {
    const shown = new Set<string>();
    for (const slot of this.root.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const key = slot.dataset.errorFor!;
      const text = errors[key] ?? '';
      slot.textContent = text;
      this.controls.get(key)?.setInvalid(text !== '');
      if (text) {
        shown.add(key);
        // A field with a problem is never left inside a closed section.
        const section = slot.closest('details');
        if (section) section.open = true;
      }
    }
    const unplaced = Object.entries(errors).filter(([key]) => !shown.has(key)).map(([, text]) => text);
    const formMessage = unplaced.length > 0 ? unplaced.join(' ') : Object.keys(errors).length === 0 ? (message ?? '') : '';
    this.formError.textContent = formMessage;
    const first = [...shown][0];
    if (first) (this.controls.get(first) ?? this.maps.get(first))?.focus();
  }
}
