import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AuditRepository } from '../audit/audit.repository';
import { AuditEventPageResponse, ListAuditEventsQuery } from './audit-event.dto';
import { RateLimited } from '../rate-limit/rate-limited.decorator';

/**
 * The audit trail, read-only (admins). There is deliberately no route that changes or deletes an
 * event, and the database refuses such changes as well.
 */
@ApiTags('audit')
@Roles('admin')
@RateLimited('admin')
@Controller({ path: 'audit-events', version: '1' })
export class AuditEventsController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'List audit events, newest first' })
  @ApiOkResponse({ type: AuditEventPageResponse })
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageResponse> {
    const page = await this.audit.list(
      { action: query.action, subjectType: query.subjectType, subjectId: query.subjectId, actorId: query.actorId?.toLowerCase() },
      { limit: query.limit ?? 100, cursor: query.cursor },
    );
    return { items: page.items.map((event) => ({ ...event, actor: { ...event.actor }, subject: { ...event.subject } })), nextCursor: page.nextCursor };
  }
}
