import { MigrationInterface } from 'typeorm';
import { CreateDecisionLog1764187200000 } from './1764187200000-CreateDecisionLog';
import { AddIdempotencyKey1764190000000 } from './1764190000000-AddIdempotencyKey';
import { AddDecisionJobId1795718732621 } from './1795718732621-AddDecisionJobId';
import { CreateWebhookDeliveries1795718732622 } from './1795718732622-CreateWebhookDeliveries';
import { CreateReviewQueue1795719000000 } from './1795719000000-CreateReviewQueue';
import { AddPolicyTuning1795720000000 } from './1795720000000-AddPolicyTuning';
import { AuditEventsRefuseReplace1795721000000 } from './1795721000000-AuditEventsRefuseReplace';
import { CreateImageBytes1795722000000 } from './1795722000000-CreateImageBytes';
import { AddWebhookDeliveryRequestId1795723000000 } from './1795723000000-AddWebhookDeliveryRequestId';
import { AddDecisionPdqHash1795724000000 } from './1795724000000-AddDecisionPdqHash';
import { CreateHashBanks1795800000000 } from './1795800000000-CreateHashBanks';
import { AddDecisionMatches1795810000000 } from './1795810000000-AddDecisionMatches';
import { CreateEmbeddingBanks1795820000000 } from './1795820000000-CreateEmbeddingBanks';

/**
 * Every migration of the decision log, oldest first. The data source takes this array rather than
 * a file glob, so migrations are found the same way from TypeScript sources and from `dist/`.
 * Append new migrations at the end; never edit or reorder one that has shipped.
 */
export const MODERATION_MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = Object.freeze([
  CreateDecisionLog1764187200000,
  AddIdempotencyKey1764190000000,
  AddDecisionJobId1795718732621,
  CreateWebhookDeliveries1795718732622,
  CreateReviewQueue1795719000000,
  AddPolicyTuning1795720000000,
  AuditEventsRefuseReplace1795721000000,
  CreateImageBytes1795722000000,
  AddWebhookDeliveryRequestId1795723000000,
  AddDecisionPdqHash1795724000000,
  CreateHashBanks1795800000000,
  AddDecisionMatches1795810000000,
  CreateEmbeddingBanks1795820000000,
]);
