// The history and compare pages in a real browser with the network cut off: the seed's 2018→2023
// comparison shows its moved and renamed chapters and, within them, its paragraph changes (the
// paragraph moved across chapters labelled with where it came from), insertions and deletions
// carry words as well as colour, the pages pass axe-core with no serious or critical violation on
// a desktop and a phone, every page loads nothing from elsewhere and breaks no rule of its
// Content-Security-Policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import {
  browserAvailable,
  launchBrowser,
  offlinePage,
  SCREENSHOT_DIR,
  screenshot,
  seriousViolations,
} from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SLUG = 'working-together-to-safeguard-children';
const PHONE = { width: 375, height: 740 };

describe.runIf(browserAvailable())('history pages in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    origin = new URL(server.url).origin;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the versions with their dates and change notes, and passes the accessibility check', async () => {
    const { page, blocked, problems } = await offlinePage(browser);
    const response = await page.goto(`${origin}/documents/${SLUG}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Working Together to Safeguard Children',
    );
    for (const label of ['2018', '2020', '2023'])
      await expect(page.getByRole('heading', { name: `Version ${label}` }).count()).resolves.toBe(1);
    await expect(page.locator('time[datetime="2023-12-15"]').first().innerText()).resolves.toBe('15 December 2023');
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await screenshot(page, 'history-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the 2018→2023 comparison with moved and renamed chapters, usable by keyboard', async () => {
    const { page, blocked, problems } = await offlinePage(browser);
    const response = await page.goto(`${origin}/documents/${SLUG}/compare/2018/2023`);
    expect(response?.status()).toBe(200);
    const main = page.getByRole('main');
    const text = (await main.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Moved: was section \d+, now section \d+/);
    expect(text).toMatch(/Renamed: was “[^”]+”/);
    expect(text).toContain('sections added');
    // Insertions and deletions are marked, and say so in words for those who cannot see the colour.
    expect(await page.locator('main ins').count()).toBeGreaterThan(0);
    expect(await page.locator('main del').count()).toBeGreaterThan(0);
    await expect(page.locator('main ins .visually-hidden').first().textContent()).resolves.toMatch(/inserted/);
    await expect(page.locator('main del .visually-hidden').first().textContent()).resolves.toMatch(/deleted/);
    // The skip link is the first stop for the keyboard, and it leads to the content.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#content');
    // Each change links to the change notes that say why.
    await page.getByRole('link', { name: 'Why: the change notes' }).first().click();
    await expect(page.getByRole('heading', { name: /Version 2023/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'compare-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.pick').isVisible()).resolves.toBe(false);
    await screenshot(page, 'compare-print');
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('draws paragraph changes in their sections: the moved paragraph labelled, inserted words marked, unchanged ones counted', async () => {
    const { page, blocked, problems } = await offlinePage(browser);
    await page.goto(`${origin}/documents/${SLUG}/compare/2018/2023`);
    // 2023 moved the education paragraph from "Organisational responsibilities" into the
    // multi-agency chapter: it is drawn there, labelled with where it came from.
    const chapter = page.getByRole('article', { name: 'Multi-agency safeguarding arrangements' });
    const moved = chapter
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 4 }) })
      .filter({ hasText: 'Moved from paragraph 3 in “Organisational responsibilities”' });
    await expect(moved.count()).resolves.toBe(1);
    await expect(moved.first().isVisible()).resolves.toBe(true);
    // Inserted words are marked inside their paragraph, and say so in words.
    const intro = page.getByRole('list', { name: 'Paragraphs of “Introduction”' });
    const inserted = intro.locator('ins', { hasText: 'help, support' });
    await expect(inserted.count()).resolves.toBe(1);
    await expect(inserted.textContent()).resolves.toBe('[inserted: help, support]');
    await expect(intro.getByRole('heading', { level: 4, name: 'Paragraph 1' }).count()).resolves.toBe(1);
    await expect(page.getByText('1 unchanged paragraph, not shown').first().isVisible()).resolves.toBe(true);
    // The label's link leads, by keyboard, to the chapter the paragraph left, which notes where it went.
    await moved.getByRole('link', { name: '“Organisational responsibilities”' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#section-organisational-responsibilities');
    await expect(
      page
        .getByRole('article', { name: 'Organisational responsibilities' })
        .getByText('Paragraph 3 moved to another section')
        .isVisible(),
    ).resolves.toBe(true);
    await chapter.screenshot({ path: join(SCREENSHOT_DIR, 'compare-paragraph-moved.png') });
    await screenshot(page, 'compare-paragraphs');
    expect(await seriousViolations(page)).toEqual([]);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is readable on a phone: no sideways scrolling, no serious accessibility violation', async () => {
    const { page, problems } = await offlinePage(browser, PHONE);
    await page.goto(`${origin}/documents/${SLUG}/compare/2018/2023`);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'compare-phone');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the version picker leads to the comparison it names', async () => {
    const { page } = await offlinePage(browser);
    await page.goto(`${origin}/documents/${SLUG}`);
    await page.getByLabel('From version').selectOption('2020');
    await page.getByLabel('To version').selectOption('2023');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(`${origin}/documents/${SLUG}/compare/2020/2023`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Working Together to Safeguard Children',
    );
  });

  it('answers an unknown document with an escaped 404 page that passes the accessibility check', async () => {
    const { page, problems } = await offlinePage(browser);
    const response = await page.goto(`${origin}/documents/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.getByRole('main').innerText()).resolves.toContain('<img src=x onerror=alert(1)>');
    await screenshot(page, 'not-found');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
