import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { ReviewItemEntity } from '../../../src/database/entities/review-item.entity';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, solidImage } from '../../support/colour-images';
import { collectProblems, eventually, nextShownItemId, shownItemId, signInToConsole } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';

describe('the undo window of the review console, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console-undo'));
    reviewer = await createTestKey(app, 'reviewer', 'Robin');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    for (const size of [96, 112, 144]) {
      const response = await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', body: await solidImage(BLUE, 'png', size), headers: { 'content-type': 'image/png', ...bearer(submitter) } });
      expect(((await response.json()) as { action: string }).action).toBe('review');
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const item = (id: string): Promise<ReviewItemEntity> => app.get(ModerationDatabase, { strict: false }).dataSource.getRepository(ReviewItemEntity).findOneByOrFail({ id });
  const decided = (id: string): Promise<ReviewItemEntity> => eventually(async () => ((await item(id)).status === 'decided' ? item(id) : undefined), 5000);

  it('sends a waiting verdict at once when the reviewer decides the next item, and when the page goes away', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = collectProblems(page);
    await signInToConsole(page, base, reviewer.secret);
    // A long window, so that only moving on can have sent the verdict within the checks below.
    await page.selectOption('#undo-seconds', '10');
    const first = await shownItemId(page);
    const started = Date.now();
    await page.keyboard.press('r');
    const second = await nextShownItemId(page, first);
    expect(await item(first)).toMatchObject({ status: 'claimed', verdict: null });
    await page.keyboard.press('a');
    expect(await decided(first)).toMatchObject({ verdict: 'remove', decidedBy: reviewer.id });
    expect(Date.now() - started).toBeLessThan(10_000);
    const third = await nextShownItemId(page, second);
    expect(await item(second)).toMatchObject({ status: 'claimed', verdict: null });
    // Leaving the page sends the waiting approval on a keepalive request.
    await page.goto('about:blank');
    expect(await decided(second)).toMatchObject({ verdict: 'approve', decidedBy: reviewer.id });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await item(third)).toMatchObject({ status: 'claimed' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the chosen window, and with the window off sends at once without an undo', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInToConsole(page, base, reviewer.secret);
    await page.selectOption('#undo-seconds', '0');
    // The item the first page left claimed: a claim gives its holder the live item back.
    const current = await shownItemId(page);
    await page.keyboard.press('e');
    expect(await decided(current)).toMatchObject({ verdict: 'escalate' });
    expect(await page.isHidden('#toast-undo-part')).toBe(true);
    expect(await page.textContent('#toast-text')).toBe(`Escalated ${current.slice(0, 8)} · saved`);
    await page.reload();
    await page.waitForSelector('#console:not([hidden])');
    expect(await page.inputValue('#undo-seconds')).toBe('0');
    await page.close();
  });
});
