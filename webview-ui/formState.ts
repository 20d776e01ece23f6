/**
 * What the connection form holds apart from its elements, in plain data: the values read from its
 * controls as a connection input, whether they differ from the values saved, the request ids of
 * Save and Test (an answer to an older request is stale and changes nothing), the values typed
 * per provider, and what an unsaved-changes draft may hold: never a key typed into a secret field.
 * It knows no DOM, so it runs and is tested in plain Node; form.ts reads the controls into it.
 */
import { suggestAlias } from '../src/domain/alias';
import type { ConnectionInput } from '../src/domain/connection';
import { fieldApplies, type ProviderDescriptor } from '../src/domain/providers/descriptor';
import type { ChatChoice, WebviewMessage } from '../src/protocol/formProtocol';

/** What the form's controls hold, as they read. */
export interface FormReading {
  name: string;
  alias: string;
  scope: string;
  /** The Folder field's value (several workspace folders only). */
  folder?: string;
  isActive: boolean;
  /** A provider field's control value by field key (text, choice or check box); map fields are in `maps`. */
  fields: Record<string, string | boolean>;
  /** A map field's entries by field key (see `mapEntries`). */
  maps: Record<string, Record<string, string>>;
}

/** The form's values and its Chat section as typed: what decides whether the form is dirty. */
export interface FormSnapshot {
  input: ConnectionInput;
  chat: unknown;
}

type SaveMessage = Extract<WebviewMessage, { type: 'save' }>;
type TestMessage = Extract<WebviewMessage, { type: 'test' }>;
type DirtyMessage = Extract<WebviewMessage, { type: 'dirty' }>;

/** A provider's field values as a connection input holds them; fields whose `when` condition fails left out. */
export function fieldValues(provider: ProviderDescriptor, reading: Pick<FormReading, 'fields' | 'maps'>): ConnectionInput['values'] {
  const values: ConnectionInput['values'] = {};
  for (const field of provider.fields) {
    if (field.kind === 'map') {
      values[field.key] = reading.maps[field.key] ?? {};
      continue;
    }
    const value = reading.fields[field.key];
    if (value !== undefined) values[field.key] = field.kind === 'boolean' ? value === true : String(value);
  }
  for (const field of provider.fields) if (!fieldApplies(field, values, provider)) delete values[field.key];
  return values;
}

/** The form's values as a connection input: the alias trimmed, the folder only for a workspace connection. */
export function connectionInput(provider: ProviderDescriptor, reading: FormReading): ConnectionInput {
  const scope = reading.scope === 'workspace' ? 'workspace' : 'global';
  const folder = scope === 'workspace' ? reading.folder : undefined;
  return {
    providerId: provider.id,
    name: reading.name,
    alias: reading.alias.trim(),
    scope,
    ...(folder ? { folder } : {}),
    isActive: reading.isActive,
    values: fieldValues(provider, reading),
  };
}

/**
 * The entries of a map field's rows (names trimmed), leaving out rows with neither a name nor a
 * value. A row with a value and no name is kept (under the empty name) for the checks to report.
 */
export function mapEntries(rows: readonly { key: string; value: string }[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key !== '' || row.value !== '') entries[key] = row.value;
  }
  return entries;
}

/** The input without anything typed into a secret field (a key field, a secrets map): what a draft may hold. */
export function draftOf(provider: ProviderDescriptor, input: ConnectionInput): ConnectionInput {
  const values = { ...input.values };
  for (const field of provider.fields) {
    if (field.kind === 'password') delete values[field.key];
    if (field.kind === 'map' && field.secret) delete values[field.key];
  }
  return { ...input, values };
}

const keyOf = (snapshot: FormSnapshot): string => JSON.stringify([snapshot.input, snapshot.chat]);

