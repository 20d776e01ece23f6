/**
 * The form's Chat section: whether the connection's models are offered in VS Code's Chat (and to
 * extensions through vscode.lm), and which of them. The same choice as Choose Chat Models….
 */
import type { ChatChoice, FormChat } from '../src/protocol/formProtocol';
import { help, note } from './layout';
import type { FormStrings } from './strings';
import { checkbox, type Control } from './toolkit';

export class ChatSection {
  readonly element: HTMLFieldSetElement;
  private readonly use: Control;
  private readonly models = new Map<string, Control>();

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
    if (kind === 'deployments') {
      this.element.append(note(strings.chatDeployments));
    } else if (chat.models.length === 0) {
      this.element.append(note(strings.chatNoModels));
    } else {
      const list = document.createElement('div');
      list.className = 'chat-models';
      list.setAttribute('role', 'group');
      list.setAttribute('aria-label', strings.chatModels);
      for (const model of chat.models) {
        const box = checkbox({ name: `chatModel:${model.id}`, label: `${model.id}  (${model.description})`, checked: chat.chosen ? chat.chosen.includes(model.id) : true });
        box.onChange(onChange);
        this.models.set(model.id, box);
        list.append(box.element);
      }
      this.element.append(list);
    }
    this.applyUse();
  }

  private applyUse(): void {
    const on = this.use.value() === true;
    for (const box of this.models.values()) box.setDisabled(!on);
  }

  value(): ChatChoice {
    const useInChat = this.use.value() === true;
    const checked = [...this.models].filter(([, box]) => box.value() === true).map(([id]) => id);
    return checked.length === this.models.size ? { useInChat } : { useInChat, chosen: checked };
  }
}
