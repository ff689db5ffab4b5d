import { Rgb } from '../../support/colour-images';
import { ColourSample } from './colour-labelled-set';

/**
 * Twelve reds and twelve colours that are plainly not red, as the tiny model scores them under the
 * colour policy's cosine `red` category (0.69 to 0.93 against −0.83 to 0): cleanly separated, so a
 * precision target holds all the way down to the dullest red while a recall target of 0.9 can
 * leave it out. That is what makes a block precision target and a review recall target ask for
 * review above block.
 */
const REDS: readonly Rgb[] = [
  [255, 0, 0],
  [204, 0, 0],
  [204, 51, 51],
  [153, 51, 51],
  [204, 0, 51],
  [255, 0, 51],
  [255, 51, 51],
  [153, 0, 0],
  [153, 0, 51],
  [255, 0, 102],
  [204, 0, 102],
  [102, 0, 0],
];

const NOT_RED: readonly Rgb[] = [
  [102, 51, 153],
  [153, 102, 153],
  [102, 102, 102],
  [0, 153, 0],
  [255, 204, 255],
  [102, 51, 255],
  [51, 102, 102],
  [0, 51, 204],
  [102, 102, 204],
  [0, 153, 102],
  [102, 255, 153],
  [51, 153, 255],
];

/** The set as samples: `red/` for the reds, `none/` for the rest. */
export const RED_SHADES: readonly ColourSample[] = [
  ...REDS.map((colour) => ({ folder: 'red' as const, name: `red-${colour.join('-')}.png`, colour })),
  ...NOT_RED.map((colour) => ({ folder: 'none' as const, name: `other-${colour.join('-')}.png`, colour })),
];
