import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A static file of the console, held in memory. */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Short content hash: part of the URL, so the file can be cached for good. */
  readonly version: string;
}

/**
 * The console's scripts, in the order the page runs them: each adds its part to one namespace
 * (`ReviewConsole`), and the last one wires the page. Plain files, so each stays small and readable.
 */
export const CONSOLE_SCRIPT_FILES: readonly string[] = Object.freeze([
  'console-core.js',
  'console-image.js',
  'console-thumbs.js',
  'console-item.js',
  'console-similar.js',
  'console-queues.js',
  'console-verdicts.js',
  'review-console.js',
]);

/** The search page's scripts, in order: the shared core and thumbnails, then the page's own. */
export const SEARCH_SCRIPT_FILES: readonly string[] = Object.freeze(['console-core.js', 'console-thumbs.js', 'console-search.js']);

/** The banks page's scripts, in order: the shared core, the entries part, then the page. */
export const BANKS_SCRIPT_FILES: readonly string[] = Object.freeze(['console-core.js', 'console-bank-entries.js', 'console-banks.js']);

/** The scripts of the console and its search and banks pages (by file name), the stylesheet and icon. */
export interface ConsoleAssets {
  readonly scripts: ReadonlyMap<string, ConsoleAsset>;
  readonly style: ConsoleAsset;
  readonly icon: ConsoleAsset;
}

const PACKAGE_NAME = 'clip-moderation';

/**
 * Reads the console's files once. They are plain files in `src/features/review/console/assets` (no build step):
 * next to this module when a build copied them there, otherwise found from the package root, so
 * the same code serves them from the TypeScript sources and from `dist/`.
 */
export function loadConsoleAssets(dir: string = assetsDir()): ConsoleAssets {
  return {
    scripts: new Map([...new Set([...CONSOLE_SCRIPT_FILES, ...SEARCH_SCRIPT_FILES, ...BANKS_SCRIPT_FILES])].map((file) => [file, readAsset(join(dir, file), 'text/javascript; charset=utf-8')])),
    style: readAsset(join(dir, 'review-console.css'), 'text/css; charset=utf-8'),
    icon: readAsset(join(dir, 'review-console-icon.svg'), 'image/svg+xml'),
  };
}

function readAsset(path: string, contentType: string): ConsoleAsset {
  const body = readFileSync(path);
  return { body, contentType, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

function assetsDir(): string {
  const beside = join(__dirname, 'assets');
  if (existsSync(join(beside, 'review-console.js'))) return beside;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      return join(dir, 'src', 'features', 'review', 'console', 'assets');
    }
    if (dirname(dir) === dir) throw new Error(`The review console's files were not found (looked beside ${__dirname} and in the ${PACKAGE_NAME} package)`);
  }
}
