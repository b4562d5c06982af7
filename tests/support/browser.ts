// A real browser for tests: Chromium from Debian packages driven by playwright-core, with every
// request to anything but 127.0.0.1 blocked (and recorded), screenshots under .tmp/screenshots/,
// and axe-core injected from node_modules for accessibility checks.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p));

/** The Chromium executable, or null when none is installed. */
export function findChromium(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * Whether browser tests run here. Outside CI they skip, saying why, when no Chromium is installed;
 * in CI (CI=true) a missing Chromium is a failure, since .ci/run installs it.
 */
export function browserAvailable(): boolean {
  if (findChromium()) return true;
  if (process.env.CI === 'true')
    throw new Error(
      'CI=true but no Chromium was found (looked for ' + CANDIDATES.join(', ') + '); .ci/run installs it with apt-get',
    );
  console.warn(
    `Browser tests skipped: no Chromium found (looked for ${CANDIDATES.join(', ')}); install it with \`apt-get install chromium\` or set CHROMIUM_PATH`,
  );
  return false;
}

export const SCREENSHOT_DIR = join(process.cwd(), '.tmp', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium()!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface OfflinePage {
  page: Page;
  /** Requests the page tried to send anywhere but 127.0.0.1 (all of them were aborted). */
  blocked: string[];
  /** Content-Security-Policy violations and uncaught errors the page reported. */
  problems: string[];
}

/** A new page in its own context whose network reaches only 127.0.0.1 (blob: and data: stay local). */
export async function offlinePage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const blocked: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, blocked, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (injected from node_modules, no network) and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern
  // (a <script> tag would be refused by it, as it should be).
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
