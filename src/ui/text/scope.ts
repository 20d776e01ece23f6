import * as l10n from '@vscode/l10n';
import type { Scope } from '../../domain/connection';

/** A scope as the user reads it: "Global" or "Workspace". */
export function scopeLabel(scope: Scope): string {
  return scope === 'global' ? l10n.t('Global') : l10n.t('Workspace');
}
