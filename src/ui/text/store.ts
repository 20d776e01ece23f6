import * as l10n from '@vscode/l10n';
import type { StoreMessage } from '../../domain/store/messages';

export function storeText(message: StoreMessage): string {
  switch (message.code) {
    case 'store.notFound':
      return l10n.t('The connection no longer exists. It may have been deleted in another window.');
  }
}
