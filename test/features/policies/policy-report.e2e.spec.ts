import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { parsePolicy } from '../../../src/engine/policy/parse-policy';
import { REPORT_STYLES } from '../../../src/tuning/report/report-styles';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { launchChromium } from '../../support/headless-chromium';
import { nearSolidImage } from '../../tuning/support/colour-labelled-set';
import { TuningServer, startTuningServer } from './tuning-server';

/** What the page's script context offers (the tests' TypeScript has no DOM library). */
interface PageGlobals {
  getComputedStyle(element: unknown): { color: string };
}

/** Where the page and its screenshot are kept for people to look at (git-ignored). */
const ARTIFACTS = join(__dirname, '..', '..', '.tmp', 'artifacts');

/** Salmon scores red between 0.5 and 0.7: the file sends it to review, the candidate allows it. */
const SALMON = [255, 100, 100] as const;

/** The candidate: red's review threshold raised, one blue prompt replaced, a grey category added. */
const CANDIDATE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }')
  .replace('prompts: ["something blue", "a blue object"]', 'prompts: ["something blue", "a blue thing"]')
  .replace('  - id: red-shadow\n', '  - id: grey\n    description: grey things\n    prompts: ["something grey"]\n    scoring: cosine\n    thresholds: { review: 0.97, block: 0.99 }\n  - id: red-shadow\n');

/** A candidate whose words are markup: the page must show them as text. */
const HOSTILE_YAML = COLOUR_POLICY_YAML.replace('description: Planted-meaning policy for the tiny test model.', 'description: "<script>alert(1)</script>"').replace(
  'prompts: ["something red"]',
  'prompts: ["something red", "<img src=x onerror=alert(2)>"]',
);

