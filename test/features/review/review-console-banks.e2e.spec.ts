import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { collectProblems } from '../../support/console-browser';
import { startConsoleServer } from '../../support/console-server';
import { launchChromium } from '../../support/headless-chromium';
import { TEST_TMP } from '../../support/paths';

/** Three distinct PDQ hashes (any 64 hex digits is a hash as far as a bank goes). */
const HASHES = ['a'.repeat(64), `${'b'.repeat(60)}0123`, `${'c'.repeat(32)}${'d'.repeat(32)}`];

/** The little of the DOM the page-side checks touch (test files compile without the DOM library). */
interface Rows {
  querySelectorAll(selector: string): { length: number };
}

describe('banks page of the review console, in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let admin: TestKey;
  let reviewer: TestKey;

  beforeAll(async () => {
    ({ app, base } = await startConsoleServer('console-banks'));
    admin = await createTestKey(app, 'admin', 'Ada');
    reviewer = await createTestKey(app, 'reviewer', 'Robin');
    // An embedding bank to list beside the hash banks (they are only created through the API).
    const created = await fetch(`${base}/v1/embedding-banks`, { method: 'POST', body: JSON.stringify({ name: 'removed-by-review', threshold: 0.93 }), headers: { 'content-type': 'application/json', ...bearer(admin) } });
    expect(created.status).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, key: TestKey): Promise<void> {
    await page.goto(`${base}/review/banks`);
    await page.fill('#key-input', key.secret);
    await page.click('#sign-in-button');
    await page.waitForSelector('#banks:not([hidden])');
  }

  const entryCount = (page: Page, count: number): Promise<unknown> =>
    page.waitForFunction((expected) => (globalThis as unknown as { document: Rows }).document.querySelectorAll('#entries li.entry').length === expected, count);

  it('is public, locked down like the search page, and linked from the console header', async () => {
    const response = await fetch(`${base}/review/banks`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect([...html.matchAll(/<script src="\/review\/js\/([a-z-]+\.js)\?v=[0-9a-f]{12}" defer>/g)].map((match) => match[1])).toEqual(['console-core.js', 'console-bank-entries.js', 'console-banks.js']);
    expect(await (await fetch(`${base}/review`)).text()).toContain('<a id="banks-link" class="nav" href="/review/banks">Banks</a>');
  });

  it('lets an admin create a bank, import hashes, search, remove an entry and change the action', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = collectProblems(page);
    await signIn(page, admin);
    expect(await page.textContent('#embedding-banks tr[data-bank-name="removed-by-review"] .threshold')).toBe('0.93');

    await page.fill('#create-name', 'ncii-shared');
    await page.fill('#create-threshold', '24');
    await page.click('#create-button');
    await page.waitForSelector('#hash-banks tr[data-bank-name="ncii-shared"]');
    expect(await page.textContent('#hash-banks tr[data-bank-name="ncii-shared"] .threshold')).toBe('24');
    await page.waitForSelector('#bank:not([hidden])');

    // Three hashes, a comment and one bad line (line 3): the report counts them and names the line.
    await page.fill('#import-text', [`${HASHES[0]} first`, '# shared list', 'not-a-hash', HASHES[1], HASHES[2]].join('\n'));
    await page.fill('#import-label', 'case 4711');
    await page.click('#import-button');
    await page.waitForFunction(() => /added/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('import-report').textContent));
    expect(await page.textContent('#import-report')).toBe('5 lines: 3 added, 0 duplicates, 1 invalid.');
    expect(await page.locator('#import-invalid li').allTextContents()).toEqual(['line 3: not a PDQ hash (64 hex digits)']);
    await entryCount(page, 3);
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('bank-title').textContent.endsWith('3 entries'));
    expect(await page.textContent('#hash-banks tr[data-bank-name="ncii-shared"] .count')).toBe('3');

    // One more, labelled on its own; the label search finds it alone.
    await page.fill('#add-hash', 'e'.repeat(64));
    await page.fill('#add-label', 'Takedown 99');
    await page.click('#add-button');
    await entryCount(page, 4);
    await page.fill('#entry-search-text', 'takedown');
    await page.click('#entry-search-button');
    await entryCount(page, 1);
    expect(await page.textContent('#entries li.entry .hash')).toBe('e'.repeat(64));
    await page.fill('#entry-search-text', 'bbbb');
    await page.click('#entry-search-button');
    await entryCount(page, 1);
    expect(await page.textContent('#entries li.entry .label')).toBe('case 4711');

    // Remove it; the API no longer has it.
    await page.click('#entries li.entry .remove-entry');
    await entryCount(page, 0);
    const left = (await (await fetch(`${base}/v1/banks/ncii-shared/entries`, { headers: bearer(admin) })).json()) as { items: { hash: string }[] };
    expect(left.items.map((entry) => entry.hash).sort()).toEqual([HASHES[0], HASHES[2], 'e'.repeat(64)].sort());
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('bank-title').textContent.endsWith('3 entries'));

    // Change the action to block.
    await page.selectOption('#settings-action', 'block');
    await page.click('#settings-save');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string } | null } }).document.querySelector('#hash-banks tr[data-bank-name="ncii-shared"] .action')?.textContent === 'block');
    expect(((await (await fetch(`${base}/v1/banks/ncii-shared`, { headers: bearer(admin) })).json()) as { action: string }).action).toBe('block');

    // The export is fetched with the key and saved as the bank's list.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-text')]);
    expect(download.suggestedFilename()).toBe('ncii-shared.txt');
    expect(readFileSync((await download.path())!, 'utf8').trim().split('\n').sort()).toEqual([HASHES[0], HASHES[2], 'e'.repeat(64)].sort());

    // Back to every entry for the screenshot.
    await page.fill('#entry-search-text', '');
    await page.click('#entry-search-button');
    await entryCount(page, 3);
    mkdirSync(TEST_TMP, { recursive: true });
    const screenshot = join(TEST_TMP, 'console-banks.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`banks page screenshot: ${screenshot}`);

    // Deleting asks first; cancel keeps the bank, confirm deletes it.
    await page.click('#delete-bank');
    expect(await page.textContent('#delete-question')).toContain('Delete ncii-shared and its 3 entries?');
    await page.click('#delete-no');
    expect(await page.isHidden('#delete-confirm')).toBe(true);
    expect((await fetch(`${base}/v1/banks/ncii-shared`, { headers: bearer(admin) })).status).toBe(200);
    await page.fill('#create-name', 'to-delete');
    await page.click('#create-button');
    await page.waitForSelector('#hash-banks tr[data-bank-name="to-delete"]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('bank-title').textContent.includes('to-delete'));
    await page.click('#delete-bank');
    await page.click('#delete-yes');
    await page.waitForSelector('#hash-banks tr[data-bank-name="to-delete"]', { state: 'detached' });
    expect((await fetch(`${base}/v1/banks/to-delete`, { headers: bearer(admin) })).status).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a reviewer every bank and entry, read-only', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = collectProblems(page);
    await signIn(page, reviewer);
    expect(await page.isVisible('#read-only')).toBe(true);
    expect(await page.isHidden('#create-form')).toBe(true);
    await page.waitForSelector('#hash-banks tr[data-bank-name="ncii-shared"]');
    expect(await page.textContent('#hash-banks tr[data-bank-name="ncii-shared"] .action')).toBe('block');
    await page.click('#hash-banks tr[data-bank-name="ncii-shared"] .bank-name');
    await entryCount(page, 3);
    expect(await page.isHidden('#settings-form')).toBe(true);
    expect(await page.isHidden('#delete-bank')).toBe(true);
    expect(await page.isHidden('#import-form')).toBe(true);
    expect(await page.locator('#entries .remove-entry').count()).toBe(0);
    expect(await page.isVisible('#export-csv')).toBe(true);
    // Embedding banks open too, with their (empty) entries and no hash-list controls.
    await page.click('#embedding-banks tr[data-bank-name="removed-by-review"] .bank-name');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('entries').textContent === 'No entries yet.');
    expect(await page.isHidden('#export')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
