import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { ReviewItemEntity } from '../../../src/database/entities/review-item.entity';
import { ReviewLabelEntity } from '../../../src/database/entities/review-label.entity';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, RED, solidImage } from '../../support/colour-images';
import { collectProblems, computedStyle, eventually, shownItemId, signInToConsole, styleBecomes } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';
import { TEST_ARTIFACTS as ARTIFACTS } from '../../support/paths';

describe('review console in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;
  let decisionId: string;
  let moderate: (colour: typeof BLUE, query: string, size?: number) => Promise<{ id: string; action: string }>;

  beforeAll(async () => {
    // Every allow and block decision is sampled, so `quality` (alphabetically before `review`) has work too.
    ({ app, base } = await startConsoleServer('console', { MODERATION_REVIEW_SAMPLE_RATE: '1' }));
    reviewer = await createTestKey(app, 'reviewer', 'Robin (trust & safety)');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    // An embedding bank, so the remove action offers "and add to bank".
    const admin = await createTestKey(app, 'admin', 'bank-admin');
    await fetch(`${base}/v1/embedding-banks`, { method: 'POST', body: JSON.stringify({ name: 'removed-by-review' }), headers: { 'content-type': 'application/json', ...bearer(admin) } });
    moderate = async (colour, query, size = 256) => {
      const response = await fetch(`${base}/v1/moderations?policy=colours${query}`, {
        method: 'POST',
        body: await solidImage(colour, 'png', size),
        headers: { 'content-type': 'image/png', ...bearer(submitter) },
      });
      return (await response.json()) as { id: string; action: string };
    };
    // A red image is blocked and sampled into `quality`; a blue one waits in `review`.
    expect((await moderate(RED, '')).action).toBe('block');
    const decision = await moderate(BLUE, '&subject=user-7&source=listing-photo');
    expect(decision.action).toBe('review');
    decisionId = decision.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const itemRow = async (): Promise<ReviewItemEntity> => {
    const rows = await app.get(ModerationDatabase, { strict: false }).dataSource.getRepository(ReviewItemEntity).find({ where: { decisionId } });
    return rows[0]!;
  };

  it('opens on review, explains the scores, zooms the revealed image, confirms a verdict with an undo, and stores it when the window ends', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = collectProblems(page);
    const foreign: string[] = [];
    page.on('request', (request) => void (!request.url().startsWith(base) && !request.url().startsWith('blob:') && foreign.push(request.url())));

    await signInToConsole(page, base, reviewer.secret);
    const itemId = await shownItemId(page);
    // The default review queue, not the first queue alphabetically with work (`quality`).
    expect(await page.getAttribute('.queue.current', 'data-queue')).toBe('review');
    expect(await page.textContent('#queue-why')).toBe('Opened review: the default review queue.');
    expect(await page.textContent('#item-title')).toContain('model said review');
    await page.waitForFunction(() => {
      const image = (globalThis as unknown as { document: { getElementById(id: string): { complete: boolean; naturalWidth: number } } }).document.getElementById('image');
      return image.complete && image.naturalWidth > 0;
    });
    expect(await page.textContent('#who')).toContain('Robin (trust & safety)');

    // Who uploaded it, and from where.
    const facts = await page.locator('#item-facts').innerText();
    expect(facts).toMatch(/Uploader \(subject\)\s+user-7/);
    expect(facts).toMatch(/Source\s+listing-photo/);

    // Each bar carries its scale; the raw similarity beside the prompt is explained.
    expect(await page.locator('tr[data-category="blue"] .scale span').allTextContents()).toEqual(['−1', '0', '1']);
    expect(await page.locator('tr[data-category="green"] .scale span').allTextContents()).toEqual(['0', '0.5', '1']);
    expect(await page.getAttribute('tr[data-category="blue"] td.score', 'title')).toContain('on a scale from −1 to 1');
    expect(await page.textContent('tr[data-category="blue"] .similarity')).toMatch(/^similarity -?\d\.\d{3} \(= the score\)$/);
    expect(await page.getAttribute('tr[data-category="green"] .similarity', 'title')).toContain('The score beside it is a probability');
    expect(await page.locator('#score-legend').innerText()).toContain('cosine categories run from −1 to 1');

    // Blurred until asked; zoom opens only on the revealed image, and keeps grayscale and blur in step.
    expect(await computedStyle(page, '#image', 'filter')).toContain('blur(');
    expect(await page.isDisabled('#zoom-open')).toBe(true);
    await page.keyboard.press('z');
    expect(await page.isHidden('#zoom')).toBe(true);
    expect(await page.textContent('#status')).toContain('Reveal the image first');
    await page.click('#figure');
    await styleBecomes(page, '#image', 'filter', 'none');
    await page.keyboard.press('z');
    await page.waitForSelector('#zoom:not([hidden])');
    const figureWidth = (await page.locator('#figure').boundingBox())!.width;
    const fitted = (await page.locator('#zoom-image').boundingBox())!.width;
    expect(fitted).toBeGreaterThan(figureWidth * 1.5);
    expect(await computedStyle(page, '#zoom-image', 'filter')).toBe('none');
    await page.keyboard.press('+');
    expect(Math.round((await page.locator('#zoom-image').boundingBox())!.width)).toBe(Math.round(fitted * 2));
    await page.click('#zoom-image');
    expect(Math.round((await page.locator('#zoom-image').boundingBox())!.width)).toBe(Math.round(fitted * 4));
    expect(await page.textContent('#zoom-level')).toBe('4× the fitted size');
    await page.keyboard.press('g');
    expect(await computedStyle(page, '#zoom-image', 'filter')).toBe('grayscale(1)');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#zoom')).toBe(true);
    await styleBecomes(page, '#image', 'filter', 'grayscale(1)');
    await page.keyboard.press('g');
    await styleBecomes(page, '#image', 'filter', 'none');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-console.png'), fullPage: true });

    // A verdict is confirmed with an undo; nothing reaches the server during the window.
    await page.keyboard.press('r');
    await page.waitForSelector('#toast:not([hidden])');
    expect(await page.getAttribute('#toast', 'role')).toBe('status');
    expect(await page.locator('#toast').innerText()).toMatch(new RegExp(`^Removed ${itemId.slice(0, 8)} · Undo \\(\\d s, U\\)$`));
    // That was the last item in review: the status says so, not "Loading the next item…".
    await page.waitForSelector('#empty:not([hidden])');
    expect(await page.textContent('#status')).toBe('Nothing else waiting in review for you. Press N to check again.');
    expect(await itemRow()).toMatchObject({ status: 'claimed', verdict: null });

    await page.click('#undo');
    await page.waitForSelector(`#item:not([hidden])[data-item-id="${itemId}"]`);
    expect(await page.locator('#toast').innerText()).toContain('Undone');
    expect(await itemRow()).toMatchObject({ status: 'claimed', verdict: null });
    expect(await app.get(DecisionRepository).getById(decisionId)).toMatchObject({ review: null });

    // This time the picture goes to the embedding bank too.
    await page.check('#add-to-bank');
    await page.click('#remove');
    await page.waitForSelector('#empty:not([hidden])');
    const stored = await eventually(async () => ((await itemRow()).status === 'decided' ? itemRow() : undefined));
    expect(stored).toMatchObject({ status: 'decided', verdict: 'remove', decidedBy: reviewer.id });
    await page.waitForFunction(() => /· saved$/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('toast-text').textContent));
    expect(await app.get(DecisionRepository).getById(decisionId)).toMatchObject({ action: 'review', review: { verdict: 'remove', reviewerId: reviewer.id } });
    // The flagged category was labelled from the verdict, as the console says it will be.
    const dataSource = app.get(ModerationDatabase, { strict: false }).dataSource;
    expect(await dataSource.getRepository(ReviewLabelEntity).find({ where: { decisionId } })).toEqual([
      expect.objectContaining({ categoryId: 'blue', label: 'violating', reviewerId: reviewer.id }),
    ]);
    const banked = (await (await fetch(`${base}/v1/embedding-banks/removed-by-review/entries`, { headers: bearer(reviewer) })).json()) as { items: Array<{ decisionId: string }> };
    expect(banked.items.map((entry) => entry.decisionId)).toEqual([decisionId]);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('serves its scripts, split by job, under content-hashed URLs for good, and no other file', async () => {
    const page = await (await fetch(`${base}/review`)).text();
    const scripts = [...page.matchAll(/<script src="(\/review\/js\/[a-z-]+\.js)\?v=([0-9a-f]{12})" defer><\/script>/g)];
    expect(scripts.map((match) => match[1])).toEqual([
      '/review/js/console-core.js',
      '/review/js/console-image.js',
      '/review/js/console-thumbs.js',
      '/review/js/console-item.js',
      '/review/js/console-similar.js',
      '/review/js/console-queues.js',
      '/review/js/console-verdicts.js',
      '/review/js/review-console.js',
    ]);
    for (const [, path, version] of scripts) {
      const response = await fetch(`${base}${path}?v=${version}`);
      expect([response.status, response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
      expect((await response.text()).split('\n').length).toBeLessThan(300);
    }
    expect((await fetch(`${base}/review/js/..%2Fconsole-page.ts`)).status).toBe(404);
    expect((await fetch(`${base}/review/js/unknown.js`)).status).toBe(404);
  });

  it("remembers the reviewer's last chosen queue for the next sign-in, in another tab", async () => {
    // Two more review items (other bytes: the same bytes would reuse the decision already made);
    // another reviewer escalates one, so `senior` (alphabetically after `review`) has work too.
    expect((await moderate(BLUE, '&subject=user-8', 200)).action).toBe('review');
    expect((await moderate(BLUE, '&subject=user-9', 180)).action).toBe('review');
    const senior = await createTestKey(app, 'reviewer', 'Kim');
    const post = async (path: string, body: unknown): Promise<Record<string, any>> =>
      (await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...bearer(senior) } })).json() as Promise<Record<string, any>>;
    const claimed = await post('/v1/review/queues/review/claim', {});
    expect((await post(`/v1/review/items/${claimed.item.id}/verdict`, { verdict: 'escalate', note: 'second opinion please' })).verdict).toMatchObject({ verdict: 'escalate' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await signInToConsole(page, base, reviewer.secret);
    await shownItemId(page);
    expect(await page.getAttribute('.queue.current', 'data-queue')).toBe('review');
    await page.click('.queue[data-queue="senior"]');
    await page.locator('#item-title', { hasText: 'Escalation' }).waitFor();
    await page.close();

    // A new tab of the same browser: review has work, but the console opens the reviewer's choice.
    const later = await context.newPage();
    const laterProblems = collectProblems(later);
    await signInToConsole(later, base, reviewer.secret);
    await shownItemId(later);
    expect(await later.getAttribute('.queue.current', 'data-queue')).toBe('senior');
    expect(await later.textContent('#queue-why')).toBe('Opened senior: your last queue.');
    expect(await later.textContent('#item-title')).toContain('Escalation');
    expect((await later.locator('.queue[data-queue="review"] .count').textContent()) ?? '').toMatch(/^1 waiting/);
    expect([...problems, ...laterProblems]).toEqual([]);
    await context.close();
  });
});
