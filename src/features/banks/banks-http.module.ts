import { Module } from '@nestjs/common';
import { BankEntriesService } from './bank-entries.service';
import { BankEntryRepository } from './bank-entry.repository';
import { BankMatchingModule } from './bank-matching.module';
import { BankTransferService } from './bank-transfer.service';
import { HashBankRepository } from './hash-bank.repository';
import { HashBanksService } from './hash-banks.service';
import { BankEntriesController } from './http/bank-entries.controller';
import { BankTransferController } from './http/bank-transfer.controller';
import { HashBanksController } from './http/hash-banks.controller';
import { HashBankMatcher } from './matching/hash-bank-matcher';
import { EmbeddingBankEntriesService } from './embedding/embedding-bank-entries.service';
import { EmbeddingBankEntryRepository } from './embedding/embedding-bank-entry.repository';
import { EmbeddingBankRepository } from './embedding/embedding-bank.repository';
import { EmbeddingBanksService } from './embedding/embedding-banks.service';
import { EmbeddingBankEntriesController } from './embedding/http/embedding-bank-entries.controller';
import { EmbeddingBanksController } from './embedding/http/embedding-banks.controller';
import { EmbeddingBankMatcher } from './embedding/matching/embedding-bank-matcher';

const inject = [HashBankRepository, BankEntryRepository, HashBankMatcher];

/** The bank admin API: hash banks (`/v1/banks…`: banks, entries, import and export) and embedding banks (`/v1/embedding-banks…`). */
@Module({
  imports: [BankMatchingModule],
  controllers: [HashBanksController, BankEntriesController, BankTransferController, EmbeddingBanksController, EmbeddingBankEntriesController],
  providers: [
    { provide: HashBanksService, useFactory: (banks: HashBankRepository, _entries: BankEntryRepository, matcher: HashBankMatcher) => new HashBanksService(banks, matcher), inject },
    { provide: BankEntriesService, useFactory: (banks: HashBankRepository, entries: BankEntryRepository, matcher: HashBankMatcher) => new BankEntriesService(banks, entries, matcher), inject },
    { provide: BankTransferService, useFactory: (banks: HashBankRepository, entries: BankEntryRepository, matcher: HashBankMatcher) => new BankTransferService(banks, entries, matcher), inject },
    { provide: EmbeddingBanksService, useFactory: (banks: EmbeddingBankRepository, matcher: EmbeddingBankMatcher) => new EmbeddingBanksService(banks, matcher), inject: [EmbeddingBankRepository, EmbeddingBankMatcher] },
    {
      provide: EmbeddingBankEntriesService,
      useFactory: (banks: EmbeddingBankRepository, entries: EmbeddingBankEntryRepository, matcher: EmbeddingBankMatcher) => new EmbeddingBankEntriesService(banks, entries, matcher),
      inject: [EmbeddingBankRepository, EmbeddingBankEntryRepository, EmbeddingBankMatcher],
    },
  ],
  exports: [HashBanksService, BankEntriesService, BankTransferService, EmbeddingBanksService, EmbeddingBankEntriesService],
})
export class BanksHttpModule {}
