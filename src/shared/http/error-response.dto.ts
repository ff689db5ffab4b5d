import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorResponse {
  @ApiProperty({ example: 415 }) statusCode!: number;
  @ApiProperty({ example: 'IMAGE_UNSUPPORTED_FORMAT', description: 'Stable error code; branch on this, not on the message.' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
  @ApiPropertyOptional() requestId?: string;
}

/** The 422 answer of the upload hook when a decision blocks. */
export class BlockedUploadResponse extends ErrorResponse {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, score: { type: 'number' }, threshold: { type: 'number' } } } })
  categories!: Array<{ id: string; score: number; threshold: number }>;
}
