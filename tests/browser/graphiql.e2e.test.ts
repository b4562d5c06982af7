// GraphiQL works with the network cut off: the page loads everything from the service itself,
// runs the ready-made 2018→2023 comparison tab (by GET) and shows the answer, under its
// Content-Security-Policy, without a single request leaving 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, offlinePage, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.runIf(browserAvailable())('GraphiQL in a browser without internet access', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the comparison tab and shows the answer, with nothing fetched from elsewhere', async () => {
    const { page, blocked, problems } = await offlinePage(browser);
    const response = await page.goto(server.url, { waitUntil: 'load' });
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    expect(response?.headers()['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The first of the ready-made tabs is the comparison; run it as a reader would, with the button.
    const run = page.getByRole('button', { name: /execute query/i });
    await run.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'GET' && r.url().includes('/graphql?') && r.url().includes('Compare2018To2023'),
    );
    await run.click();
    const answer = await answered;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toMatch(/^public, max-age=\d+$/);
    const body = (await answer.json()) as {
      data: {
        document: { compare: { summary: Record<string, number>; sections: { moved: boolean; renamed: boolean }[] } };
      };
    };
    expect(body.data.document.compare.sections.some((s) => s.moved)).toBe(true);
    expect(body.data.document.compare.sections.some((s) => s.renamed)).toBe(true);
    // And the reader sees it in the result pane (the editor shows the lines in view).
    const result = page.locator('.graphiql-response');
    await expect
      .poll(async () => (await result.innerText()).replace(/\s+/g, ' '), { timeout: 30_000 })
      .toContain('"title": "Working Together to Safeguard Children"');
    await screenshot(page, 'graphiql-comparison-tab');
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});
