import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Rgb } from '../../support/colour-images';

/** One generated image of the labelled colour set. */
export interface ColourSample {
  /** Folder (a category of the colour policy, or `none`) and file name. */
  readonly folder: 'red' | 'blue' | 'green' | 'none';
  readonly name: string;
  readonly colour: Rgb;
}

/**
 * A labelled set over the tiny model's planted colours, with deliberate mistakes for the metrics
 * to find: orange and brown score as red, purple as blue, yellow as green, and a dark red and a
 * pale blue fall under their thresholds.
 */
export const COLOUR_SAMPLES: readonly ColourSample[] = [
  { folder: 'red', name: 'red.png', colour: [255, 0, 0] },
  { folder: 'red', name: 'crimson.png', colour: [200, 30, 30] },
  { folder: 'red', name: 'brick.png', colour: [150, 40, 40] },
  { folder: 'red', name: 'rosewood.png', colour: [120, 60, 60] },
  { folder: 'red', name: 'salmon.png', colour: [255, 100, 100] },
  { folder: 'red', name: 'maroon.png', colour: [90, 10, 10] },
  { folder: 'blue', name: 'blue.png', colour: [0, 0, 255] },
  { folder: 'blue', name: 'navy.png', colour: [30, 30, 200] },
  { folder: 'blue', name: 'slate.png', colour: [60, 60, 150] },
  { folder: 'blue', name: 'periwinkle.png', colour: [150, 150, 255] },
  { folder: 'green', name: 'green.png', colour: [0, 255, 0] },
  { folder: 'green', name: 'leaf.png', colour: [40, 200, 40] },
  { folder: 'green', name: 'sage.png', colour: [90, 180, 90] },
  { folder: 'green', name: 'forest.png', colour: [0, 120, 0] },
  { folder: 'none', name: 'grey.png', colour: [128, 128, 128] },
  { folder: 'none', name: 'white.png', colour: [255, 255, 255] },
  { folder: 'none', name: 'black.png', colour: [0, 0, 0] },
  { folder: 'none', name: 'purple.png', colour: [160, 0, 160] },
  { folder: 'none', name: 'orange.png', colour: [255, 160, 0] },
  { folder: 'none', name: 'brown.png', colour: [140, 90, 60] },
  { folder: 'none', name: 'yellow.png', colour: [200, 200, 0] },
  { folder: 'none', name: 'teal.png', colour: [0, 160, 160] },
];

/** A nearly solid image: `colour` with a small square of a slightly different shade in one corner. */
export async function nearSolidImage(colour: Rgb, size = 48): Promise<Buffer> {
  const accent = colour.map((channel) => Math.max(0, Math.min(255, channel + (channel > 127 ? -24 : 24)))) as unknown as Rgb;
  const patch = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: accent[0], g: accent[1], b: accent[2] } } }).png().toBuffer();
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } })
    .composite([{ input: patch, left: 2, top: 2 }])
    .png()
    .toBuffer();
}

/** Writes the set as `<root>/<folder>/<name>` and returns the folder. */
export async function writeColourFolder(root: string, samples: readonly ColourSample[] = COLOUR_SAMPLES): Promise<string> {
  for (const sample of samples) {
    mkdirSync(join(root, sample.folder), { recursive: true });
    writeFileSync(join(root, sample.folder, sample.name), await nearSolidImage(sample.colour));
  }
  return root;
}

/**
 * Writes the same images flat under `<root>/images/` with a manifest `<root>/labels.csv`
 * (`path,red,blue,green`, red-shadow left without a column): 1 for the sample's category, 0 for
 * the others, and a blank for green on the red images to exercise "not labelled".
 */
export async function writeColourManifest(root: string, samples: readonly ColourSample[] = COLOUR_SAMPLES): Promise<string> {
  mkdirSync(join(root, 'images'), { recursive: true });
  const lines = ['path,red,blue,green'];
  for (const sample of samples) {
    writeFileSync(join(root, 'images', sample.name), await nearSolidImage(sample.colour));
    const cell = (category: string): string => (sample.folder === category ? '1' : category === 'green' && sample.folder === 'red' ? '' : '0');
    lines.push(`images/${sample.name},${cell('red')},${cell('blue')},${cell('green')}`);
  }
  const manifest = join(root, 'labels.csv');
  writeFileSync(manifest, `${lines.join('\r\n')}\r\n`);
  return manifest;
}
