import { ModerationDatabase } from '../../../database/moderation-database';
import { DecisionEntity } from '../../../database/entities/decision.entity';
import { ReviewLabelEntity } from '../../../database/entities/review-label.entity';
import { whereCreatedWithin } from '../../../shared/database/created-within';
import { decodeFloat32Base64, splitRows } from '../../../shared/database/float32-base64';
import { CategoryLabels, LabelledExample } from '../../../tuning/labelled/labelled-example';
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

interface LabelRow {
  decisionId: string;
  categoryId: string;
  label: string;
}

interface DecisionRow {
  id: string;
  createdAt: string;
  modelHash: string;
  embedding: string;
  frameEmbeddings: string | null;
}

/** Reviewers' labels and the decisions they labelled, as ground truth for evaluations. */
export class ReviewedTrafficRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Reviewers' labels as ground truth, by decision id, for the enforce-mode decisions of a policy
   * decided in the window: `violating` is true, `not_violating` false, `unsure` not labelled. When a
   * decision was reviewed more than once (an escalation, an appeal), the latest label of each
   * category wins: it is the considered answer. Decisions whose every label is `unsure` are left out.
   */
  async labels(window: ReviewWindow): Promise<Map<string, CategoryLabels>> {
    const rows = await this.database.run('tuning.labels', () => {
      const query = this.database.dataSource
        .createQueryBuilder()
        .select('l.decisionId', 'decisionId')
        .addSelect('l.categoryId', 'categoryId')
        .addSelect('l.label', 'label')
        .from(ReviewLabelEntity, 'l')
        .innerJoin(DecisionEntity, 'd', 'd.id = l.decisionId')
        .where('d.policyId = :policyId', { policyId: window.policyId })
        // A shadow-mode decision never reaches a reviewer; the guard keeps it that way here too.
        .andWhere('d.mode = :mode', { mode: 'enforce' });
      whereCreatedWithin(query, 'd', window);
      // Oldest first, so a later label overwrites an earlier one below.
      return query.orderBy('l.createdAt', 'ASC').addOrderBy('l.id', 'ASC').getRawMany<LabelRow>();
    });
    const labels = new Map<string, Record<string, boolean | undefined>>();
    for (const row of rows) {
      let entry = labels.get(row.decisionId);
      if (!entry) labels.set(row.decisionId, (entry = {}));
      entry[row.categoryId] = row.label === 'violating' ? true : row.label === 'not_violating' ? false : undefined;
    }
    for (const [id, entry] of labels) if (Object.values(entry).every((value) => value === undefined)) labels.delete(id);
    return labels as Map<string, CategoryLabels>;
  }

  /**
   * The decisions reviewers labelled, in the `{ id, frameEmbeddings, labels }` shape the evaluation
   * core takes: each decision's stored frame embeddings (so no image is needed and the vision model
   * never runs) with its reviewers' labels (see {@link labels}). Only decisions made with
   * `modelHash` are returned; the others are counted.
   */
  async examples(window: ReviewWindow & { readonly modelHash: string }): Promise<ReviewedExamples> {
    const labels = await this.labels(window);
    const ids = [...labels.keys()];
    const rows: DecisionRow[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      rows.push(
        ...(await this.database.run('tuning.reviewed', () =>
          this.database.dataSource
            .createQueryBuilder()
            .select('d.id', 'id')
            .addSelect('d.createdAt', 'createdAt')
            .addSelect('d.modelHash', 'modelHash')
            .addSelect('d.embedding', 'embedding')
            .addSelect('d.frameEmbeddings', 'frameEmbeddings')
            .from(DecisionEntity, 'd')
            .where('d.id IN (:...ids)', { ids: chunk })
            // A decision a bank match made without the model (then appealed) has nothing to evaluate.
            .andWhere("d.embedding <> ''")
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
}

function framesOf(row: DecisionRow): Float32Array[] {
  const embedding = decodeFloat32Base64(row.embedding);
  const frames = row.frameEmbeddings === null ? [embedding] : splitRows(decodeFloat32Base64(row.frameEmbeddings), embedding.length);
  return frames.map((frame) => Float32Array.from(frame));
}
