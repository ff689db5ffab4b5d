import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, GREEN, RED, Rgb, solidImage } from '../../support/colour-images';
import { collectProblems, computedStyle, nextShownItemId, shownItemId, signInToConsole, styleBecomes } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';
import { TEST_TMP } from '../../support/paths';

/** The little of the DOM the page-side checks touch (test files compile without the DOM library). */
interface ImageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
}

describe('search page and similar past items in the review console, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;
  let submitter: TestKey;
  const decisions: Record<string, string> = {};

  beforeAll(async () => {
    // Every allow and block decision is sampled into `quality`, so every picture is kept for a review: thumbnails to show.
    ({ app, base } = await startConsoleServer('console-search', { MODERATION_REVIEW_SAMPLE_RATE: '1' }));
    reviewer = await createTestKey(app, 'reviewer', 'Robin');
    submitter = await createTestKey(app, 'submitter', 'shop-app');
    const moderate = async (name: string, colour: Rgb, size: number): Promise<void> => {
      const response = await fetch(`${base}/v1/moderations?policy=colours&subject=${name}`, { method: 'POST', body: await solidImage(colour, 'png', size), headers: { 'content-type': 'image/png', ...bearer(submitter) } });
      decisions[name] = ((await response.json()) as { id: string }).id;
    };
    // Two reds (blocked), two blues (held for review), one green: sizes differ, so each is a decision of its own.
    await moderate('red-1', RED, 256);
    await moderate('blue-1', BLUE, 128);
    await moderate('green-1', GREEN, 96);
    await moderate('red-2', RED, 200);
    await moderate('blue-2', BLUE, 160);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves a retained decision image to reviewers only, never cached', async () => {
    const url = `${base}/v1/decisions/${decisions['red-1']}/image`;
    const served = await fetch(url, { headers: bearer(reviewer) });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await served.arrayBuffer()).equals(await solidImage(RED, 'png', 256))).toBe(true);
    expect(((await (await fetch(url, { headers: bearer(submitter) })).json()) as { code: string }).code).toBe('AUTH_FORBIDDEN');
    expect((await fetch(url)).status).toBe(401);
    const unknown = await fetch(`${base}/v1/decisions/00000000-0000-4000-8000-000000000000/image`, { headers: bearer(reviewer) });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'DECISION_NOT_FOUND']);
    // The search page itself is public (it holds no data) and as locked down as the console.
    const searchPage = await fetch(`${base}/review/search`);
    expect(searchPage.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await searchPage.text()).toContain('<label for="search-text">Search past uploads by description</label>');
  });

  it('shows reviewed look-alikes beside an item, then finds red decisions first for "something red" with blurred thumbnails', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = collectProblems(page);
    await signInToConsole(page, base, reviewer.secret);
    await page.selectOption('#undo-seconds', '0');
    const first = await shownItemId(page);
    // Nothing reviewed yet: the list says so.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('similar-state').textContent === 'No similar item has been reviewed yet.');
    expect(await page.locator('#similar-list li').count()).toBe(0);
    const firstDecision = (await (await fetch(`${base}/v1/review/items/${first}`, { headers: bearer(reviewer) })).json()) as { decision: { id: string } };
    await page.keyboard.press('r');

    // The other blue image: the one just removed is its reviewed look-alike, with the verdict.
    await nextShownItemId(page, first);
    const similar = page.locator(`#similar-list li[data-decision-id="${firstDecision.decision.id}"]`);
    await similar.waitFor();
    expect(await page.locator('#similar-list li').count()).toBe(1);
    expect(await similar.locator('.verdict').textContent()).toMatch(/^Removed/);
    expect(Number((await similar.locator('.similarity').textContent())!.replace('similarity ', ''))).toBeGreaterThan(0.9);
    expect(await computedStyle(page, '#similar-list .thumb img', 'filter')).toContain('blur(');
    mkdirSync(TEST_TMP, { recursive: true });
    await page.screenshot({ path: join(TEST_TMP, 'console-similar.png') });

    // The header links to the search page; the tab's key signs it in.
    await page.click('#search-link');
    await page.waitForSelector('#search:not([hidden])');
    await page.fill('#search-text', 'something red');
    await page.click('#search-button');
    await page.waitForSelector('#results li');
    const ranked = await page.locator('#results li').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { decisionId: string } }).dataset.decisionId));
    expect(ranked).toHaveLength(5);
    expect(new Set(ranked.slice(0, 2))).toEqual(new Set([decisions['red-1'], decisions['red-2']]));
    expect(await page.locator('#results li').first().locator('.action').textContent()).toMatch(/^block/);
    expect(await page.textContent('#search-summary')).toContain('5 hits for “something red”');
    expect(await page.isHidden('#more')).toBe(true);
    // Each red thumbnail has loaded and is blurred; a click reveals one, another blurs it again.
    const thumb = page.locator('#results li').first().locator('.thumb');
    await page.waitForFunction((element) => (element as unknown as ImageElement).complete && (element as unknown as ImageElement).naturalWidth > 0, await thumb.locator('img').elementHandle());
    expect(await computedStyle(page, '#results li:first-child .thumb img', 'filter')).toContain('blur(');
    expect(await page.locator('#results .thumb.blurred').count()).toBe(5);
    const screenshot = join(TEST_TMP, 'console-search.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`search page screenshot: ${screenshot}`);
    await thumb.click();
    await styleBecomes(page, '#results li:first-child .thumb img', 'filter', 'none');
    await thumb.click();
    await styleBecomes(page, '#results li:first-child .thumb img', 'filter', 'blur(10px) saturate(0.6)');

    // Filters narrow the same search: only the reviewed blue, with its outcome.
    await page.selectOption('#filter-reviewed', 'true');
    await page.click('#search-button');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } }).document.querySelectorAll('#results li').length === 1);
    expect(await page.getAttribute('#results li', 'data-decision-id')).toBe(firstDecision.decision.id);
    expect(await page.textContent('#results li .outcome')).toMatch(/^removed/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
