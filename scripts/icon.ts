/**
 * Renders the extension's icon, scripts/icon.svg, to media/icon.png (128 × 128) with Chromium,
 * as the Extensions view and the Marketplace take only a PNG. Run after changing the SVG:
 * node --import tsx scripts/icon.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(__dirname, '..');
const svg = readFileSync(join(root, 'scripts', 'icon.svg'), 'utf8');

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(join(root, 'media', 'icon.png'), png);
  } finally {
    await browser.close();
  }
}

void main();