describe('the policy report page (GET /v1/policies/{id}/report)', () => {
  let server: TuningServer;
  let admin: TestKey;
  let reviewer: TestKey;
  let submitter: TestKey;
  let base: string;
  let browser: Browser | undefined;
  const fileVersion = parsePolicy(COLOUR_POLICY_YAML, 'colours.yaml').version;
  const candidateVersion = parsePolicy(CANDIDATE_YAML, 'candidate.yaml').version;
  let salmonDecision: string;

  beforeAll(async () => {
    server = await startTuningServer('sqlite', 'policy-report', { MODERATION_REVIEW_SAMPLE_RATE: '0' });
    base = await server.app().getUrl();
    admin = await createTestKey(server.app(), 'admin', 'release-manager');
    reviewer = await createTestKey(server.app(), 'reviewer', 'reviewer');
    submitter = await createTestKey(server.app(), 'submitter', 'shop');
    expect((await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: CANDIDATE_YAML, shadow: true, reason: 'fewer salmon reviews' })).status).toBe(201);
    salmonDecision = (await server.moderate(submitter, await nearSolidImage(SALMON))).body.id;
    await server.moderate(submitter, await nearSolidImage([255, 0, 0]));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the history, the diff from the active version to the shadow and the shadow report, as one page with a CSP', async () => {
    const reply = await server.call('GET', '/v1/policies/colours/report', reviewer);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(reply.headers.get('cache-control')).toBe('private, no-store');
    const html = String(reply.body.text);
    expect(html).toContain(`From <code>${fileVersion}</code> <span class="tag active">active</span> to <code>${candidateVersion}</code> <span class="tag shadow">shadow</span>`);
    expect(html).toMatch(/<tr><td>red<\/td><td class="group-start"><del class="removed">0\.5<\/del> → <ins class="added">0\.7<\/ins><\/td><td class="group-start">unchanged<\/td><\/tr>/);
    expect(html).toContain('<li><ins class="added">+ prompt “a blue thing”</ins></li>');
    expect(html).toContain('<li><del class="removed">− prompt “a blue object”</del></li>');
    expect(html).toMatch(/<ul class="changes" id="diff-added-categories"><li><ins class="added"><strong>grey<\/strong><\/ins>/);
    // Two decisions compared in shadow: red blocked by both, salmon changed from review to allow.
    expect(html).toContain('<tbody><tr><td>2</td><td class="label-neg">1</td><td class="label-pos">1</td><td>0.500</td></tr></tbody>');
    expect(html).toContain(`<li><strong>review → allow</strong>: 1<br><span class="id">e.g. <code>${salmonDecision}</code></span></li>`);
    // The one stylesheet is the shared report styles, which the review console's CSP allows by hash.
    expect(html.split('<style').length - 1).toBe(1);
    expect(html).toContain(`<style>${REPORT_STYLES}</style>`);
    expect(html).not.toMatch(/<script|style="|https?:\/\//);
  });

  it('compares the versions asked for, and after a promotion without a shadow, the version active before with the active one', async () => {
    const asked = await server.call('GET', `/v1/policies/colours/report?from=${encodeURIComponent(candidateVersion)}&to=${encodeURIComponent(fileVersion)}&since=1h`, reviewer);
    expect(asked.status).toBe(200);
    expect(asked.body.text).toContain('the versions asked for');
    expect(asked.body.text).toContain('<del class="removed">0.7</del> → <ins class="added">0.5</ins>');
    expect(asked.body.text).toContain('(asked: 1h)');

    expect((await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'tuned' })).status).toBe(200);
    const after = String((await server.call('GET', '/v1/policies/colours/report', reviewer)).body.text);
    expect(after).toContain(`From <code>${fileVersion}</code> to <code>${candidateVersion}</code> <span class="tag active">active</span> · the version active before against the active version`);
    expect(after).toContain('No version runs in shadow now.');
    // Back in shadow for the next tests.
    expect((await server.call('PUT', '/v1/policies/colours/shadow', admin, { version: fileVersion, reason: 'compare with the file' })).status).toBe(200);
  });

  it('answers errors as JSON, with the statuses the OpenAPI document lists', async () => {
    const cases: ReadonlyArray<[string, TestKey | undefined, number, string]> = [
      ['/v1/policies/nope/report', reviewer, 404, 'POLICY_NOT_FOUND'],
      ['/v1/policies/colours/report?to=sha256:0000000000000000', reviewer, 404, 'POLICY_VERSION_NOT_FOUND'],
      ['/v1/policies/colours/report?from=sha256:0000000000000000', reviewer, 404, 'POLICY_VERSION_NOT_FOUND'],
      ['/v1/policies/colours/report?since=last-tuesday', reviewer, 400, 'VALIDATION_FAILED'],
      // Further back than a Date can go: refused, not a 500 from the query.
      ['/v1/policies/colours/report?since=99999999999d', reviewer, 400, 'VALIDATION_FAILED'],
      ['/v1/policies/colours/report?colour=red', reviewer, 400, 'VALIDATION_FAILED'],
      ['/v1/policies/colours/report', submitter, 403, 'AUTH_FORBIDDEN'],
      ['/v1/policies/colours/report', undefined, 401, 'AUTH_REQUIRED'],
    ];
    for (const [path, key, status, code] of cases) {
      const reply = await server.call('GET', path, key);
      expect([path, reply.status, reply.headers.get('content-type'), reply.body.code]).toEqual([path, status, expect.stringContaining('application/json'), code]);
    }
    const documented = (await server.call('GET', '/docs-json')).body.paths['/v1/policies/{id}/report'].get;
    expect(Object.keys(documented.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '503']));
    expect(Object.keys(documented.responses['200'].content)).toEqual(['text/html']);
    expect(Object.keys(documented.responses['404'].content)).toEqual(['application/json']);
  });

  it('escapes every word that came from a policy', async () => {
    expect((await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: HOSTILE_YAML, reason: '<b>reason</b>' })).status).toBe(201);
    const hostile = parsePolicy(HOSTILE_YAML, 'hostile.yaml').version;
    const html = String((await server.call('GET', `/v1/policies/colours/report?to=${encodeURIComponent(hostile)}`, reviewer)).body.text);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('+ prompt “&lt;img src=x onerror=alert(2)&gt;”');
  });

  it('renders in headless Chromium through real HTTP with the key: nothing loaded from elsewhere, no script run', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 }, extraHTTPHeaders: bearer(reviewer) });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // The file version runs in shadow beside the promoted candidate: the diff and the shadow report are both on the page.
    await server.moderate(submitter, await nearSolidImage(SALMON));
    await server.moderate(submitter, await nearSolidImage([0, 200, 0]));
    const response = await page.goto(`${base}/v1/policies/colours/report?since=1h`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Policy colours: versions, diff and shadow report');
    expect(await page.locator('#versions tbody tr').count()).toBe(3);
    expect(await page.locator('#diff-thresholds tbody tr').first().innerText()).toMatch(/^red\s+0\.7 → 0\.5\s+unchanged$/);
    expect(await page.locator('#shadow-agreement tbody td').allInnerTexts()).toEqual(['2', '1', '1', '0.500']);
    expect(await page.locator('#shadow-transitions li').first().innerText()).toMatch(/^allow → review: 1\ne\.g\. [0-9a-f-]{36}$/);
    // The stylesheet applied (the CSP allows inline styles and nothing else): added words are green.
    expect(await page.locator('#diff ins.added').first().evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).color)).toBe('rgb(43, 138, 62)');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'policy-report.html'), await page.content());
    await page.screenshot({ path: join(ARTIFACTS, 'policy-report.png'), fullPage: true });
    expect(requests).toEqual([`${base}/v1/policies/colours/report?since=1h`]);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
