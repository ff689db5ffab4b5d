import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ModerationDatabase } from '../../database/moderation-database';
import { ModerationEngine } from '../../engine/moderation-engine';
import { DecisionHooks } from '../decisions/decision-hooks';
import { registerDatabaseMetrics } from './database-metrics';
import { registerDecisionMetrics } from './decision-metrics';
import { registerEngineMetrics } from './engine-metrics';
import { MetricsRegistry } from './metrics-registry';

/** Registers the core's families (engine, decisions, database) as the core starts; nothing injects it. */
@Injectable()
export class CoreMetrics implements OnApplicationShutdown {
  private readonly stopObserving: () => void;

  constructor(metrics: MetricsRegistry, engine: ModerationEngine, hooks: DecisionHooks, database: ModerationDatabase) {
    this.stopObserving = registerEngineMetrics(metrics.registry, engine);
    registerDecisionMetrics(metrics.registry, hooks);
    registerDatabaseMetrics(metrics.registry, database);
  }

  onApplicationShutdown(): void {
    this.stopObserving();
  }
}