export class FormState {
  /** The values as saved; undefined for a restored draft, which is unsaved by definition. */
  private savedKey: string | undefined;
  /** Whether the host was last told the form is dirty. */
  private reportedDirty = false;
  private saveRequestId = 0;
  private savePending = false;
  private testRequestId = 0;
  /** The latest hint request per field, so a late answer for an older value is dropped. */
  private readonly hintRequests = new Map<string, number>();
  private hintRequestId = 0;
  /**
   * Values typed per provider and field (`openai/baseUrl`): switching provider gives every field the
   * new provider's default, and switching back brings back what was typed for that provider. A
   * value never carries over to another provider (OpenAI's base URL would take Anthropic's key there).
   */
  private readonly remembered = new Map<string, string | boolean>();
  /** The alias was typed by the user (or the connection has one): the name no longer suggests it. */
  private aliasEdited: boolean;

  constructor(mode: 'create' | 'edit') {
    this.aliasEdited = mode === 'edit';
  }

  /** The values the form starts with; a restored draft is dirty from the start. */
  start(snapshot: FormSnapshot, restoredDraft: boolean): void {
    this.savedKey = restoredDraft ? undefined : keyOf(snapshot);
  }

  /**
   * After any change: the message telling the host the form is dirty (with a draft, keys left out)
   * or clean again, or undefined when there is nothing new to tell.
   */
  changed(provider: ProviderDescriptor, snapshot: FormSnapshot): DirtyMessage | undefined {
    const dirty = keyOf(snapshot) !== this.savedKey;
    const report = dirty || this.reportedDirty;
    this.reportedDirty = dirty;
    if (!report) return undefined;
    return { type: 'dirty', dirty, ...(dirty ? { draft: draftOf(provider, snapshot.input) } : {}) };
  }

  /** The alias to suggest for a name typed, or undefined once the user has typed an alias. */
  nameChanged(name: string): string | undefined {
    return this.aliasEdited ? undefined : suggestAlias(name);
  }

  /** The user typed into the Alias field: an alias left empty is suggested from the name again. */
  aliasChanged(alias: string): void {
    this.aliasEdited = alias !== '';
  }

  /**
   * The save request, or undefined while one is pending (a second Save sends nothing) or when
   * `prepare` (which checks the values and shows what is wrong) gives nothing to save.
   */
  requestSave(prepare: () => { input: ConnectionInput; chat?: ChatChoice } | undefined): SaveMessage | undefined {
    if (this.savePending) return undefined;
    const payload = prepare();
    if (!payload) return undefined;
    this.savePending = true;
    const { input, chat } = payload;
    return { type: 'save', requestId: ++this.saveRequestId, input, ...(chat ? { chat } : {}) };
  }

  /**
   * The host's answer to a save: false for a stale one (not the latest request), which changes
   * nothing. Otherwise Save is possible again and, when saved, `saved` holds the values now.
   */
  saveAnswered(requestId: number, saved: FormSnapshot | undefined): boolean {
    if (requestId !== this.saveRequestId) return false;
    this.savePending = false;
    if (saved) this.savedKey = keyOf(saved);
    return true;
  }

  /** A test request for the values as they are now; each one makes the answers to the earlier ones stale. */
  requestTest(input: ConnectionInput): TestMessage {
    return { type: 'test', requestId: ++this.testRequestId, input };
  }

  /** Whether a test answer is for the latest test request. */
  testAnswered(requestId: number): boolean {
    return requestId === this.testRequestId;
  }

  /** A new hint request id for a field, making earlier answers for the field stale. */
  hintRequested(field: string): number {
    const requestId = ++this.hintRequestId;
    this.hintRequests.set(field, requestId);
    return requestId;
  }

  /** The field holds no reference any more: every answer for it is stale. */
  hintDropped(field: string): void {
    this.hintRequests.delete(field);
  }

  hintAnswered(field: string, requestId: number): boolean {
    return this.hintRequests.get(field) === requestId;
  }

  /** Keeps what was typed into a provider's fields, for when the user switches back to it. */
  remember(providerId: string, fields: Record<string, string | boolean>): void {
    for (const [key, value] of Object.entries(fields)) this.remembered.set(`${providerId}/${key}`, value);
  }

  /** What a provider's fields start with: the values given, else what was typed for the provider, else the defaults. */
  initialValues(provider: ProviderDescriptor, given: Record<string, unknown> | undefined): Record<string, unknown> {
    return Object.fromEntries(provider.fields.map((f) => [f.key, given?.[f.key] ?? this.remembered.get(`${provider.id}/${f.key}`) ?? f.default]));
  }
}
