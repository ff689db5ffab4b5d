/**
 * Ground truth for one image, per category: `true` violates the category, `false` does not,
 * `undefined` (or absent) was not labelled and is left out of that category's metrics.
 */
export type CategoryLabels = Readonly<Record<string, boolean | undefined>>;

/**
 * A labelled example from any source: an evaluation folder or CSV today, reviewer-labelled
 * decisions from the decision log later. Only embeddings are needed, never the image, so
 * evaluation costs the text side alone once an image has been embedded.
 */
export interface LabelledExample {
  /** Stable name in reports: a path relative to the set, or a decision id. */
  readonly id: string;
  /** Unit image embeddings, one per scored frame (one for a still image). */
  readonly frameEmbeddings: readonly Float32Array[];
  readonly labels: CategoryLabels;
}

/** A labelled image file, before it is embedded. */
export interface LabelledImageFile {
  /** The path relative to the folder or CSV it came from, `/`-separated. */
  readonly id: string;
  /** Absolute path. */
  readonly path: string;
  /** Lowercase hex sha256 of the file's bytes: the embedding cache key. */
  readonly sha256: string;
  readonly labels: CategoryLabels;
}

/** Where a labelled set came from and what is in it. */
export interface LabelledImageSet {
  readonly kind: 'folder' | 'csv';
  /** The folder or CSV file, as given. */
  readonly source: string;
  readonly files: readonly LabelledImageFile[];
  /** Entries skipped because they carry no label (files at the top of a folder, rows with every cell blank). */
  readonly ignored: readonly string[];
}
