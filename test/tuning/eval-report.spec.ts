import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Browser } from 'playwright-core';
import { launchChromium } from '../support/headless-chromium';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { EvaluationReport } from '../../src/tuning/evaluation/evaluation-report';
import { evaluateLabelledSet } from '../../src/tuning/evaluation/evaluate-labelled-set';
import { readLabelledSet } from '../../src/tuning/labelled/read-labelled-set';
import { renderEvaluationReport } from '../../src/tuning/report/render-evaluation-report';
import { thumbnailDataUri } from '../../src/tuning/report/thumbnail-data-uri';
import { createModerationFixture } from '../support/moderation-fixture';
import { writeColourFolder } from './support/colour-labelled-set';

/** Where the rendered report and its screenshot are kept for people to look at (git-ignored). */
const ARTIFACTS = join(__dirname, '..', '.tmp', 'artifacts');


describe('the HTML evaluation report', () => {
  let engine: ModerationEngine;
  let browser: Browser;
  let report: EvaluationReport;
  let thumbnails: Map<string, string>;

  beforeAll(async () => {
    const fixture = await createModerationFixture('eval-report');
    engine = await ModerationEngine.create({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: fixture.cacheDir });
    const set = await readLabelledSet(await writeColourFolder(join(fixture.root, 'set')), { categories: engine.policies.get('colours').categories.map((c) => c.id) });
    report = await evaluateLabelledSet(engine, engine.policies.get('colours'), set, { cacheDir: fixture.cacheDir });
    thumbnails = new Map();
    for (const file of set.files) thumbnails.set(file.id, (await thumbnailDataUri(file.path))!);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('renders in headless Chromium as one self-contained page, with a chart pair per category', async () => {
    const html = renderEvaluationReport(report, { thumbnails });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'eval-report.html');
    writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    await page.screenshot({ path: join(ARTIFACTS, 'eval-report.png'), fullPage: true });

    // Nothing but the file itself and its inline images is loaded: no CDN, no fonts, no scripts.
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(await page.title()).toBe('Evaluation of policy colours');
    const categories = report.evaluation.categories.length;
    expect(await page.locator('section svg[role="img"]').count()).toBe(categories * 2);
    expect(await page.locator('svg title', { hasText: /^Precision-recall curve of red$/ }).count()).toBe(1);
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(categories);
    expect(await page.locator('.notice').innerText()).toContain('carries the biases of that data');
    // Red's false positives at review are the orange and brown images, highest first.
    const redFalsePositives = page.locator('#cat-red .lists > div').nth(1).locator('li .id');
    expect(await redFalsePositives.allInnerTexts()).toEqual(['none/brown.png', 'none/orange.png']);
    expect(await page.locator('#cat-red .lists img').count()).toBeGreaterThan(0);
    await page.close();
  });

  it("blurs thumbnails as the review console does: revealed on click, with grayscale and reveal-all switches and no script", async () => {
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
    await page.setContent(renderEvaluationReport(report, { thumbnails }));
    const filterOf = (selector: string): Promise<string> =>
      page.locator(selector).first().evaluate((element) => (globalThis as unknown as { getComputedStyle(element: unknown): { filter: string } }).getComputedStyle(element).filter);
    const first = '#cat-red .lists .thumb img';
    const second = '#cat-blue .lists .thumb img';
    expect(await page.locator('.lists .thumb img').count()).toBeGreaterThan(0);
    expect(await filterOf(first)).toMatch(/^blur\(5px\)/);
    await page.locator('#cat-red .lists .thumb').first().click();
    expect(await filterOf(first)).toBe('none');
    expect(await filterOf(second)).toMatch(/^blur\(5px\)/);
    await page.check('#grayscale');
    expect(await filterOf(first)).toBe('grayscale(1)');
    expect(await filterOf(second)).toBe('blur(5px) grayscale(1)');
    await page.check('#reveal-all');
    expect(await filterOf(second)).toBe('grayscale(1)');
    await page.uncheck('#grayscale');
    expect(await filterOf(second)).toBe('none');
    // Without thumbnails there is nothing to blur, and no switches.
    expect(renderEvaluationReport(report)).not.toContain('id="grayscale"');
    await page.close();
  });

  it('escapes names it did not write', () => {
    const hostile: EvaluationReport = {
      ...report,
      evaluation: { ...report.evaluation, examples: report.evaluation.examples.map((example, index) => (index === 0 ? { ...example, id: '<img src=x onerror=alert(1)>.png' } : example)) },
    };
    const html = renderEvaluationReport(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
  });
});
