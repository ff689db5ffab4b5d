/** Asynchronous moderation on Bull and Redis: the queue module, its options and job types, and webhooks. */
export { ModerationQueueModule } from './queue/moderation-queue.module';
export type { ModerationQueueOptions, ResolvedQueueOptions } from './queue/moderation-queue-options';
export { MODERATION_QUEUE_OPTIONS } from './queue/queue.tokens';
export { ModerationJobQueue } from './queue/moderation-job-queue';
export type { ModerationQueueMetrics } from './queue/queue-metrics';
export type { QueueCounts, QueueSnapshot, QueueThroughput } from './queue/queue-metrics';
export { queueOptionsFromEnvironment } from './queue/queue-options-from-environment';
export { MODERATION_QUEUE, WEBHOOK_QUEUE } from './queue/queue-names';
export type { WebhookOptions } from './webhooks/webhook-options';
export { DECISION_CREATED_EVENT } from './webhooks/webhook-options';
export type { DecisionCreatedEvent } from './webhooks/webhook-payload';
export { WEBHOOK_HEADERS, signWebhook } from './webhooks/webhook-signature';
export type { WebhookDeliveryAttempt } from './webhooks/webhook-delivery.repository';
export { JobResponse } from './http/job.dto';
export { JobsHttpModule } from './jobs-http.module';
