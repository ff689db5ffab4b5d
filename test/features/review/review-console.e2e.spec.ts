import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { ReviewItemEntity } from '../../../src/database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../../src/database/entities/review-label.entity';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, solidImage } from '../../support/colour-images';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';
import { TEST_ARTIFACTS as ARTIFACTS } from '../../support/paths';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/**
 * The little of the DOM the page-side checks touch: this file compiles without the DOM library,
 * and the page's CSP forbids eval, so checks are functions rather than strings.
 */
interface PageGlobals {
  document: { getElementById(id: string): { textContent: string | null; complete?: boolean; naturalWidth?: number } | null };
  getComputedStyle(element: unknown): { filter: string };
}


describe('review console in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;
  let decisionId: string;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console'));
    reviewer = await createTestKey(app, 'reviewer', 'Robin (trust & safety)');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    // A blue image: the colour policy sends it to review, so it waits in the `review` queue.
    const response = await fetch(`${base}/v1/moderations?policy=colours&subject=user-7&source=listing-photo`, {
      method: 'POST',
      body: await solidImage(BLUE, 'png', 256),
      headers: { 'content-type': 'image/png', ...bearer(submitter) },
    });
    const decision = (await response.json()) as { id: string; action: string };
    expect(decision.action).toBe('review');
    decisionId = decision.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs a reviewer in, reveals the blurred image, removes it with the keyboard, and stores the verdict', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(`${message.text()} ${message.location().url}`)));
    page.on('request', (request) => void (!request.url().startsWith(base) && !request.url().startsWith('blob:') && foreign.push(request.url())));

    await page.goto(`${base}/review`);
    await page.fill('#key-input', reviewer.secret);
    await page.click('#sign-in-button');
    await page.waitForSelector('#item:not([hidden])');
    await page.waitForFunction(() => {
      const image = (globalThis as unknown as PageGlobals).document.getElementById('image');
      return image !== null && image.complete === true && (image.naturalWidth ?? 0) > 0;
    });
    expect(await page.textContent('#who')).toContain('Robin (trust & safety)');
    expect(await page.textContent('#item-title')).toContain('model said review');
    expect(await page.textContent('#categories')).toContain('something blue');

    // Blurred until asked (the filter eases in and out, so wait for it to settle).
    const filterBecomes = (expected: string) =>
      page.waitForFunction(
        (wanted) => {
          const page = globalThis as unknown as PageGlobals;
          return page.getComputedStyle(page.document.getElementById('image')).filter === wanted;
        },
        expected,
        { timeout: 5000 },
      );
    expect(await page.$eval('#image', (image) => (globalThis as unknown as PageGlobals).getComputedStyle(image).filter)).toContain('blur(');
    await page.click('#figure');
    await filterBecomes('none');
    await page.keyboard.press('g');
    await filterBecomes('grayscale(1)');
    await page.keyboard.press('g');
    await filterBecomes('none');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-console.png'), fullPage: true });

    await page.keyboard.press('r');
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.getElementById('status')?.textContent ?? '').startsWith('Removed'));
    await page.waitForSelector('#empty:not([hidden])');

    const stored = await app.get(DecisionRepository).getById(decisionId);
    expect(stored).toMatchObject({ action: 'review', review: { verdict: 'remove', reviewerId: reviewer.id } });
    const dataSource = app.get(ModerationDatabase, { strict: false }).dataSource;
    expect(await dataSource.getRepository(ReviewItemEntity).find({ where: { decisionId } })).toEqual([
      expect.objectContaining({ status: 'decided', verdict: 'remove', decidedBy: reviewer.id }),
    ]);
    // The flagged category was labelled from the verdict, as the console says it will be.
    expect(await dataSource.getRepository(ReviewLabelEntity).find({ where: { decisionId } })).toEqual([
      expect.objectContaining({ categoryId: 'blue', label: 'violating', reviewerId: reviewer.id }),
    ]);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
