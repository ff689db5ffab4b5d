import { Module } from '@nestjs/common';
import { AuditEventsController } from '../http/audit-events.controller';
import { AuditLog } from './audit-log';
import { AUDIT_LOG } from './audit.tokens';
import { ModerationDatabase } from '../../../database/moderation-database';

/** The read-only audit trail API (events are written by the services that take each step). */
@Module({
  controllers: [AuditEventsController],
  providers: [{ provide: AUDIT_LOG, useFactory: (database: ModerationDatabase) => new AuditLog(database.dataSource), inject: [ModerationDatabase] }],
  exports: [AUDIT_LOG],
})
export class AuditModule {}
