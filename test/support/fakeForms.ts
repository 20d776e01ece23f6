import type { HostMessage } from '../../src/protocol/formProtocol';
import type { FormView, FormViewFactory } from '../../src/ui/form/connectionForms';

/** A webview stand-in: keeps what the host posts, and lets the test send messages and close it. */
export class FakeFormView implements FormView {
  readonly posted: HostMessage[] = [];
  disposed = false;
  revealed = 0;
  constructor(
    readonly title: string,
    readonly events: { receive(data: unknown): void; closed(): void },
  ) {}
  post(message: HostMessage): void {
    this.posted.push(structuredClone(message));
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events.closed();
  }
  /** The user closes the tab. */
  close(): void {
    this.dispose();
  }
  last<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }> | undefined {
    return this.posted.filter((m) => m.type === type).at(-1) as Extract<HostMessage, { type: T }> | undefined;
  }
}

export class FakeFormViews implements FormViewFactory {
  readonly views: FakeFormView[] = [];
  create(title: string, events: { receive(data: unknown): void; closed(): void }): FakeFormView {
    const view = new FakeFormView(title, events);
    this.views.push(view);
    return view;
  }
  get last(): FakeFormView {
    return this.views.at(-1)!;
  }
}
