import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CoreOptions } from '../../core/core-options';
import { MODERATION_MODULE_OPTIONS } from '../../core/core.module-definition';
import { DecisionHooks } from '../../core/decisions/decision-hooks';
import { repositoryProvider } from '../../core/repository-provider';
import { ModerationEngine } from '../../engine/moderation-engine';
import { DecisionSearchIndex } from './decision-search-index';
import { DecisionSearchService } from './decision-search.service';
import { SearchController } from './http/search.controller';
import { SearchIndexRepository } from './search-index.repository';
import { ResolvedSearchOptions, SearchFeatureOptions, resolveSearchOptions, searchSettings } from './search-options';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps the search index current in the background (reads what other processes recorded, writes
 * the snapshot now and then), and writes the snapshot once more at shutdown, while the database
 * is still open (the core closes it after every `beforeApplicationShutdown`).
 */
@Injectable()
export class SearchIndexLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Search');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly options: ResolvedSearchOptions;

  constructor(
    private readonly index: DecisionSearchIndex,
    @Inject(MODERATION_MODULE_OPTIONS) options: SearchFeatureOptions,
  ) {
    this.options = resolveSearchOptions(options);
  }

  onApplicationBootstrap(): void {
    // Loads in the background: a large log takes a while, and only searches wait for it.
    this.index.ready().catch((error: unknown) => this.logger.warn(`search index: loading failed (${message(error)}); the next search tries again`));
    const every = (ms: number, work: () => Promise<unknown>, what: string): void => {
      if (ms <= 0) return;
      const timer = setInterval(() => void work().catch((error: unknown) => this.logger.warn(`search index: ${what} failed (${message(error)})`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    // Also retries a load that failed (the database was down at start).
    every(this.options.refreshMs, () => this.index.refresh(), 'refresh');
    every(this.options.snapshotIntervalMs, () => this.index.writeSnapshot(), 'snapshot');
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    try {
      if (await this.index.writeSnapshot()) this.logger.log(`search index: snapshot written (${this.index.status().decisions} decisions)`);
    } catch (error) {
      this.logger.warn(`search index: the snapshot was not written (${message(error)}); the next start reads every decision`);
    }
  }
}

/**
 * Search of past traffic (`POST /v1/search`, `POST /v1/search/by-image`): the HTTP API's own
 * {@link DecisionSearchIndex} of enforce-mode decisions, told of each decision this process
 * records. Only servers hold it (workers do not import this module).
 */
@Module({
  controllers: [SearchController],
  providers: [
    repositoryProvider(SearchIndexRepository),
    {
      provide: DecisionSearchIndex,
      useFactory: (repository: SearchIndexRepository, engine: ModerationEngine, hooks: DecisionHooks, options: SearchFeatureOptions & CoreOptions): DecisionSearchIndex => {
        const logger = new Logger('Search');
        const index = new DecisionSearchIndex({ ...searchSettings(options), repository, modelId: engine.model.id, log: { log: (line) => logger.log(line), warn: (line) => logger.warn(line) } });
        hooks.onRecorded((decision) => index.recorded(decision));
        return index;
      },
      inject: [SearchIndexRepository, ModerationEngine, DecisionHooks, MODERATION_MODULE_OPTIONS],
    },
    {
      provide: DecisionSearchService,
      useFactory: (index: DecisionSearchIndex, repository: SearchIndexRepository, engine: ModerationEngine) => new DecisionSearchService(index, repository, engine),
      inject: [DecisionSearchIndex, SearchIndexRepository, ModerationEngine],
    },
    SearchIndexLifecycle,
  ],
  exports: [DecisionSearchIndex, DecisionSearchService],
})
export class SearchHttpModule {}
