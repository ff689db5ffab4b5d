import { DataSource } from 'typeorm';
import { createDatabaseRunner } from '../../../shared/database/database-runner';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { decodeFloat32Base64, splitRows } from '../../../shared/database/float32-base64';
import { LabelledExample } from '../../../tuning/labelled/labelled-example';
import { readReviewLabels } from './read-review-labels';
import { ReviewWindow } from '../../../tuning/reviewed/review-window';

/** Decisions read per query, so the IN list stays far below every database's limit. */
const CHUNK = 500;

/** Reviewer-labelled decisions ready to evaluate, and what was left out. */
export interface ReviewedExamples {
  /** Oldest decision first; the id of each example is its decision id. */
  readonly examples: LabelledExample[];
  /** Labelled decisions made with another model: their embeddings cannot meet this model's prompts. */
  readonly otherModels: number;
}

interface DecisionRow {
  id: string;
  createdAt: string;
  modelHash: string;
  embedding: string;
  frameEmbeddings: string | null;
}

/**
 * The decisions reviewers labelled, in the `{ id, frameEmbeddings, labels }` shape the evaluation
 * core takes: each decision's stored frame embeddings (so no image is needed and the vision model
 * never runs) with its reviewers' labels (see readReviewLabels). Only decisions made with
 * `modelHash` are returned; the others are counted.
 */
export async function readReviewedExamples(dataSource: DataSource, window: ReviewWindow & { readonly modelHash: string }): Promise<ReviewedExamples> {
  const labels = await readReviewLabels(dataSource, window);
  const ids = [...labels.keys()];
  const run = createDatabaseRunner(dataSource);
  const rows: DecisionRow[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    rows.push(
      ...(await run('tuning.reviewed', () =>
        dataSource
          .createQueryBuilder()
          .select('d.id', 'id')
          .addSelect('d.createdAt', 'createdAt')
          .addSelect('d.modelHash', 'modelHash')
          .addSelect('d.embedding', 'embedding')
          .addSelect('d.frameEmbeddings', 'frameEmbeddings')
          .from(DecisionEntity, 'd')
          .where('d.id IN (:...ids)', { ids: chunk })
          .getRawMany<DecisionRow>(),
      )),
    );
  }
  rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sameModel = rows.filter((row) => row.modelHash === window.modelHash);
  return {
    examples: sameModel.map((row) => ({ id: row.id, frameEmbeddings: framesOf(row), labels: labels.get(row.id)! })),
    otherModels: rows.length - sameModel.length,
  };
}

function framesOf(row: DecisionRow): Float32Array[] {
  const embedding = decodeFloat32Base64(row.embedding);
  const frames = row.frameEmbeddings === null ? [embedding] : splitRows(decodeFloat32Base64(row.frameEmbeddings), embedding.length);
  return frames.map((frame) => Float32Array.from(frame));
}
