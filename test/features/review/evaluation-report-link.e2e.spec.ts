import { INestApplication } from '@nestjs/common';
import { Browser } from 'playwright-core';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, solidImage } from '../../support/colour-images';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';

/** The little of the DOM the page-side checks touch (this file compiles without the DOM library). */
interface PageGlobals {
  document: { body: unknown; title: string };
  getComputedStyle(element: unknown): { backgroundColor: string };
}


describe('review console link to the latest evaluation report, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let reviewer: TestKey;
  let evaluationId: string;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console-report'));
    reviewer = await createTestKey(app, 'reviewer', 'Robin');
    const admin = await createTestKey(app, 'admin', 'ops');
    const submitter = await createTestKey(app, 'submitter', 'shop-app');
    // A blue image waits in the review queue under the colour policy.
    const moderated = await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', body: await solidImage(BLUE, 'png', 128), headers: { 'content-type': 'image/png', ...bearer(submitter) } });
    expect(((await moderated.json()) as { action: string }).action).toBe('review');
    const evaluation = await fetch(`${base}/v1/tuning/evaluations`, {
      method: 'POST',
      body: JSON.stringify({ policy: 'colours' }),
      headers: { 'content-type': 'application/json', ...bearer(admin) },
    });
    expect(evaluation.status).toBe(201);
    evaluationId = ((await evaluation.json()) as { id: string }).id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("links the item's policy to its latest evaluation and opens the styled report with the reviewer's key", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(`${base}/review`);
    await page.fill('#key-input', reviewer.secret);
    await page.click('#sign-in-button');
    await page.waitForSelector('#evaluation:not([hidden])');
    expect(await page.textContent('#evaluation-meta')).toContain('0 labelled decisions');

    const [report] = await Promise.all([context.waitForEvent('page'), page.click('#evaluation-link')]);
    const reportProblems: string[] = [];
    report.on('console', (message) => void (message.type() === 'error' && reportProblems.push(message.text())));
    await report.waitForURL(/^blob:/);
    await report.waitForLoadState();
    expect(await report.evaluate(() => (globalThis as unknown as PageGlobals).document.title)).toBe('Evaluation of policy colours');
    expect(await report.textContent('h1')).toBe('Evaluation of policy colours');
    // The report's inline stylesheet applied: its background colour, not the browser default.
    const background = await report.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return page.getComputedStyle(page.document.body).backgroundColor;
    });
    expect(background).toBe('rgb(248, 249, 250)');
    expect(reportProblems).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
    expect(evaluationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("links the item's policy to its policy report, fetched with the reviewer's key and shown in a new tab", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    // The route's own page is tested with the route; here only what the console asks and shows.
    const asked: Array<{ method: string; authorization: string | undefined }> = [];
    await context.route(`${base}/v1/policies/colours/report`, async (route) => {
      asked.push({ method: route.request().method(), authorization: await route.request().headerValue('authorization') ?? undefined });
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Policy colours</title><h1>Policy report of colours</h1>' });
    });
    await page.goto(`${base}/review`);
    await page.fill('#key-input', reviewer.secret);
    await page.click('#sign-in-button');
    await page.waitForSelector('#item:not([hidden])');
    expect(await page.textContent('#policy-report-link')).toBe('Policy report');
    const [report] = await Promise.all([context.waitForEvent('page'), page.click('#policy-report-link')]);
    await report.waitForURL(/^blob:/);
    await report.waitForLoadState();
    expect(await report.textContent('h1')).toBe('Policy report of colours');
    expect(asked).toEqual([{ method: 'GET', authorization: `Bearer ${reviewer.secret}` }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
