import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { ModerationDatabase } from '../../../database/moderation-database';

/** Readiness of each dependency. */
export class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty() model!: { loaded: boolean; id: string; hash: string };
  @ApiProperty() database!: { reachable: boolean; error?: string };
}

/** Liveness and readiness probes for orchestrators. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly engine: ModerationEngine,
    private readonly database: ModerationDatabase,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'The model is loaded and the database answers' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiResponse({ status: 503, type: ReadinessResponse })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    const model = { loaded: !this.engine.isClosed, id: this.engine.model.id, hash: this.engine.model.hash };
    let database: ReadinessResponse['database'];
    try {
      await this.database.ping();
      database = { reachable: true };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      database = { reachable: false, error: cause instanceof Error ? cause.message : String(cause) };
    }
    const ok = model.loaded && database.reachable;
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', model, database };
  }
}
