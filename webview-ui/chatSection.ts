/**
 * The form's Chat section: whether the connection's models are offered in VS Code's Chat (and to
 * extensions through vscode.lm), which of them, and each model's settings (tool calling, image
 * input, token limits) behind its Adjust… disclosure. The same choice as Choose Chat Models…; the
 * settings are saved with the connection into the user's settings.
 */
import { parseTokenCount, type ModelValues, type ValueSource } from '../src/domain/chat/overrides';
import type { ChatChoice, FormChat, FormModel, ModelChange } from '../src/protocol/formProtocol';
import { describeValues, sourceText, tokenCountText } from '../src/ui/text/modelValues';
import { formatNumber } from '../src/ui/text/language';
import { help, note } from './layout';
import { fill, type FormStrings } from './strings';
import { button, checkbox, textField, type Control } from './toolkit';

export class ChatSection {
  readonly element: HTMLFieldSetElement;
  private readonly use: Control;
  private readonly rows: ModelRow[] = [];

  constructor(chat: FormChat, strings: FormStrings, kind: 'models' | 'deployments', onChange: () => void) {
    this.element = document.createElement('fieldset');
    this.element.className = 'map chat';
    const legend = document.createElement('legend');
    legend.textContent = strings.chat;
    this.element.append(legend, help('chat', strings.chatHelp));
    this.use = checkbox({ name: 'useInChat', label: strings.useInChat, checked: chat.useInChat });
    this.use.onChange(() => {
      this.applyUse();
      onChange();
    });
    this.element.append(this.use.element);
    if (kind === 'deployments') this.element.append(note(strings.chatDeployments));
    else if (chat.models.length === 0) this.element.append(note(strings.chatNoModels));
    if (chat.models.length > 0) {
      const list = document.createElement('div');
      list.className = 'chat-models';
      list.setAttribute('role', 'group');
      list.setAttribute('aria-label', strings.chatModels);
      // Azure's deployments are all offered: their settings can be adjusted, not chosen here.
      const choosable = kind === 'models';
      for (const [index, model] of chat.models.entries()) {
        const row = new ModelRow(model, index, strings, choosable ? (chat.chosen ? chat.chosen.includes(model.id) : true) : undefined, onChange);
        this.rows.push(row);
        list.append(row.element);
      }
      this.element.append(list, help('chat-models', strings.modelSettingsHelp));
    }
    this.applyUse();
  }

  private applyUse(): void {
    const on = this.use.value() === true;
    for (const row of this.rows) row.setChoosable(on);
  }

  /** Checks the token limits typed; shows what is wrong beside each, and opens and focuses the first. */
  validate(): boolean {
    let first: ModelRow | undefined;
    for (const row of this.rows) if (!row.validate()) first ??= row;
    first?.focusProblem();
    return first === undefined;
  }

  /** What the section holds now, as typed (for the form's unsaved-changes state). */
  stateKey(): unknown {
    return [this.use.value(), this.rows.map((row) => row.stateKey())];
  }

  /** The choice to save; call `validate` first. */
  value(): ChatChoice {
    const useInChat = this.use.value() === true;
    const choosable = this.rows.filter((row) => row.checked !== undefined);
    const checked = choosable.filter((row) => row.checked).map((row) => row.id);
    const models = this.rows.flatMap((row) => row.change() ?? []);
    return {
      useInChat,
      ...(checked.length === choosable.length ? {} : { chosen: checked }),
      ...(models.length > 0 ? { models } : {}),
    };
  }
}

type Toggle = 'toolCalling' | 'imageInput';
type Limit = 'maxInputTokens' | 'maxOutputTokens';

/** One model: its check box (offered in Chat), its values in a line, and its settings behind Adjust…. */
class ModelRow {
  readonly element: HTMLElement;
  readonly id: string;
  private readonly box: Control | undefined;
  private readonly description: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly toggles = new Map<Toggle, { control: Control; source: HTMLElement }>();
  private readonly limits = new Map<Limit, { control: Control; help: HTMLElement; error: HTMLElement }>();
  private readonly resetButton: HTMLElement & { disabled: boolean };
  /** Reset to the server's values was pressed: the values start from those without the user's entry. */
  private reset = false;

