import type { EntityManager } from 'typeorm';
import { EmbeddingBankEntity } from '../../database/entities/embedding-bank.entity';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';

/** Which kind of bank holds a name. */
export type BankKind = 'hash' | 'embedding';

/**
 * Bank names are one namespace across hash and embedding banks, because a policy's `banks:` list
 * names banks of either kind: each kind's table has its own unique index, and creating or renaming
 * a bank asks here, inside its transaction, whether a bank of the other kind has the name.
 */
export class BankNameRepository {
  /** True when a bank of `kind` is called `name`. */
  static async held(manager: EntityManager, kind: BankKind, name: string): Promise<boolean> {
    const entity = kind === 'hash' ? HashBankEntity : EmbeddingBankEntity;
    return (await manager.getRepository(entity).count({ where: { name } })) > 0;
  }
}
