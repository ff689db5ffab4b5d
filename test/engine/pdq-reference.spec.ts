/**
 * PDQ against Meta's reference hashes (../shared/pdq: EXPECTED.tsv lists what the reference
 * implementation computes for each image; its own cross-implementation test allows 16 bits), and
 * dihedral matching on rotated and mirrored copies of the bridge photo made here with sharp.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { hashImage } from '../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../src/engine/image/image-limits';
import { PDQ_DIHEDRAL_TRANSFORMS, PdqDihedralHashes, PdqDihedralTransform, pdqHexDistance, pdqWordsFromHex, smallestPdqDistance } from '../../src/engine/pdq';
import { pdqReference, readPdqReference } from '../support/pdq-reference';

/** The reference's tolerance between implementations, and its default match threshold. */
const REFERENCE_TOLERANCE = 16;
const MATCH_THRESHOLD = 31;

/** Copies of the bridge made with sharp, by the transform each applies (sharp flips before it rotates). */
const COPIES: Readonly<Record<Exclude<PdqDihedralTransform, 'original'>, (image: Sharp) => Sharp>> = {
  rotate90: (image) => image.rotate(90),
  rotate180: (image) => image.rotate(180),
  rotate270: (image) => image.rotate(270),
  mirrorLeftRight: (image) => image.flop(),
  mirrorTopBottom: (image) => image.flip(),
  transpose: (image) => image.flip().rotate(90),
  transverse: (image) => image.flop().rotate(90),
};

/** Which reference file shows the bridge under which transform (the reference's "rotate-90" is counter-clockwise). */
const REFERENCE_DIHEDRAL: Readonly<Record<string, PdqDihedralTransform>> = {
  'bridge-1-original.jpg': 'original',
  'bridge-2-rotate-90.jpg': 'rotate270',
  'bridge-3-rotate-180.jpg': 'rotate180',
  'bridge-4-rotate-270.jpg': 'rotate90',
  'bridge-5-flipx.jpg': 'mirrorTopBottom',
  'bridge-6-flipy.jpg': 'mirrorLeftRight',
  'bridge-7-flip-plus-1.jpg': 'transpose',
  'bridge-8-flip-minus-1.jpg': 'transverse',
};

describe('PDQ against the reference implementation', () => {
  const references = readPdqReference();
  const hashes = new Map<string, PdqDihedralHashes>();

  beforeAll(async () => {
    for (const reference of references) hashes.set(reference.file, await hashImage(readFileSync(reference.path), DEFAULT_IMAGE_LIMITS));
  });

  it(`hashes every reference image within ${REFERENCE_TOLERANCE} bits of the reference hash, 8 on average`, () => {
    expect(references.length).toBe(11);
    const distances = references.map((reference) => ({ ...reference, ours: hashes.get(reference.file)!, distance: pdqHexDistance(hashes.get(reference.file)!.hash, reference.hash) }));
    const mean = distances.reduce((sum, row) => sum + row.distance, 0) / distances.length;
    console.log(
      [
        'PDQ distance to the reference hash (bits of 256), quality:',
        ...distances.map((row) => `  ${String(row.distance).padStart(3)}  q=${String(row.ours.quality).padStart(3)}  ${row.file}  ${row.ours.hash}`),
        `  mean ${mean.toFixed(2)}, max ${Math.max(...distances.map((row) => row.distance))}`,
      ].join('\n'),
    );
    expect(distances.filter((row) => row.distance > REFERENCE_TOLERANCE).map((row) => `${row.file}: ${row.distance}`)).toEqual([]);
    expect(mean).toBeLessThanOrEqual(8);
  });

  it('scores quality as the reference does: the bridge full marks, the near-black small.jpg nothing', () => {
    // The reference's Python README lists quality 100 for the bridge (bridge-mods/aaa-orig.jpg, the same hash).
    for (const file of Object.keys(REFERENCE_DIHEDRAL)) expect({ file, quality: hashes.get(file)!.quality }).toEqual({ file, quality: 100 });
    // small.jpg has pixel values 0 to 2 only: no gradient reaches 1 % of full range.
    expect(hashes.get('small.jpg')!.quality).toBe(0);
    expect(hashes.get('c.png')!.quality).toBeGreaterThanOrEqual(50);
  });

  it("names each variant of the original's hash after the reference image it matches", () => {
    const original = hashes.get('bridge-1-original.jpg')!;
    for (const [file, transform] of Object.entries(REFERENCE_DIHEDRAL)) {
      const reference = pdqReference(file).hash;
      const distances = PDQ_DIHEDRAL_TRANSFORMS.map((variant) => pdqHexDistance(original.variants[variant], reference));
      expect({ file, closest: PDQ_DIHEDRAL_TRANSFORMS[distances.indexOf(Math.min(...distances))] }).toEqual({ file, closest: transform });
      expect(pdqHexDistance(original.variants[transform], reference)).toBeLessThanOrEqual(MATCH_THRESHOLD);
    }
  });
});

describe('PDQ dihedral matching on rotated and mirrored copies of the bridge', () => {
  const bridge = readFileSync(pdqReference('bridge-1-original.jpg').path);
  let original: PdqDihedralHashes;
  const copies = new Map<string, PdqDihedralHashes>();

  beforeAll(async () => {
    original = await hashImage(bridge, DEFAULT_IMAGE_LIMITS);
    for (const [transform, apply] of Object.entries(COPIES)) {
      copies.set(transform, await hashImage(await apply(sharp(bridge)).jpeg({ quality: 90 }).toBuffer(), DEFAULT_IMAGE_LIMITS));
    }
  });

  it(`matches every copy within ${MATCH_THRESHOLD} bits with dihedral matching on, and no rotation with it off`, () => {
    const variants = PDQ_DIHEDRAL_TRANSFORMS.map((transform) => pdqWordsFromHex(original.variants[transform]));
    const rows = [...copies].map(([transform, copy]) => ({
      transform,
      plain: pdqHexDistance(original.hash, copy.hash),
      dihedral: smallestPdqDistance(variants, pdqWordsFromHex(copy.hash)),
      named: pdqHexDistance(original.variants[transform as PdqDihedralTransform], copy.hash),
    }));
    console.log(
      ['Bridge copies: distance to the original hash (dihedral off) and smallest over its eight variants (on):', ...rows.map((row) => `  ${row.transform.padEnd(16)} off ${String(row.plain).padStart(3)}  on ${String(row.dihedral).padStart(3)}`)].join('\n'),
    );
    expect(rows).toHaveLength(7);
    expect(rows.filter((row) => row.dihedral > MATCH_THRESHOLD).map((row) => row.transform)).toEqual([]);
    // The variant that matched is the one named for the transform.
    expect(rows.filter((row) => row.named !== row.dihedral).map((row) => row.transform)).toEqual([]);
    // Off, nothing matches: rotations and mirror images change about half the bits.
    expect(rows.filter((row) => row.plain <= MATCH_THRESHOLD).map((row) => row.transform)).toEqual([]);
    // Turning a copy's hash back (rotating the rotated copy by 180 again) gives the original's.
    expect(pdqHexDistance(original.hash, copies.get('rotate180')!.variants.rotate180)).toBeLessThanOrEqual(MATCH_THRESHOLD);
  });
});