  constructor(
    private readonly model: FormModel,
    index: number,
    private readonly strings: FormStrings,
    checked: boolean | undefined,
    private readonly onChange: () => void,
  ) {
    this.id = model.id;
    const key = `chat-model-${index}`;
    this.element = document.createElement('div');
    this.element.className = 'chat-model';
    const head = document.createElement('div');
    head.className = 'chat-model-head';
    this.description = document.createElement('span');
    this.description.className = 'chat-model-description';
    this.description.id = `${key}-description`;
    if (checked !== undefined) {
      this.box = checkbox({ name: `chatModel:${model.id}`, label: model.id, checked });
      this.box.element.setAttribute('aria-describedby', this.description.id);
      this.box.onChange(onChange);
      head.append(this.box.element);
    } else {
      const name = document.createElement('span');
      name.className = 'chat-model-name';
      name.textContent = model.id;
      head.append(name);
    }
    head.append(this.description);

    this.details = document.createElement('details');
    this.details.className = 'chat-model-adjust';
    const summary = document.createElement('summary');
    summary.textContent = strings.modelAdjust;
    summary.id = `${key}-adjust`;
    summary.setAttribute('aria-label', fill(strings.modelAdjustLabel, { model: model.id }));
    const body = document.createElement('div');
    body.className = 'chat-model-settings';
    body.setAttribute('role', 'group');
    body.setAttribute('aria-labelledby', summary.id);
    for (const [name, label] of [
      ['toolCalling', strings.modelToolCalling],
      ['imageInput', strings.modelImageInput],
    ] as const) {
      const control = checkbox({ name: `${key}-${name}`, label, checked: model.values[name] });
      const source = document.createElement('span');
      source.className = 'model-source';
      source.id = `${key}-${name}-source`;
      control.element.setAttribute('aria-describedby', source.id);
      control.onChange(() => this.changed());
      const line = document.createElement('div');
      line.className = 'model-toggle';
      line.append(control.element, source);
      body.append(line);
      this.toggles.set(name, { control, source });
    }
    const numbers = document.createElement('div');
    numbers.className = 'model-limits';
    for (const [name, label] of [
      ['maxInputTokens', strings.modelInputTokens],
      ['maxOutputTokens', strings.modelOutputTokens],
    ] as const) {
      const control = textField({ name: `${key}-${name}`, label, value: String(model.values[name]), placeholder: String(model.base[name]), maxLength: 16 });
      control.element.setAttribute('inputmode', 'numeric');
      const hint = document.createElement('div');
      hint.className = 'help';
      hint.id = `${key}-${name}-help`;
      const error = document.createElement('div');
      error.className = 'error';
      error.id = `${key}-${name}-error`;
      error.setAttribute('aria-live', 'polite');
      control.setInvalid(false, `${hint.id} ${error.id}`);
      control.onChange(() => {
        if (error.textContent) this.validateLimit(name);
        this.changed();
      });
      const cell = document.createElement('div');
      cell.className = 'model-limit';
      cell.append(control.element, hint, error);
      numbers.append(cell);
      this.limits.set(name, { control, help: hint, error });
    }
    body.append(numbers);
    this.resetButton = button({ label: strings.modelReset, ariaLabel: `${strings.modelReset}: ${model.id}`, onClick: () => this.resetValues() });
    const actions = document.createElement('div');
    actions.className = 'model-actions';
    actions.append(this.resetButton);
    body.append(actions);
    this.details.append(summary, body);
    this.element.append(head, this.details);
    this.show();
  }

  get checked(): boolean | undefined {
    return this.box ? this.box.value() === true : undefined;
  }

  setChoosable(on: boolean): void {
    this.box?.setDisabled(!on);
  }

  /** Where the values start from: as offered now, or (after Reset) without the user's entry. */
  private get start(): { values: ModelValues; sources: Record<keyof ModelValues, ValueSource> } {
    return this.reset ? { values: this.model.base, sources: this.model.baseSources } : { values: this.model.values, sources: this.model.sources };
  }

