import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { LabelledImageSet } from './labelled-example';
import { labelledSetError } from './labelled-set-error';
import { readLabelledCsv } from './read-labelled-csv';
import { readLabelledFolder } from './read-labelled-folder';

/** How {@link readLabelledSet} reads a set. */
export interface ReadLabelledSetOptions {
  /** The policy's category ids. */
  readonly categories: readonly string[];
  /** For folders: what a category folder says about the other categories (see readLabelledFolder). */
  readonly otherCategories?: 'negative' | 'unlabelled';
}

/** A folder-per-label set or a `.csv` manifest, whichever `source` is. */
export async function readLabelledSet(source: string, options: ReadLabelledSetOptions): Promise<LabelledImageSet> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw labelledSetError(source, [{ key: source, reason: 'does not exist' }]);
  if (info.isDirectory()) return readLabelledFolder(source, options);
  if (extname(source).toLowerCase() === '.csv') return readLabelledCsv(source, options.categories);
  throw labelledSetError(source, [{ key: source, reason: 'is neither a folder nor a .csv manifest' }]);
}
