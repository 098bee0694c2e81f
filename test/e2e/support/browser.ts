// Debian's Chromium driven by playwright-core, in a fresh profile, recording every request that
// leaves localhost: the product must never reach another host (no CDN, no fonts, no telemetry).
//
//   describe.skipIf(!chromiumAvailable())('...', () => { ... })   // under CI=true a missing
//   const b = await openBrowser(app.baseUrl);                      // Chromium throws instead
//   ... b.page ...
//   b.assertNoExternalRequests();
//   await b.close();
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { OUTPUT_DIR } from './app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests can run. In CI a missing Chromium is a failure, not a skip. */
export function chromiumAvailable(): boolean {
  const found = fs.existsSync(CHROMIUM);
  if (!found && process.env.CI === 'true') {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\``);
  }
  return found;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A URL that reaches another host (data:, blob: and about: stay inside the page). */
export function leavesLocalhost(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:' || u.protocol === 'chrome-extension:') return false;
  return !LOCAL_HOSTS.has(u.hostname);
}

export interface Browsing {
  context: BrowserContext;
  page: Page;
  /** Every request (page, worker, subresource) that left localhost, in order. */
  external: string[];
  /** Console errors and uncaught page errors (CSP violations show up here). */
  pageErrors: string[];
  assertNoExternalRequests(): void;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /**
   * Chromium's own site setting "block cookies of `site` when embedded in `inSite`" (a content
   * setting exception in the profile, as chrome://settings/content/cookies makes it), covering
   * partitioned cookies too: how a browser that blocks all third-party cookies treats a frame.
   */
  blockCookies?: { site: string; inSite: string };
}

export async function openBrowser(baseUrl: string, opts: BrowserOptions = {}): Promise<Browsing> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-chromium-'));
  if (opts.blockCookies) {
    fs.mkdirSync(path.join(profile, 'Default'));
    const exceptions = { cookies: { [`${opts.blockCookies.site},${opts.blockCookies.inSite}`]: { setting: 2 } } };
    fs.writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { content_settings: { exceptions } } }));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL: baseUrl,
    viewport: { width: 1400, height: 900 },
  });
  const external: string[] = [];
  const pageErrors: string[] = [];
  const watch = (url: string) => {
    if (leavesLocalhost(url)) external.push(url);
  };
  context.on('request', (req) => watch(req.url()));
  // Requests made by dedicated workers (Monaco's) are reported by the worker, not the page.
  const watchPage = (p: Page) => {
    p.on('worker', (w) => watch(w.url()));
    p.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
  };
  context.on('page', watchPage);
  const page = context.pages()[0] ?? (await context.newPage());
  watchPage(page);
  return {
    context,
    page,
    external,
    pageErrors,
    assertNoExternalRequests() {
      if (external.length > 0) throw new Error(`requests left localhost:\n  ${external.join('\n  ')}`);
    },
    async screenshot(name: string) {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      const file = path.join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
