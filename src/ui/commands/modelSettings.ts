/**
 * A chat model's settings in a picker: tool calling and image input (selected to switch), the
 * input and output token limits (selected to type a number), each with where its value comes from,
 * and Reset to the server's values. Every change is written into the user's settings at once
 * (`aiConnections.chat.modelOverrides`, under `alias/model`) and VS Code's Chat gets it without a reload.
 */
import * as l10n from '@vscode/l10n';
import type { ChatModelInfo } from '../../domain/chat/models';
import { OverrideError, modelSettings, type ModelOverrides, overrideFor, parseTokenCount, type ModelSettings, type ModelValues } from '../../domain/chat/overrides';
import type { ModelOverride } from '../../domain/chat/overrideSchema';
import type { Connection } from '../../domain/connection';
import type { PickButton, PickItem, Ui } from '../ports';
import { say, sayError } from '../text';
import { describeValues, sourceText } from '../text/modelValues';
import { formatNumber } from '../text/language';

/** VS Code's command that opens the Settings editor, searching for its argument. */
const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';
const OVERRIDES_SETTING = 'aiConnections.chat.modelOverrides';

/** The gear beside each model of Choose Chat Models…. */
export function modelSettingsButton(): PickButton {
  return { id: 'modelSettings', icon: 'gear', tooltip: l10n.t('Model Settings…') };
}

type Action = 'toolCalling' | 'imageInput' | 'maxInputTokens' | 'maxOutputTokens' | 'reset' | 'openSettings';
type SettingItem = PickItem & { action: Action };

const onOff = (on: boolean) => (on ? l10n.t('On') : l10n.t('Off'));

/** A model's values as the pickers describe them (`128,000 in / 16,384 out · tools`), and whether the user changed any. */
export function describeSettings(settings: ModelSettings): string {
  return describeValues(settings.values, Object.values(settings.sources).includes('user'));
}

function items(model: ChatModelInfo, settings: ModelSettings): SettingItem[] {
  const { values, sources } = settings;
  const toggle = (action: 'toolCalling' | 'imageInput', label: string, on: string, off: string): SettingItem => ({
    action,
    label,
    description: `${onOff(values[action])} · ${sourceText(sources[action])}`,
    detail: values[action] ? off : on,
  });
  const tokens = (action: 'maxInputTokens' | 'maxOutputTokens', label: string, detail: string): SettingItem => ({
    action,
    label,
    description: `${formatNumber(values[action])} · ${sourceText(sources[action])}`,
    detail,
  });
  return [
    toggle('toolCalling', l10n.t('Tool calling'), l10n.t('Select to turn it on: Chat may then let the model call tools (Agent mode)'), l10n.t('Select to turn it off: Chat then sends the model no tools')),
    toggle('imageInput', l10n.t('Image input'), l10n.t('Select to turn it on: Chat may then attach images'), l10n.t('Select to turn it off: Chat then attaches no images')),
    tokens('maxInputTokens', l10n.t('Input tokens'), l10n.t('The most a request may send (the context window less the answer); select to change it')),
    tokens('maxOutputTokens', l10n.t('Output tokens'), l10n.t('The longest answer; select to change it')),
    ...(settings.entry ? [{ action: 'reset' as const, label: l10n.t("Reset to the Server's Values"), description: l10n.t('removes your settings of {model} for this connection', { model: model.id }) }] : []),
    ...(settings.shared ? [{ action: 'openSettings' as const, label: l10n.t('Open Settings'), description: l10n.t("your entry '{model}' applies to this model on every connection", { model: model.id }) }] : []),
  ];
}

/**
 * The settings of one model of a connection, until the user goes back (Escape). Each change is
 * saved at once; the picker then shows the new values, the changed item focused.
 */
