import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { sha256File } from '../../engine/model/model-identity';
import { CategoryLabels, LabelledImageFile, LabelledImageSet } from './labelled-example';
import { LabelledSetProblem, labelledSetError } from './labelled-set-error';
import { listFilesRecursively } from './list-files';

/** Folder names whose images are negative for every category. */
export const NEGATIVE_FOLDER_NAMES: readonly string[] = Object.freeze(['none', 'negative']);

/** How a labelled folder is read. */
export interface LabelledFolderOptions {
  /** The policy's category ids: the folder names that mean "positive for this category". */
  readonly categories: readonly string[];
  /**
   * What an image in one category's folder says about the other categories. `negative` (the
   * default) treats the folders as exclusive classes, which gives every category the other
   * categories' images as hard negatives; `unlabelled` suits images that may show several things.
   */
  readonly otherCategories?: 'negative' | 'unlabelled';
}

interface Placement {
  readonly path: string;
  readonly folder: string;
}

/**
 * Reads a folder-per-label set: `<dir>/<categoryId>/**` are positive for that category,
 * `<dir>/none/**` and `<dir>/negative/**` negative for every category. Files directly in `<dir>`
 * carry no label and are ignored. The same bytes in several folders are one example, positive
 * for each of those categories; the same bytes under `none` and a category is a contradiction
 * and reported. Unknown folder names are reported too (a misspelt category would otherwise
 * silently drop its images). Throws ModerationError ValidationFailed listing every problem.
 */
export async function readLabelledFolder(dir: string, options: LabelledFolderOptions): Promise<LabelledImageSet> {
  const root = resolve(dir);
  const known = new Set(options.categories);
  const problems: LabelledSetProblem[] = [];
  const ignored: string[] = [];
  const placements: Placement[] = [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw labelledSetError(dir, [{ key: dir, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory()) {
      ignored.push(entry.name);
      continue;
    }
    if (!known.has(entry.name) && !NEGATIVE_FOLDER_NAMES.includes(entry.name)) {
      problems.push({ key: entry.name, reason: `is neither a category of the policy (${[...known].join(', ')}) nor ${NEGATIVE_FOLDER_NAMES.join('/')}` });
      continue;
    }
    for (const path of await listFilesRecursively(join(root, entry.name))) placements.push({ path, folder: entry.name });
  }
  if (placements.length === 0 && problems.length === 0) problems.push({ key: dir, reason: 'has no images in category or none/negative folders' });
  const bySha = new Map<string, Placement[]>();
  for (const placement of placements) {
    const sha256 = await sha256File(placement.path);
    bySha.set(sha256, [...(bySha.get(sha256) ?? []), placement]);
  }
  const files: LabelledImageFile[] = [];
  for (const [sha256, group] of bySha) {
    const folders = new Set(group.map((placement) => placement.folder));
    const negative = NEGATIVE_FOLDER_NAMES.some((name) => folders.has(name));
    const positives = [...folders].filter((folder) => known.has(folder));
    const first = group[0]!;
    const id = toId(root, first.path);
    if (negative && positives.length > 0) {
      problems.push({ key: id, reason: `the same image is labelled negative and positive for ${positives.join(', ')} (${group.map((p) => toId(root, p.path)).join(', ')})` });
      continue;
    }
    files.push({ id, path: first.path, sha256, labels: labelsFor(positives, options) });
  }
  if (problems.length > 0) throw labelledSetError(dir, problems);
  files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { kind: 'folder', source: dir, files, ignored };
}

function labelsFor(positives: readonly string[], options: LabelledFolderOptions): CategoryLabels {
  const others = options.otherCategories === 'unlabelled' ? undefined : false;
  return Object.fromEntries(options.categories.map((category) => [category, positives.includes(category) ? true : positives.length === 0 ? false : others]));
}

function toId(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
