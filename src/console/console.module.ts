import { Module } from '@nestjs/common';
import { ReviewConsoleController } from './review-console.controller';

/** The review console page (`/review`). */
@Module({ controllers: [ReviewConsoleController] })
export class ConsoleModule {}
