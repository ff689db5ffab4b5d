import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './temp-dir';

/** Meta's PDQ test images and their reference hashes (../shared/pdq, see its README). */
export const PDQ_REFERENCE_DIR = join(SHARED_DIR, 'pdq');

/** One row of EXPECTED.tsv. */
export interface PdqReferenceImage {
  readonly file: string;
  /** Full path of the image. */
  readonly path: string;
  /** The reference implementation's hash, 64 hex digits. */
  readonly hash: string;
}

/** Every image of EXPECTED.tsv, in its order. */
export function readPdqReference(): PdqReferenceImage[] {
  const [header, ...rows] = readFileSync(join(PDQ_REFERENCE_DIR, 'EXPECTED.tsv'), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  const fileColumn = columns.indexOf('file');
  const hashColumn = columns.indexOf('pdq_hex');
  return rows.map((row) => {
    const cells = row.split('\t');
    return { file: cells[fileColumn]!, path: join(PDQ_REFERENCE_DIR, 'images', cells[fileColumn]!), hash: cells[hashColumn]! };
  });
}

/** The reference row of `file`. */
export function pdqReference(file: string): PdqReferenceImage {
  const found = readPdqReference().find((image) => image.file === file);
  if (!found) throw new Error(`${file} is not in EXPECTED.tsv`);
  return found;
}
