import { Role } from '@app/contracts';
import { ApiClient, mintToken, newBrandId } from '@app/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core: no browser download (`.ci/run` installs the package). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const ROOT = path.resolve(__dirname, '..', '..', '..');
/**
 * Screenshots go to test-results/screenshots on every run; `SCREENSHOTS=docs` writes them to
 * docs/screenshots instead, to refresh the README's pictures (committed) on purpose, not on each run.
 */
const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs'
    ? path.join(ROOT, 'docs', 'screenshots')
    : path.join(ROOT, 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A user of the dashboard: an API client for setup and the token the browser signs in with. */
export type DashboardUser = { api: ApiClient; token: string; brandId: number; brandName: string };

export function dashboardUser(gatewayUrl: string, role: Role, brandName = 'Humari'): DashboardUser {
  const brandId = newBrandId();
  const token = mintToken({
    userId: 1,
    username: 'martin',
    brands: [{ id: brandId, name: brandName, role }],
  });
  return { api: new ApiClient(gatewayUrl, token, brandId), token, brandId, brandName };
}

export type DashboardPage = {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: Array<{ method: string; url: string; headers: Record<string, string> }>;
};

/**
 * A fresh browser context already signed in (the session the sign-in screen would have stored), with
 * the page's uncaught errors and its API requests recorded for assertions.
 */
export async function openDashboard(
  browser: Browser,
  gatewayUrl: string,
  user: DashboardUser | null,
  options: { path?: string; viewport?: { width: number; height: number } } = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? LAPTOP,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(30_000);
  if (user) {
    // Runs before the page's own scripts on every navigation: the tab starts signed in (sessionStorage).
    await context.addInitScript(
      `if (!sessionStorage.getItem('megahub.token')) {
        sessionStorage.setItem('megahub.token', ${JSON.stringify(user.token)});
        sessionStorage.setItem('megahub.brand', ${JSON.stringify(String(user.brandId))});
      }`,
    );
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: DashboardPage['requests'] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/tasks/ui/')) return;
    requests.push({ method: request.method(), url: request.url(), headers: request.headers() });
  });
  await page.goto(`${gatewayUrl}/tasks/ui${options.path ?? '/'}`);
  return { context, page, errors, requests };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let charts and transitions settle; the caret would blink into the picture.
  await page.evaluate(
    'document.activeElement && document.activeElement.blur && document.activeElement.blur()',
  );
  await page.waitForTimeout(300);
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}
