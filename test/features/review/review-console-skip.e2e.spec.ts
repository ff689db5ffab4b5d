import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, solidImage } from '../../support/colour-images';
import { collectProblems, nextShownItemId, shownItemId, signInToConsole } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';

describe('skipping in the review console, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console-skip'));
    reviewer = await createTestKey(app, 'reviewer', 'Robin');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    // Two blue images of different sizes: two decisions, two items in `review`.
    for (const size of [128, 160]) {
      const response = await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', body: await solidImage(BLUE, 'png', size), headers: { 'content-type': 'image/png', ...bearer(submitter) } });
      expect(((await response.json()) as { action: string }).action).toBe('review');
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('never hands back an item skipped in this session: U then N shows the other item, and skipping both leaves the queue empty', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = collectProblems(page);
    await signInToConsole(page, base, reviewer.secret);
    const first = await shownItemId(page);
    // U then N (the steps) shows the other item, never the one just given back.
    await page.keyboard.press('u');
    await page.keyboard.press('n');
    const second = await nextShownItemId(page, first);
    expect(second).not.toBe(first);
    // U undoes a verdict; with none waiting it says so and leaves the item alone.
    await page.keyboard.press('u');
    expect(await page.textContent('#status')).toBe('Nothing to undo: the last verdict has already been sent.');
    expect(await page.getAttribute('#item', 'data-item-id')).toBe(second);
    // S skips too; with both skipped, the queue is empty for this session and says why.
    await page.keyboard.press('s');
    await page.waitForSelector('#empty:not([hidden])');
    expect(await page.textContent('#empty-skipped')).toBe('2 items you skipped in this session are left out.');
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    expect(await page.isVisible('#empty')).toBe(true);
    // The claims named the skipped items, so the server left them out (the API test covers the rule itself).
    const queues = (await (await fetch(`${base}/v1/review/queues`, { headers: bearer(reviewer) })).json()) as { items: Array<{ name: string; pending: number; claimed: number }> };
    expect(queues.items.find((queue) => queue.name === 'review')).toMatchObject({ pending: 2, claimed: 0 });
    // The reviewer can ask for them again.
    await page.click('#unskip');
    expect([first, second]).toContain(await shownItemId(page));
    expect(problems).toEqual([]);
    await page.close();
  });
});
