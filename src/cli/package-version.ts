import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'clip-moderation';

/**
 * The version in clip-moderation's package.json. Found by walking up from this file because the
 * depth differs between the sources (src/cli) and the build (dist/src/cli), and an installed copy
 * sits in the user's node_modules, where a fixed relative path or the working directory would miss.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    if (dirname(dir) === dir) throw new Error(`No package.json of ${PACKAGE_NAME} above ${from}`);
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
