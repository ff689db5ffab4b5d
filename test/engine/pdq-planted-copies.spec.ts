/**
 * The issue's bank test: 100,000 random hashes plus the hashes of real photos; re-encoded, resized
 * and slightly cropped copies of those photos must each find their own photo at the default
 * threshold (31) and nothing else, and photos that were never banked must find nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hashImage } from '../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../src/engine/image/image-limits';
import { PdqHashIndex } from '../../src/engine/matching';
import { PDQ_WORDS, pdqHammingDistance, pdqWordsFromHex } from '../../src/engine/pdq';
import { SHARED_DIR } from '../support/temp-dir';

const THRESHOLD = 31;
const RANDOM_ENTRIES = 100_000;
const PHOTOS = join(SHARED_DIR, 'images', 'photos');
/** Ids at and above this are the planted photos; below, random hashes. */
const PLANTED_BASE = 1_000_000;

const COPIES: Readonly<Record<string, (bytes: Buffer) => Promise<Buffer>>> = {
  're-encoded at quality 50': (bytes) => sharp(bytes).rotate().jpeg({ quality: 50 }).toBuffer(),
  'resized to 40 %': async (bytes) => {
    const { width } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true }).then((result) => result.info);
    return sharp(bytes).rotate().resize({ width: Math.round(width * 0.4) }).jpeg({ quality: 85 }).toBuffer();
  },
  // PDQ is sensitive to crops: trimming 1 % moved these photos 22-36 bits, 2 % 36-68 (see README).
  'cropped by 0.5 % at the right and bottom': async (bytes) => {
    const { info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
    const width = info.width - Math.round(info.width * 0.005);
    const height = info.height - Math.round(info.height * 0.005);
    return sharp(bytes).rotate().extract({ left: 0, top: 0, width, height }).jpeg({ quality: 90 }).toBuffer();
  },
};

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
}

describe('a bank of 100,000 random hashes with real photos planted in it', () => {
  const index = new PdqHashIndex();
  const planted: { file: string; bytes: Buffer; words: Uint32Array }[] = [];
  const unbanked: { file: string; words: Uint32Array }[] = [];

  beforeAll(async () => {
    const next = seededRandom(15);
    for (let id = 0; id < RANDOM_ENTRIES; id++) {
      const words = new Uint32Array(PDQ_WORDS);
      for (let word = 0; word < PDQ_WORDS; word++) words[word] = next();
      index.add(id, words);
    }
    // Ordinary photos with detail (quality >= 50, the reference's advice), far from each other.
    const files = readdirSync(PHOTOS).filter((file) => /\.jpe?g$/i.test(file)).sort();
    for (const file of files) {
      const bytes = readFileSync(join(PHOTOS, file));
      // Upload-sized photos: a 2 % crop of a thumbnail is a pixel or two of a 64 x 64 grid.
      const { width = 0, height = 0 } = await sharp(bytes).metadata();
      if (Math.min(width, height) < 400) continue;
      const { hash, quality } = await hashImage(bytes, DEFAULT_IMAGE_LIMITS);
      const words = pdqWordsFromHex(hash);
      if (quality < 50 || [...planted, ...unbanked].some((other) => pdqHammingDistance(other.words, words) <= 2 * THRESHOLD)) continue;
      if (planted.length < 8) planted.push({ file, bytes, words });
      else if (unbanked.length < 4) unbanked.push({ file, words });
    }
    planted.forEach((photo, position) => index.add(PLANTED_BASE + position, photo.words));
  });

  it('has the photos it needs', () => {
    expect(planted.length).toBe(8);
    expect(unbanked.length).toBeGreaterThanOrEqual(2);
    expect(index.size).toBe(RANDOM_ENTRIES + 8);
  });

  it.each(Object.keys(COPIES))('finds the photo itself for every copy %s, and nothing else', async (kind) => {
    const found: string[] = [];
    for (const [position, photo] of planted.entries()) {
      const copy = await hashImage(await COPIES[kind]!(photo.bytes), DEFAULT_IMAGE_LIMITS);
      const matches = index.search(pdqWordsFromHex(copy.hash), THRESHOLD);
      found.push(`${photo.file}: ${matches.map((match) => `${match.id - PLANTED_BASE}@${match.distance}`).join(',') || 'none'}`);
      expect({ photo: photo.file, ids: matches.map((match) => match.id) }).toEqual({ photo: photo.file, ids: [PLANTED_BASE + position] });
    }
    console.log(`${kind}:\n  ${found.join('\n  ')}`);
  });

  it('finds nothing for photos that were never banked', () => {
    for (const photo of unbanked) expect({ photo: photo.file, matches: index.search(photo.words, THRESHOLD) }).toEqual({ photo: photo.file, matches: [] });
  });
});