export async function editModelSettings(ui: Ui, overrides: ModelOverrides, connection: Connection, model: ChatModelInfo): Promise<void> {
  let active: Action | undefined;
  for (;;) {
    const settings = modelSettings(model, connection.alias, overrides.current());
    const shown = items(model, settings);
    const focused = shown.find((item) => item.action === active);
    const picked = await ui.pick(shown, {
      title: l10n.t('Settings of {model} ({name})', { model: model.id, name: connection.name }),
      placeHolder: l10n.t('Select a setting to change it; Escape goes back'),
      ...(focused ? { active: focused } : {}),
    });
    if (!picked) return;
    active = picked.action;
    switch (picked.action) {
      case 'toolCalling':
      case 'imageInput':
        await save(ui, overrides, model, settings, { ...settings.values, [picked.action]: !settings.values[picked.action] });
        break;
      case 'maxInputTokens':
      case 'maxOutputTokens': {
        const count = await askTokens(ui, model, settings, picked.action);
        if (count !== undefined) await save(ui, overrides, model, settings, { ...settings.values, [picked.action]: count });
        break;
      }
      case 'reset':
        await write(ui, overrides, model, settings.key, undefined);
        active = undefined;
        break;
      case 'openSettings':
        await ui.executeCommand(OPEN_SETTINGS_COMMAND, OVERRIDES_SETTING);
        return;
    }
  }
}

/** Asks for a token limit; empty goes back to the value without the user's setting. Undefined when dismissed. */
async function askTokens(ui: Ui, model: ChatModelInfo, settings: ModelSettings, name: 'maxInputTokens' | 'maxOutputTokens'): Promise<number | undefined> {
  const base = l10n.t('{count} ({source})', { count: formatNumber(settings.base[name]), source: sourceText(settings.baseSources[name]) });
  const typed = await ui.input({
    title: name === 'maxInputTokens' ? l10n.t('Input tokens of {model}', { model: model.id }) : l10n.t('Output tokens of {model}', { model: model.id }),
    prompt: name === 'maxInputTokens' ? l10n.t('The most tokens a request may send. Leave it empty for {base}.', { base }) : l10n.t('The most tokens an answer may have. Leave it empty for {base}.', { base }),
    value: String(settings.values[name]),
    validate: (text) => {
      const parsed = parseTokenCount(text);
      return parsed.ok ? undefined : say(parsed.problem);
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseTokenCount(typed);
  return parsed.ok ? (parsed.value ?? settings.base[name]) : undefined;
}

/** Saves what the user wants of a model: what differs from its values without the entry. */
function save(ui: Ui, overrides: ModelOverrides, model: ChatModelInfo, settings: ModelSettings, wanted: ModelValues): Promise<void> {
  return write(ui, overrides, model, settings.key, overrideFor(wanted, settings.base));
}

async function write(ui: Ui, overrides: ModelOverrides, model: ChatModelInfo, key: string, override: ModelOverride | undefined): Promise<void> {
  try {
    const shadowed = await overrides.update([{ key, override }]);
    const empty = !override || Object.keys(override).length === 0;
    ui.flash('settings-gear', empty ? l10n.t('{model} uses the values without your settings', { model: model.id }) : l10n.t('Saved the settings of {model} in your user settings', { model: model.id }), 4000);
    tellShadowed(ui, shadowed);
  } catch (error) {
    if (!tellRefused(ui, error)) throw error;
  }
}

/** Says which entries a workspace's or folder's own entry wins for (the user's change is not what applies). */
export function tellShadowed(ui: Ui, shadowed: readonly { key: string; shadowedBy: 'workspace' | 'workspaceFolder' }[]): void {
  for (const { key, shadowedBy } of shadowed) {
    const open = l10n.t('Open Settings');
    const text =
      shadowedBy === 'workspace'
        ? l10n.t("This workspace's settings also set '{key}' in aiConnections.chat.modelOverrides, and win over your user settings.", { key })
        : l10n.t("This folder's settings also set '{key}' in aiConnections.chat.modelOverrides, and win over your user settings.", { key });
    offerSettings(ui.warn(text, open), ui, open);
  }
}

/** Tells why model settings were not saved, with Open Settings; false for an error of another kind. */
export function tellRefused(ui: Ui, error: unknown): boolean {
  if (!(error instanceof OverrideError)) return false;
  const open = l10n.t('Open Settings');
  offerSettings(ui.error(sayError(error), open), ui, open);
  return true;
}

/** A notification's Open Settings, answered whenever the user gets to it: the picker does not wait for it. */
function offerSettings(answer: Promise<string | undefined>, ui: Ui, open: string): void {
  void answer.then((choice) => (choice === open ? ui.executeCommand(OPEN_SETTINGS_COMMAND, OVERRIDES_SETTING) : undefined));
}
