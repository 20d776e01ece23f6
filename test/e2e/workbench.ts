/**
 * Drives the real VS Code workbench the way a user does: activity bar, command palette by title,
 * right-click menus, and the connection form through its `name=` inputs. Webviews are nested
 * iframes, reached through frame locators.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
export const artifactsDir = join(__dirname, 'artifacts');

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly profileDir: string,
  ) {}

  static async open(url: string, profileDir: string): Promise<Workbench> {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(url);
    await page.locator('.monaco-workbench .activitybar').waitFor();
    return new Workbench(context, page, profileDir);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  get sidebar(): Locator {
    return this.page.locator('#workbench\\.parts\\.sidebar');
  }

  /** Opens the AI Connections container from the activity bar (`title`: its name in the display language). */
  async openContainer(title = 'AI Connections'): Promise<void> {
    const tab = this.page.locator(`.activitybar a[aria-label="${title}"]`);
    const active = this.page.locator('.activitybar .action-item.checked');
    const noSidebar = this.page.locator('.monaco-workbench.nosidebar');
    await tab.waitFor();
    // A window that had the container open shows it again once the extension's views are
    // registered; until then no activity bar item is active. Wait for one to be, or for the side
    // bar to be hidden, before deciding: clicking the tab of the open container closes it.
    await active.or(noSidebar).first().waitFor();
    const open = (await noSidebar.count()) === 0 && (await active.locator(`a[aria-label="${title}"]`).count()) > 0;
    if (!open) await tab.click();
    await this.sidebar.locator('.title', { hasText: title }).first().waitFor();
  }

  /** Clicks an action of the view's title bar (shown on hover), by its label. */
  async viewAction(label: string): Promise<void> {
    const header = this.sidebar.locator('.composite.title, .pane-header').first();
    await header.hover();
    const selector = `.action-label[aria-label="${label}"]`;
    await this.clickRendered(this.sidebar.locator(selector).first(), selector);
  }

  /**
   * Clicks an element that VS Code may render anew at any moment: a title bar's actions are
   * rebuilt whenever a context key of their menu changes, which happens many times while the
   * built-in extensions start. A click whose mouse-down and mouse-up land on two renderings
   * runs no action (the browser sends it to their common parent, or nowhere), so click again
   * until the click event reaches an element matching `selector` that is still in the page.
   */
  private async clickRendered(target: Locator, selector: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // Plain script text: the page runs it as written (no helpers of the test's compiler).
      await this.page.evaluate(`(() => {
        const previous = globalThis.__clickProbe;
        if (previous) previous.remove();
        const probe = { received: false };
        function listener(event) {
          const element = event.target;
          probe.received = element instanceof Element && element.isConnected && element.closest(${JSON.stringify(selector)}) !== null;
          probe.remove();
        }
        probe.remove = function () { document.removeEventListener('click', listener, true); };
        document.addEventListener('click', listener, true);
        globalThis.__clickProbe = probe;
      })()`);
      await target.click();
      const received = await this.page.evaluate(`(() => {
        const probe = globalThis.__clickProbe;
        if (!probe) return false;
        probe.remove();
        return probe.received === true;
      })()`);
      if (received) return;
      process.stderr.write(`[e2e] click on ${selector} reached no action, clicking again\n`);
      if (attempt >= 4) throw new Error(`clicks on ${selector} kept landing on a replaced rendering`);
    }
  }

  /** Runs a command from the palette by its full title ("AI Connections: New Connection"). */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // The Chat view takes the focus back when its model list changes, which closes a palette that
    // has just opened: open it again then (three tries).
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ timeout: 5_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
    await row.waitFor();
    await row.click();
  }

  /**
   * Picks an entry of an open QuickPick by its label, typed into its filter first: a list renders
   * only the rows in view (the color themes of VS Code 1.139 run past the bottom).
   */
  async pick(label: string): Promise<void> {
    await this.page.locator('.quick-input-widget input').fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    await row.click();
  }

  /** A row of the Connections tree by its label (connection name or group). */
  treeItem(label: string): Locator {
    return this.sidebar.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  }

  /** The labels under a group node, in order. */
  async groupChildren(group: 'Workspace' | 'Global'): Promise<string[]> {
    const rows = this.sidebar.locator('.monaco-list-row');
    const labels: { level: number; label: string }[] = [];
    for (const row of await rows.all()) {
      labels.push({ level: Number(await row.getAttribute('aria-level')), label: (await row.locator('.label-name').first().textContent()) ?? '' });
    }
    const start = labels.findIndex((l) => l.level === 1 && l.label === group);
    if (start === -1) return [];
    const children: string[] = [];
    for (const entry of labels.slice(start + 1)) {
      if (entry.level === 1) break;
      children.push(entry.label);
    }
    return children;
  }

  /** Right-clicks a tree item and chooses a context-menu entry. */
  async contextMenu(item: Locator, entry: string): Promise<void> {
    await this.menuEntry(() => item.click({ button: 'right' }), entry);
  }

  /** Opens a menu (a context menu, or a button's drop-down) with `open` and chooses an entry. */
  async menuEntry(open: () => Promise<void>, entry: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const action = menu.locator('.action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${escapeRegExp(entry)}$`) });
    // VS Code ignores a click on a menu entry in the menu's first instants; a click that was
    // ignored leaves the menu open, so click again until the menu closes.
    for (let attempt = 0; ; attempt++) {
      if (!(await menu.isVisible())) {
        await open();
        await action.waitFor();
      }
      await action.click();
      try {
        await menu.waitFor({ state: 'hidden', timeout: 1_000 });
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  }

  /** The entries a context menu offers for an item (then closes it). */
  async contextMenuEntries(item: Locator): Promise<string[]> {
    await item.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label').first().waitFor();
    const entries = (await menu.locator('.action-item .action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    return entries;
  }

  /** The Problems panel's text once it matches (opened with Ctrl+Shift+M when hidden), or the last text seen. */
  async problems(pattern: RegExp, timeout = 30_000): Promise<string> {
    const panel = this.page.locator('.markers-panel');
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      if ((await panel.count()) === 0 || !(await panel.first().isVisible())) await this.page.keyboard.press('Control+Shift+M');
      last = (
        await panel
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
      if (pattern.test(last)) return last;
      await this.page.waitForTimeout(250);
    }
    return last;
  }

  /** The hover tooltip text of a tree item. */
  async tooltip(item: Locator): Promise<string> {
    await this.sidebar.locator('.composite.title').first().hover();
    await item.hover();
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).first();
    await hover.waitFor();
    return (await hover.innerText()).trim();
  }

  /** The connection form inside the active webview (iframe within iframe). */
  form(title: string | RegExp): ConnectionFormDriver {
    const frame = this.page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
    return new ConnectionFormDriver(this.page, frame, title);
  }

  /** A notification toast whose message matches. */
  notification(message: RegExp): Locator {
    return this.page.locator('.notification-toast .notification-list-item-message', { hasText: message }).first();
  }

  /**
   * Waits for a notification in the notification center, where every notification is listed.
   * VS Code shows no toast for a notification that follows three others within 800 ms (a test
   * with its progress and its result, then Test All with its own, come that fast), so a toast
   * alone would not tell whether the notification was raised.
   */
  async expectNotification(message: RegExp): Promise<void> {
    const center = this.page.locator('.notifications-center');
    await this.runCommand('Notifications: Show Notifications');
    await center.locator('.notification-list-item-message', { hasText: message }).first().waitFor();
    await this.runCommand('Notifications: Hide Notifications');
    await center.filter({ visible: true }).waitFor({ state: 'hidden' });
  }

  /** A notification's text and how many links VS Code rendered in it, read from the notification center. */
  async notificationContent(message: RegExp): Promise<{ text: string; links: number }> {
    const center = this.page.locator('.notifications-center');
    await this.runCommand('Notifications: Show Notifications');
    const item = center.locator('.notification-list-item-message', { hasText: message }).first();
    await item.waitFor();
    const content = { text: (await item.innerText()).trim(), links: await item.locator('a').count() };
    await this.runCommand('Notifications: Hide Notifications');
    await center.filter({ visible: true }).waitFor({ state: 'hidden' });
    return content;
  }

  /** The AI Connections status bar item. */
  statusBarItem(): Locator {
    return this.page.locator('.statusbar-item a[aria-label^="AI Connections:"]');
  }

  async statusBarTooltip(): Promise<string> {
    await this.page.locator('.statusbar').hover({ position: { x: 5, y: 5 } });
    await this.statusBarItem().hover();
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true, hasText: 'AI Connections' }).first();
    await hover.waitFor();
    return (await hover.innerText()).replace(/\s+/g, ' ');
  }

  /** The modal dialog VS Code shows for `{ modal: true }` messages. */
  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /**
   * Clicks a button of the modal dialog. A dialog that opens right after another may ignore a click
   * in its first instants (as a context menu does): click again while that dialog is still there.
   */
  async dialogButton(label: string): Promise<void> {
    const dialog = this.dialog();
    const message = (
      await dialog
        .locator('#monaco-dialog-message-text')
        .innerText()
        .catch(() => '')
    ).trim();
    const same = message ? dialog.filter({ hasText: message }) : dialog;
    for (let attempt = 0; ; attempt++) {
      await dialog.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click();
      try {
        await same.waitFor({ state: 'hidden', timeout: 2_000 });
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  }

  /** Saves a screenshot and the extension's log under artifacts/, named after the step. */
  async saveArtifacts(step: string, userDataDir: string): Promise<void> {
    mkdirSync(artifactsDir, { recursive: true });
    const safe = step.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
    await this.page.screenshot({ path: join(artifactsDir, `${safe}.png`) }).catch(() => undefined);
    for (const file of findFiles(join(userDataDir, 'logs'), (name) => name.includes('AI Connections'))) {
      copyFileSync(file, join(artifactsDir, `${safe}.log`));
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

export class ConnectionFormDriver {
  constructor(
    private readonly page: Page,
    readonly frame: FrameLocator,
    readonly title: string | RegExp,
  ) {}

  tab(): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: this.title });
  }

  async waitReady(): Promise<void> {
    await this.frame.locator('form[aria-label]').waitFor();
  }

  /** The text input of a field by its `name=`: a native input, or the one inside a toolkit element. */
  input(name: string): Locator {
    return this.frame.locator(`input[name="${name}"], [name="${name}"]:not(input) input`);
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values)) await this.input(name).fill(value);
  }

  /** Picks a provider by its name as shown (its accessible name adds its group: "Anthropic, Chat model providers"). */
  async selectProvider(displayName: string): Promise<void> {
    await this.frame.locator('[name="providerId"]').click();
    await this.frame.locator('[name="providerId"] vscode-option:not([disabled])', { hasText: new RegExp(`^\\s*${escapeRegExp(displayName)}\\s*$`) }).click();
  }

  async chooseScope(scope: 'global' | 'workspace'): Promise<void> {
    await this.frame.locator(`[name="scope"] vscode-radio[value="${scope}"]`).click();
  }

  async setSelect(name: string, label: string): Promise<void> {
    await this.frame.locator(`[name="${name}"]`).click();
    await this.frame.locator(`[name="${name}"]`).getByRole('option', { name: label, exact: true }).click();
  }

  button(label: 'Save' | 'Cancel' | string): Locator {
    return this.frame.getByRole('button', { name: label, exact: true });
  }

  errorFor(name: string): Locator {
    return this.frame.locator(`[data-error-for="${name}"]`);
  }

  async save(): Promise<void> {
    await this.button('Save').click();
  }

  /** Waits until the form's tab has closed (a successful save closes it). */
  async waitClosed(): Promise<void> {
    await this.tab().waitFor({ state: 'detached' });
  }
}

/**
 * The scenarios of a suite: each runs as a test and, when it fails, leaves a screenshot and the
 * extension's log in artifacts/, named after the suite and the scenario. `current` gives the
 * suite's workbench and host as they are when the scenario runs (they are made in `before`).
 */
export function scenarios(suite: string, current: () => { workbench: Workbench | undefined; host: { userDataDir: string } | undefined }): (name: string, body: () => Promise<void>) => void {
  return (name, body) =>
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        const { workbench, host } = current();
        if (workbench && host) await workbench.saveArtifacts(suite ? `${suite} ${name}` : name, host.userDataDir);
        throw error;
      }
    });
}

/** Waits until the first element's text (trimmed) matches, polling what the page shows; fails with the last text seen. */
export async function assertText(locator: Locator, pattern: RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      await locator
        .first()
        .innerText()
        .catch(() => '')
    ).trim();
    if (pattern.test(last)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.match(last, pattern);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findFiles(dir: string, match: (name: string) => boolean): string[] {
  const found: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) found.push(...findFiles(path, match));
    else if (match(name)) found.push(path);
  }
  return found;
}

export type { Browser };
