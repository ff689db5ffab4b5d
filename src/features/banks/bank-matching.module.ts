import { BeforeApplicationShutdown, Global, Injectable, Logger, Module } from '@nestjs/common';
import { MODERATION_MODULE_OPTIONS } from '../../core/core.module-definition';
import { repositoryProvider } from '../../core/repository-provider';
import { BanksFeatureOptions, resolveBankOptions } from './bank-options';
import { BankEntryRepository } from './bank-entry.repository';
import { HashBankRepository } from './hash-bank.repository';
import { HashBankMatcher } from './matching/hash-bank-matcher';
import { BankSnapshotFiles } from './matching/bank-snapshot-file';
import { knownContentFrom } from './matching/known-content-adapter';
import { KNOWN_CONTENT } from '../../core/banks/known-content';
import { ModerationEngine } from '../../engine/moderation-engine';
import { EmbeddingBankEntryRepository } from './embedding/embedding-bank-entry.repository';
import { EmbeddingBankRepository } from './embedding/embedding-bank.repository';
import { EmbeddingBankMatcher } from './embedding/matching/embedding-bank-matcher';
import { ReviewBanking } from './embedding/review-banking';

/** Stops polling the banks before the database closes, and snapshots them for the next start. */
@Injectable()
export class BankMatchingLifecycle implements BeforeApplicationShutdown {
  constructor(
    private readonly matcher: HashBankMatcher,
    private readonly embeddings: EmbeddingBankMatcher,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.matcher.stop();
    this.embeddings.stop();
    // Banks changed in place since their last snapshot: written now, for the next start.
    await this.matcher.persist();
  }
}

/**
 * The banks every process that decides holds in memory: {@link HashBankMatcher} and
 * {@link EmbeddingBankMatcher} (for the entries made by this process's model), loaded at start and
 * kept current. Global, so anything in the app can inject the matchers and {@link ReviewBanking}.
 */
@Global()
@Module({
  providers: [
    repositoryProvider(HashBankRepository),
    repositoryProvider(BankEntryRepository),
    {
      provide: HashBankMatcher,
      useFactory: async (banks: HashBankRepository, entries: BankEntryRepository, options: BanksFeatureOptions): Promise<HashBankMatcher> => {
        const logger = new Logger('HashBanks');
        const { refreshMs, snapshotDir } = resolveBankOptions(options);
        const snapshots = snapshotDir === undefined ? undefined : new BankSnapshotFiles(snapshotDir);
        const matcher = new HashBankMatcher({ banks, entries, refreshMs, snapshots, log: { warn: (line) => logger.warn(line) } });
        await matcher.start();
        // Written in the background: the banks are in memory already, the files are for the next start.
        void matcher.persist();
        return matcher;
      },
      inject: [HashBankRepository, BankEntryRepository, MODERATION_MODULE_OPTIONS],
    },
    repositoryProvider(EmbeddingBankRepository),
    repositoryProvider(EmbeddingBankEntryRepository),
    {
      provide: EmbeddingBankMatcher,
      useFactory: async (banks: EmbeddingBankRepository, entries: EmbeddingBankEntryRepository, engine: ModerationEngine, options: BanksFeatureOptions): Promise<EmbeddingBankMatcher> => {
        const logger = new Logger('EmbeddingBanks');
        const matcher = new EmbeddingBankMatcher({ banks, entries, modelHash: engine.model.hash, refreshMs: resolveBankOptions(options).refreshMs, log: { warn: (line) => logger.warn(line) } });
        await matcher.start();
        return matcher;
      },
      inject: [EmbeddingBankRepository, EmbeddingBankEntryRepository, ModerationEngine, MODERATION_MODULE_OPTIONS],
    },
    { provide: ReviewBanking, useFactory: (matcher: EmbeddingBankMatcher) => new ReviewBanking(matcher), inject: [EmbeddingBankMatcher] },
    BankMatchingLifecycle,
    // What core matches every decision against (ModerationService takes it when present).
    { provide: KNOWN_CONTENT, useFactory: knownContentFrom, inject: [HashBankMatcher, EmbeddingBankMatcher] },
  ],
  exports: [HashBankMatcher, HashBankRepository, BankEntryRepository, EmbeddingBankMatcher, EmbeddingBankRepository, EmbeddingBankEntryRepository, ReviewBanking, KNOWN_CONTENT],
})
export class BankMatchingModule {}
