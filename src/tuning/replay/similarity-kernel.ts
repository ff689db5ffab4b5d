/**
 * `out[r * promptCount + p] = Σᵢ rows[r·dim + i] · prompts[p·dim + i]` for every row and prompt:
 * the image-by-prompt similarity matrix of a page in one pass.
 *
 * Tiled 4 rows × 4 prompts so each value loaded from memory feeds four multiply-adds and sixteen
 * accumulators stay in registers; that is what makes replaying 100,000 decisions take seconds in
 * plain JavaScript. Every accumulator still sums its products in index order, in doubles, exactly
 * as the engine's category scorer does, so replayed scores equal live scores bit for bit.
 */
export function similarityMatrix(rows: Float32Array, rowCount: number, prompts: Float32Array, promptCount: number, dim: number, out: Float64Array): void {
  let r = 0;
  for (; r + 3 < rowCount; r += 4) {
    const e0 = r * dim;
    const e1 = e0 + dim;
    const e2 = e1 + dim;
    const e3 = e2 + dim;
    let p = 0;
    for (; p + 3 < promptCount; p += 4) {
      const o0 = p * dim;
      const o1 = o0 + dim;
      const o2 = o1 + dim;
      const o3 = o2 + dim;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (let i = 0; i < dim; i++) {
        const x0 = rows[e0 + i]!, x1 = rows[e1 + i]!, x2 = rows[e2 + i]!, x3 = rows[e3 + i]!;
        const y0 = prompts[o0 + i]!, y1 = prompts[o1 + i]!, y2 = prompts[o2 + i]!, y3 = prompts[o3 + i]!;
        a0 += y0 * x0; a1 += y1 * x0; a2 += y2 * x0; a3 += y3 * x0;
        b0 += y0 * x1; b1 += y1 * x1; b2 += y2 * x1; b3 += y3 * x1;
        c0 += y0 * x2; c1 += y1 * x2; c2 += y2 * x2; c3 += y3 * x2;
        d0 += y0 * x3; d1 += y1 * x3; d2 += y2 * x3; d3 += y3 * x3;
      }
      let at = r * promptCount + p;
      out[at] = a0; out[at + 1] = a1; out[at + 2] = a2; out[at + 3] = a3;
      at += promptCount;
      out[at] = b0; out[at + 1] = b1; out[at + 2] = b2; out[at + 3] = b3;
      at += promptCount;
      out[at] = c0; out[at + 1] = c1; out[at + 2] = c2; out[at + 3] = c3;
      at += promptCount;
      out[at] = d0; out[at + 1] = d1; out[at + 2] = d2; out[at + 3] = d3;
    }
    for (; p < promptCount; p++) for (let k = 0; k < 4; k++) out[(r + k) * promptCount + p] = dot(rows, (r + k) * dim, prompts, p * dim, dim);
  }
  for (; r < rowCount; r++) for (let p = 0; p < promptCount; p++) out[r * promptCount + p] = dot(rows, r * dim, prompts, p * dim, dim);
}

function dot(rows: Float32Array, rowOffset: number, prompts: Float32Array, promptOffset: number, dim: number): number {
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += prompts[promptOffset + i]! * rows[rowOffset + i]!;
  return sum;
}
