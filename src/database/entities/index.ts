// Imported in the order of MODERATION_ENTITIES: TypeORM lists entity metadata in the order the
// classes were decorated, i.e. loaded.
import { DecisionEntity } from './decision.entity';
import { DecisionCategoryEntity } from './decision-category.entity';
import { PolicyVersionEntity } from './policy-version.entity';
import { ReviewItemEntity } from './review-item.entity';
import { ReviewLabelEntity } from './review-label.entity';
import { ReviewQueueEntity } from './review-queue.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditEventEntity } from './audit-event.entity';
import { StoredImageEntity } from './stored-image.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { PolicyStateEntity } from './policy-state.entity';
import { EvaluationEntity } from './evaluation.entity';
import { HashBankEntity } from './hash-bank.entity';
import { HashBankEntryEntity } from './hash-bank-entry.entity';
import { EmbeddingBankEntity } from './embedding-bank.entity';
import { EmbeddingBankEntryEntity } from './embedding-bank-entry.entity';

export {
  ApiKeyEntity,
  AuditEventEntity,
  DecisionCategoryEntity,
  DecisionEntity,
  EmbeddingBankEntity,
  EmbeddingBankEntryEntity,
  EvaluationEntity,
  HashBankEntity,
  HashBankEntryEntity,
  PolicyStateEntity,
  PolicyVersionEntity,
  ReviewItemEntity,
  ReviewLabelEntity,
  ReviewQueueEntity,
  StoredImageEntity,
  WebhookDeliveryEntity,
};

/**
 * Every entity of the decision log. Listed explicitly (no glob) so the same list works when
 * running from TypeScript sources and from compiled `dist/`, and inside a host app's data source.
 */
export const MODERATION_ENTITIES: readonly Function[] = Object.freeze([
  DecisionEntity,
  DecisionCategoryEntity,
  PolicyVersionEntity,
  // Review queue, keys, audit trail and stored images (issue 5).
  ReviewItemEntity,
  ReviewLabelEntity,
  ReviewQueueEntity,
  ApiKeyEntity,
  AuditEventEntity,
  StoredImageEntity,
  // Webhook delivery attempts (issue 4).
  WebhookDeliveryEntity,
  // Policy tuning: which version is active or in shadow, stored evaluations (issue 7).
  PolicyStateEntity,
  EvaluationEntity,
  // Hash banks of known content (issue 15).
  HashBankEntity,
  HashBankEntryEntity,
  // Embedding banks of known content (issue 15).
  EmbeddingBankEntity,
  EmbeddingBankEntryEntity,
]);
