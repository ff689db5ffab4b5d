import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ModerationAction } from '../../engine/policy/moderation-action';
import { CategorySeverity, ScoringMethod } from '../../engine/policy/policy.types';
import { DecisionEntity } from './decision.entity';

/** One category's verdict within a decision, kept as a row so dashboards can query per category. */
@Entity({ name: 'moderation_decision_categories' })
// "Which decisions did category X send to review or block" without scanning every row.
@Index('idx_moderation_decision_categories_category_action', ['categoryId', 'action'])
export class DecisionCategoryEntity {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid', primaryKeyConstraintName: 'pk_moderation_decision_categories' })
  decisionId!: string;

  @PrimaryColumn({ name: 'category_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_decision_categories' })
  categoryId!: string;

  /** Deleting a decision deletes its categories, so retention jobs need one statement. */
  @ManyToOne(() => DecisionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'decision_id', foreignKeyConstraintName: 'fk_moderation_decision_categories_decision' })
  decision?: DecisionEntity;

  @Column({ name: 'score', type: 'double precision' })
  score!: number;

  @Column({ name: 'review_threshold', type: 'double precision' })
  reviewThreshold!: number;

  @Column({ name: 'block_threshold', type: 'double precision' })
  blockThreshold!: number;

  /** What the score triggers on its own: allow, review or block. */
  @Column({ name: 'action', type: 'varchar', length: 16 })
  action!: ModerationAction;

  /** `cosine` or `contrast-softmax`. */
  @Column({ name: 'scoring', type: 'varchar', length: 32 })
  scoring!: ScoringMethod;

  @Column({ name: 'best_prompt', type: 'text' })
  bestPrompt!: string;

  @Column({ name: 'best_similarity', type: 'double precision' })
  bestSimilarity!: number;

  @Column({ name: 'shadow', type: 'boolean' })
  shadow!: boolean;

  @Column({ name: 'severity', type: 'varchar', length: 16 })
  severity!: CategorySeverity;

  /** Which scored frame produced the score (0 for still images). */
  @Column({ name: 'frame', type: 'integer' })
  frame!: number;
}
