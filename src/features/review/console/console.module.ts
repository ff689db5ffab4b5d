import { Module } from '@nestjs/common';
import { ReviewConsoleController } from '../http/review-console.controller';

/** The review console page (`/review`). */
@Module({ controllers: [ReviewConsoleController] })
export class ConsoleModule {}
