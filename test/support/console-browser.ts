import { Page } from 'playwright-core';

/**
 * The little of the DOM the page-side checks touch: test files compile without the DOM library,
 * and the console's CSP forbids eval, so checks are functions rather than strings.
 */
interface PageGlobals {
  getComputedStyle(element: unknown): Record<string, string>;
}

/** Collects page errors and console errors, to assert that a run had none. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`${message.text()} ${message.location().url}`)));
  return problems;
}

/** Opens the console and signs in with `secret`. */
export async function signInToConsole(page: Page, base: string, secret: string): Promise<void> {
  await page.goto(`${base}/review`);
  await page.fill('#key-input', secret);
  await page.click('#sign-in-button');
  await page.waitForSelector('#console:not([hidden])');
}

/** One computed style property of the first element matching `selector`. */
export function computedStyle(page: Page, selector: string, property: string): Promise<string> {
  return page.locator(selector).first().evaluate((element, name) => (globalThis as unknown as PageGlobals).getComputedStyle(element)[name] ?? '', property);
}

/** Waits until a computed style property of `selector` is `expected` (transitions ease in and out). */
export async function styleBecomes(page: Page, selector: string, property: string, expected: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = '';
  while (Date.now() < deadline) {
    last = await computedStyle(page, selector, property);
    if (last === expected) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`${selector} ${property} stayed "${last}", expected "${expected}"`);
}

/** The id of the item on screen (the console marks the item with it); waits until one shows. */
export async function shownItemId(page: Page): Promise<string> {
  await page.waitForSelector('#item:not([hidden])');
  return (await page.getAttribute('#item', 'data-item-id'))!;
}

/** Waits until an item other than `previous` shows, and returns its id. */
export async function nextShownItemId(page: Page, previous: string): Promise<string> {
  await page.waitForSelector(`#item:not([hidden]):not([data-item-id="${previous}"])`);
  return (await page.getAttribute('#item', 'data-item-id'))!;
}

/** Polls `read` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
