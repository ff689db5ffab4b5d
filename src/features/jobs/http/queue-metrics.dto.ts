import { ApiProperty } from '@nestjs/swagger';

/** Jobs per state. */
export class QueueCountsResponse {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty({ description: 'Waiting out a retry backoff.' }) delayed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() paused!: number;
}

/** Recently finished jobs. */
export class QueueThroughputResponse {
  @ApiProperty() completedLastMinute!: number;
  @ApiProperty() failedLastMinute!: number;
  @ApiProperty({ description: 'Completed per second over the last five minutes.' }) completedPerSecond!: number;
}

/** One queue's figures. */
export class QueueSnapshotResponse {
  @ApiProperty({ example: 'moderation' }) name!: string;
  @ApiProperty({ type: QueueCountsResponse }) counts!: QueueCountsResponse;
  @ApiProperty({ type: QueueThroughputResponse }) throughput!: QueueThroughputResponse;
  @ApiProperty({ type: Number, nullable: true, description: 'Processes taking jobs; null when Redis does not allow CLIENT LIST.' })
  workers!: number | null;
}

/** Both queues. */
export class QueueMetricsResponse {
  @ApiProperty({ type: QueueSnapshotResponse }) moderation!: QueueSnapshotResponse;
  @ApiProperty({ type: QueueSnapshotResponse }) webhooks!: QueueSnapshotResponse;
}

/** The queue health probe. */
export class QueueHealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable', 'disabled'], description: 'disabled: no REDIS_URL, asynchronous moderation is off.' })
  status!: 'ok' | 'unavailable' | 'disabled';
  @ApiProperty({ type: QueueCountsResponse, nullable: true, description: 'The moderation queue.' }) moderation!: QueueCountsResponse | null;
  @ApiProperty({ type: QueueCountsResponse, nullable: true, description: 'The webhook queue.' }) webhooks!: QueueCountsResponse | null;
  @ApiProperty({ required: false }) error?: string;
}
