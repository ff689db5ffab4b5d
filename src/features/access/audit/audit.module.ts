import { Module } from '@nestjs/common';
import { AuditEventsController } from '../http/audit-events.controller';
import { AuditRepository } from './audit.repository';
import { repositoryProvider } from '../../../core/repository-provider';

/** The read-only audit trail API (events are written by the services that take each step). */
@Module({
  controllers: [AuditEventsController],
  providers: [repositoryProvider(AuditRepository)],
  exports: [AuditRepository],
})
export class AuditModule {}
