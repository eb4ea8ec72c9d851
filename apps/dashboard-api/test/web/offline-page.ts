import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '@codec-lab/testing';

/** A headless Chromium page that may load only from `base` (anything else is aborted), collecting page errors. */
export async function openOfflinePage(base: string): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  return { browser, page, pageErrors };
}
