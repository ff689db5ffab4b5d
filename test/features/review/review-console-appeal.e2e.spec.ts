import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, solidImage } from '../../support/colour-images';
import { collectProblems, shownItemId, signInToConsole } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';
import { TEST_ARTIFACTS as ARTIFACTS } from '../../support/paths';

describe('an appeal in the review console, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let second: TestKey;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console-appeal'));
    const first = await createTestKey(app, 'reviewer', 'Robin');
    second = await createTestKey(app, 'reviewer', 'Sam');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    const call = async (path: string, key: TestKey, body: unknown): Promise<Record<string, any>> => {
      const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...bearer(key) } });
      return (await response.json()) as Record<string, any>;
    };
    const moderated = await fetch(`${base}/v1/moderations?policy=colours&subject=seller-42&source=listing-photo`, {
      method: 'POST',
      body: await solidImage(BLUE, 'png', 200),
      headers: { 'content-type': 'image/png', ...bearer(submitter) },
    });
    const decision = (await moderated.json()) as { id: string };
    // The first reviewer removes it with a note and labels; the uploader appeals.
    const claimed = await call('/v1/review/queues/review/claim', first, {});
    await call(`/v1/review/items/${claimed.item.id}/verdict`, first, {
      verdict: 'remove',
      note: 'Blue object in the main photo, listed as a toy.',
      labels: [
        { categoryId: 'blue', label: 'violating' },
        { categoryId: 'red', label: 'not_violating' },
      ],
    });
    expect((await call(`/v1/decisions/${decision.id}/appeals`, submitter, { reason: 'It is a picture of the sky, not an object.' })).queue).toBe('appeals');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the first reviewer's verdict, note and labels on the appeal, and a plain status after the last appeal", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = collectProblems(page);
    await signInToConsole(page, base, second.secret);
    await shownItemId(page);
    expect(await page.textContent('#item-title')).toBe('Appeal · model said review');
    await page.waitForSelector('#previous:not([hidden])', { timeout: 5000 });
    expect(await page.textContent('#previous-title')).toMatch(/^First review: Removed by another reviewer, /);
    expect(await page.textContent('#previous-note')).toBe('Their note: “Blue object in the main photo, listed as a toy.”');
    expect(await page.locator('#previous-labels li').allTextContents()).toEqual(['blue: violating', 'red: not violating']);
    expect(await page.textContent('tr[data-category="blue"] .earlier')).toBe('earlier: violating');
    expect(await page.locator('#item-facts').innerText()).toMatch(/Uploader \(subject\)\s+seller-42/);
    expect(await page.textContent('#item-reason')).toBe('Appeal reason: It is a picture of the sky, not an object.');
    expect(await page.textContent('#queue-why')).toBe('Opened appeals: review has nothing for you; the first queue with work.');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-console-appeal.png'), fullPage: true });

    await page.keyboard.press('a');
    await page.waitForSelector('#empty:not([hidden])');
    expect(await page.textContent('#status')).toBe('Nothing else waiting in appeals for you. Press N to check again.');
    expect(await page.textContent('#empty-queue')).toBe('appeals');
    expect(problems).toEqual([]);
    await page.close();
  });
});
