/**
 * Words the domain holds as data (provider field labels, help, options, capability names): they
 * are English in the catalog and translated here, by the same bundle. `npm run l10n` adds every
 * catalog text to `l10n/bundle.l10n.json`, since they are not written as `l10n.t('...')` calls.
 */
import * as l10n from '@vscode/l10n';
import type { FieldDescriptor, ProviderDescriptor } from '../../domain/providers/descriptor';

/** A catalog text in the display language (the English text when no translation exists). */
export function term(english: string, args?: Record<string, string>): string {
  // Without arguments the text's `{name}` placeholders are kept as written.
  return english === '' ? english : l10n.t(english, args ?? {});
}

function localizeField(field: FieldDescriptor): FieldDescriptor {
  return {
    ...field,
    label: term(field.label),
    ...(field.help !== undefined ? { help: term(field.help, field.helpArgs) } : {}),
    ...(field.placeholder !== undefined && /[a-z] [a-z]/i.test(field.placeholder) ? { placeholder: term(field.placeholder) } : {}),
    ...(field.options ? { options: field.options.map((o) => ({ ...o, label: term(o.label) })) } : {}),
  };
}

export function localizeProvider(provider: ProviderDescriptor): ProviderDescriptor {
  return { ...provider, description: term(provider.description), fields: provider.fields.map(localizeField) };
}

/** Every catalog text `term` may be asked for, for the bundle generator and its test. */
export function catalogTerms(providers: readonly ProviderDescriptor[], extra: readonly string[]): string[] {
  const out = new Set<string>(extra);
  for (const provider of providers) {
    if (provider.description) out.add(provider.description);
    for (const field of provider.fields) {
      out.add(field.label);
      if (field.help) out.add(field.help);
      if (field.placeholder && /[a-z] [a-z]/i.test(field.placeholder)) out.add(field.placeholder);
      for (const option of field.options ?? []) out.add(option.label);
    }
  }
  return [...out].filter((t) => t !== '');
}
