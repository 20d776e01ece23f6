/** VS Code's Chat view, driven as a user would: its input, model picker and responses. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeRegExp, type Workbench } from './workbench';

/** VS Code's Chat view in the secondary side bar: its input, model picker and responses. */
export function chatViewOf(workbench: Workbench) {
  const page = workbench.page;
  const part = page.locator('#workbench\\.parts\\.auxiliarybar');
  const input = part.locator('.interactive-input-part .monaco-editor').first();
  // The picker's own list, not the panel a model's submenu opens beside it on hover.
  const picker = page.locator('.action-widget:not(.action-list-submenu-panel)').filter({ visible: true });
  const rows = picker.locator('.monaco-list-row');
  const signIn = page.locator('.chat-setup-dialog');
  const entries = () => rows.evaluateAll((els) => els.map((el) => `${el.querySelector('.title')?.textContent ?? ''} | ${el.querySelector('.description')?.textContent ?? ''}`));
  return {
    input,
    /** Opens the model picker, with its "Other Models" group unfolded, until it offers `expected`; returns what it offers. */
    async openModelPicker(expected: string[], timeoutMs = 10_000): Promise<string[]> {
      await part.locator('.model-picker-split a.model-picker-name').click();
      await rows.first().waitFor();
      let unfolded = false;
      return waitFor(
        async () => {
          const now = await entries();
          if (expected.every((e) => now.includes(e))) return now;
          const others = rows.filter({ hasText: /^\s*Other Models\s*$/ });
          if (!unfolded && (await others.count()) > 0) {
            await others.click();
            unfolded = true;
          }
          return undefined;
        },
        timeoutMs,
        async () => `the model picker offers ${expected.join(' and ')}; it offers: ${(await entries()).join('; ')}`,
      );
    },
    /**
     * Opens the model picker until it offers `expected`, closing and opening it again while it
     * does not: an open picker shows the models as they were when it opened. Returns what it offers.
     */
    async reopenModelPickerUntil(expected: string[], timeoutMs = 15_000): Promise<string[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          return await this.openModelPicker(expected, 2_000);
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await page.keyboard.press('Escape');
          await picker.waitFor({ state: 'hidden' });
        }
      }
    },
    /** Chooses the model whose detail is `detail` in the picker. */
    async chooseModel(detail: string): Promise<void> {
      if (!(await picker.isVisible())) await this.openModelPicker([]);
      const row = rows.filter({ has: page.locator('.description', { hasText: new RegExp(`^${escapeRegExp(detail)}$`) }) });
      if ((await row.count()) === 0) await rows.filter({ hasText: /^\s*Other Models\s*$/ }).click();
      await row.click();
      await picker.waitFor({ state: 'hidden' });
    },
    async send(text: string): Promise<void> {
      await input.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    /**
     * Scrolls the conversation back to the start of its first response (a failed response's stack
     * runs long), for a screenshot: as far as 20 turns of the mouse wheel take it.
     */
    async scrollToTop(): Promise<void> {
      const first = part.locator('.interactive-response').first();
      const list = part.locator('.interactive-list').first();
      await list.hover();
      for (let turn = 0; turn < 20; turn++) {
        const box = await first.boundingBox();
        const top = (await list.boundingBox())?.y ?? 0;
        if (box && box.y >= top) return;
        await page.mouse.wheel(0, -1_000);
      }
    },
    /** Waits for a response matching `pattern` (failing at once should Chat ask to sign in); returns its text. */
    async response(pattern: RegExp): Promise<string> {
      const response = part.locator('.interactive-response', { hasText: pattern }).last();
      await response.or(signIn).first().waitFor();
      assert.equal(await signIn.isVisible(), false, 'Chat asked to sign in to GitHub Copilot');
      return (await response.innerText()).trim();
    },
  };
}

export /** Polls `value` until it is defined; past the deadline fails naming what was awaited. */
async function waitFor<T>(value: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string | (() => Promise<string>)): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await value();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`${typeof what === 'string' ? what : await what()}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}
