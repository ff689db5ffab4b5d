/**
 * Part of `npm run build`: copies the files tsc does not emit (the review console's script,
 * stylesheet and icon) next to the compiled modules that serve them, so the build, and the
 * package made from it, is complete without the sources.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
/** Folders of static files, relative to src/ and to dist/src/. */
const ASSET_FOLDERS = ['features/review/console/assets'];

for (const folder of ASSET_FOLDERS) {
  const from = join(ROOT, 'src', folder);
  if (!existsSync(from)) throw new Error(`copy-build-assets: ${from} does not exist`);
  cpSync(from, join(ROOT, 'dist', 'src', folder), { recursive: true });
}
