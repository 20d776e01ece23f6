/** In-memory files and scripted text input for the import and export commands. */
import type { FilePorts, TextInputOptions } from '../../src/ui/ports';

export class FakeFiles implements FilePorts {
  readonly files = new Map<string, Uint8Array>();
  readonly opened: string[] = [];
  readonly inputs: TextInputOptions[] = [];
  /** Answers for input boxes, in order; undefined = dismissed. */
  answers: (string | undefined)[] = [];
  /** The file the open dialog picks; undefined = dismissed. */
  openPick: string | undefined;
  /** The file the save dialog picks; undefined = dismissed. */
  savePick: string | undefined;
  saveDefaults: string[] = [];

  put(uri: string, text: string | Uint8Array): void {
    this.files.set(uri, typeof text === 'string' ? new TextEncoder().encode(text) : text);
  }
  text(uri: string): string {
    return new TextDecoder().decode(this.files.get(uri));
  }
  uriOf(arg: unknown): string | undefined {
    return typeof arg === 'object' && arg !== null && 'fakeUri' in arg ? String((arg as { fakeUri: string }).fakeUri) : undefined;
  }
  nameOf(uri: string): string {
    return uri.split('/').pop() ?? uri;
  }
  /** The filters each open dialog offered. */
  readonly openFilters: Record<string, string[]>[] = [];
  async pickOpenFile(options: { filters: Record<string, string[]> }): Promise<string | undefined> {
    this.openFilters.push(options.filters);
    return this.openPick;
  }
  async pickSaveFile(options: { defaultName: string }): Promise<string | undefined> {
    this.saveDefaults.push(options.defaultName);
    return this.savePick;
  }
  async readFile(uri: string): Promise<Uint8Array> {
    const data = this.files.get(uri);
    if (!data) throw new Error(`${uri} not found`);
    return data;
  }
  async writeFile(uri: string, text: string): Promise<void> {
    this.put(uri, text);
  }
  async openFile(uri: string): Promise<void> {
    this.opened.push(uri);
  }
  async input(options: TextInputOptions): Promise<string | undefined> {
    this.inputs.push(options);
    return this.answers.shift();
  }
}
