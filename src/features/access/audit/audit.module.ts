import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MODERATION_DATA_SOURCE } from '../../../core/moderation.tokens';
import { AuditEventsController } from '../http/audit-events.controller';
import { AuditLog } from './audit-log';
import { AUDIT_LOG } from './audit.tokens';

/** The read-only audit trail API (events are written by the services that take each step). */
@Module({
  controllers: [AuditEventsController],
  providers: [{ provide: AUDIT_LOG, useFactory: (dataSource: DataSource) => new AuditLog(dataSource), inject: [MODERATION_DATA_SOURCE] }],
  exports: [AUDIT_LOG],
})
export class AuditModule {}
