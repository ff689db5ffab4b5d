import { PDQ_COEFFICIENTS } from './pdq-dct';

// A module's own constant: an imported binding is a property load at every use, in the hot loops too.
const SIDE = PDQ_COEFFICIENTS;

/**
 * The eight rotations and mirror images of a picture (the dihedral group of the square), named by
 * what is done to the picture: rotations are clockwise, `transpose` mirrors across the
 * top-left to bottom-right diagonal, `transverse` across the other diagonal.
 */
export const PDQ_DIHEDRAL_TRANSFORMS = ['original', 'rotate90', 'rotate180', 'rotate270', 'mirrorLeftRight', 'mirrorTopBottom', 'transpose', 'transverse'] as const;
export type PdqDihedralTransform = (typeof PDQ_DIHEDRAL_TRANSFORMS)[number];

/**
 * Every transform is "maybe transpose, then maybe mirror columns, then maybe mirror rows". In the
 * DCT domain none of these needs the pixels: transposing swaps the two frequency indices, and
 * mirroring an axis multiplies each coefficient of frequency f along it by (-1)^f (cos(π f (2N - 1 - 2x) / 2N)
 * = (-1)^f cos(π f (2x + 1) / 2N)).
 */
const STEPS: Readonly<Record<PdqDihedralTransform, { transpose: boolean; mirrorColumns: boolean; mirrorRows: boolean }>> = {
  original: { transpose: false, mirrorColumns: false, mirrorRows: false },
  mirrorLeftRight: { transpose: false, mirrorColumns: true, mirrorRows: false },
  mirrorTopBottom: { transpose: false, mirrorColumns: false, mirrorRows: true },
  rotate180: { transpose: false, mirrorColumns: true, mirrorRows: true },
  transpose: { transpose: true, mirrorColumns: false, mirrorRows: false },
  rotate90: { transpose: true, mirrorColumns: true, mirrorRows: false },
  rotate270: { transpose: true, mirrorColumns: false, mirrorRows: true },
  transverse: { transpose: true, mirrorColumns: true, mirrorRows: true },
};

/** The 16 x 16 coefficients the transformed picture would have, from the original's, written to `out`. */
export function transformCoefficients(coefficients: Float64Array, transform: PdqDihedralTransform, out = new Float64Array(SIDE * SIDE)): Float64Array {
  const { transpose, mirrorColumns, mirrorRows } = STEPS[transform];
  for (let u = 0; u < SIDE; u += 1) {
    for (let v = 0; v < SIDE; v += 1) {
      const source = transpose ? v * SIDE + u : u * SIDE + v;
      // Index u holds frequency u + 1, so the sign flips where u (or v) is even.
      const sign = (mirrorColumns && v % 2 === 0 ? -1 : 1) * (mirrorRows && u % 2 === 0 ? -1 : 1);
      out[u * SIDE + v] = sign * coefficients[source]!;
    }
  }
  return out;
}