  /** A token limit as typed: its number, the value without the user's entry when empty, or undefined when it is no number. */
  private limit(name: Limit): number | undefined {
    const parsed = parseTokenCount(String(this.limits.get(name)!.control.value()));
    return parsed.ok ? (parsed.value ?? this.model.base[name]) : undefined;
  }

  /** The values as the controls hold them (a limit that is no number: as it was). */
  private current(): ModelValues {
    const toggle = (name: Toggle) => this.toggles.get(name)!.control.value() === true;
    return {
      toolCalling: toggle('toolCalling'),
      imageInput: toggle('imageInput'),
      maxInputTokens: this.limit('maxInputTokens') ?? this.start.values.maxInputTokens,
      maxOutputTokens: this.limit('maxOutputTokens') ?? this.start.values.maxOutputTokens,
    };
  }

  /** Where a value as shown comes from: as it started, the server's (or table's, or assumed), or the user's. */
  private sourceOf(name: keyof ModelValues, value: ModelValues[keyof ModelValues]): ValueSource {
    const { values, sources } = this.start;
    if (value === values[name]) return sources[name];
    return value === this.model.base[name] ? this.model.baseSources[name] : 'user';
  }

  private changed(): void {
    this.show();
    this.onChange();
  }

  /** The line beside the model, each setting's source, and whether Reset can do anything. */
  private show(): void {
    const values = this.current();
    const sources = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, this.sourceOf(name as keyof ModelValues, value)])) as Record<keyof ModelValues, ValueSource>;
    const changed = Object.values(sources).includes('user');
    this.description.textContent = describeValues(values, changed);
    for (const [name, { source }] of this.toggles) source.textContent = sourceText(sources[name]);
    for (const [name, { help: hint }] of this.limits) {
      const base = fill(this.strings.modelTokensHelp, { value: formatNumber(this.model.base[name]), source: sourceText(this.model.baseSources[name]) });
      hint.textContent = sources[name] === 'user' ? `${sourceText('user')} · ${base}` : sourceText(sources[name]);
    }
    this.resetButton.disabled = !changed;
    this.resetButton.toggleAttribute('disabled', !changed);
  }

  private resetValues(): void {
    this.reset = true;
    for (const [name, { control }] of this.toggles) control.setValue(this.model.base[name]);
    for (const [name, { control, error }] of this.limits) {
      control.setValue(String(this.model.base[name]));
      control.setInvalid(false);
      error.textContent = '';
    }
    this.changed();
    this.toggles.get('toolCalling')!.control.focus();
  }

  private validateLimit(name: Limit): boolean {
    const { control, error } = this.limits.get(name)!;
    const parsed = parseTokenCount(String(control.value()));
    error.textContent = parsed.ok ? '' : tokenCountText(parsed.problem);
    control.setInvalid(!parsed.ok);
    return parsed.ok;
  }

  validate(): boolean {
    const input = this.validateLimit('maxInputTokens');
    const output = this.validateLimit('maxOutputTokens');
    return input && output;
  }

  /** Opens the settings and focuses the first limit that is wrong. */
  focusProblem(): void {
    this.details.open = true;
    for (const { control, error } of this.limits.values()) {
      if (error.textContent) {
        control.focus();
        return;
      }
    }
  }

  stateKey(): unknown {
    return [this.checked, this.reset, ...[...this.toggles.values()].map((t) => t.control.value()), ...[...this.limits.values()].map((l) => l.control.value())];
  }

  /** What changed against the values shown at first, or undefined when nothing did. */
  change(): ModelChange | undefined {
    const { values } = this.start;
    const current = this.current();
    const change: ModelChange = { id: this.id, ...(this.reset ? { reset: true as const } : {}) };
    for (const name of ['toolCalling', 'imageInput'] as const) if (current[name] !== values[name]) change[name] = current[name];
    for (const name of ['maxInputTokens', 'maxOutputTokens'] as const) {
      const typed = String(this.limits.get(name)!.control.value()).trim();
      if (typed === '') change[name] = null;
      else if (current[name] !== values[name]) change[name] = current[name];
    }
    return Object.keys(change).length > 1 ? change : undefined;
  }
}
