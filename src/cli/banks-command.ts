import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { engineOptionsFromEnvironment } from '../config/engine-options-from-environment';
import { loadEnvironment } from '../config/load-environment';
import { openModerationDatabase } from '../database/open-database';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { DEFAULT_IMAGE_LIMITS } from '../engine/image/image-limits';
import { isPdqHex } from '../engine/pdq';
import {
  BANK_ACTIONS,
  BANK_NAME_PATTERN,
  BankAction,
  BankEntriesService,
  BankEntryRepository,
  BankTransferService,
  DEFAULT_BANK_SETTINGS,
  HashBank,
  HashBankRepository,
  HashBanksService,
  MAX_BANK_THRESHOLD,
  NO_BANK_CHANGE_SINK,
} from '../features/banks';
import { commandLineActor } from './command-line-actor';
import { textTable } from './text-table';

interface BankServices {
  readonly banks: HashBanksService;
  readonly entries: BankEntriesService;
  readonly transfer: BankTransferService;
}

interface CreateFlags {
  threshold: number;
  action: BankAction;
  minQuality: number;
  dihedral?: boolean;
  description?: string;
  json?: boolean;
}

interface EntryFlags {
  label?: string;
  note?: string;
}

/** When running servers follow a change made here: at their next poll of the banks. */
const FOLLOW_NOTE = 'Running servers and workers follow within MODERATION_BANK_REFRESH_MS (500 ms by default).';

/**
 * `moderate banks list|create|import|export|add|remove`: hash banks on the server's own database
 * (the same `DATABASE_URL` / `MODERATION_DATA_DIR` the server reads). Changes are audited with the
 * actor `cli:<os user>`; running servers and workers pick them up on their next poll.
 */
export function banksCommand(): Command {
  const banks = new Command('banks').description("manage hash banks (PDQ hashes of known content) in the server's database");
  banks
    .command('list')
    .description('list banks with their settings and entry counts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withBanks(async ({ banks: service }) => {
        const all = await service.list();
        process.stdout.write(flags.json ? `${JSON.stringify(all, null, 2)}\n` : formatBanks(all));
      });
    });
  banks
    .command('create')
    .description('create a bank')
    .argument('<name>', 'letters, digits and ._- (1-100 characters)')
    .option('-t, --threshold <bits>', `largest Hamming distance that matches, 0-${MAX_BANK_THRESHOLD}`, integerIn(0, MAX_BANK_THRESHOLD), DEFAULT_BANK_SETTINGS.threshold)
    .addOption(new Option('-a, --action <action>', 'what a match does (report: recorded only)').choices([...BANK_ACTIONS]).default(DEFAULT_BANK_SETTINGS.action))
    .option('-q, --min-quality <quality>', 'uploads whose PDQ quality is below this never match, 0-100', integerIn(0, 100), DEFAULT_BANK_SETTINGS.minQuality)
    .option('--dihedral', 'also match rotated and mirrored copies')
    .option('-d, --description <text>', 'what the bank holds')
    .option('--json', 'print the bank as JSON')
    .action(async (name: string, flags: CreateFlags) => {
      if (!BANK_NAME_PATTERN.test(name)) throw invalid('name', 'must be 1 to 100 letters, digits or . _ -, start with a letter or digit, and not be a UUID');
      await withBanks(async ({ banks: service }) => {
        const bank = await service.create(
          { name, description: flags.description ?? null, threshold: flags.threshold, action: flags.action, minQuality: flags.minQuality, dihedral: flags.dihedral === true },
          commandLineActor(),
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(bank, null, 2)}\n`);
        else process.stderr.write(`Created bank "${bank.name}" (id ${bank.id}): ${describeSettings(bank)}.\n${FOLLOW_NOTE}\n`);
      });
    });
  banks
    .command('import')
    .description('import a hash list: a hash per line (# comments), or with --csv a CSV with a hash column and optional label and note')
    .argument('<bank>', 'bank name or id')
    .argument('<file>', 'the list')
    .option('--csv', 'the file is CSV')
    .option('-l, --label <label>', 'label of entries whose line gives none')
    .option('-n, --note <note>', 'note of entries whose line gives none')
    .option('--json', 'print the report as JSON')
    .action(async (bank: string, file: string, flags: EntryFlags & { csv?: boolean; json?: boolean }) => {
      const text = await readFile(file, 'utf8');
      await withBanks(async ({ transfer }) => {
        // No line limit here: the limit protects a server from requests, and this reads a local file.
        const report = await transfer.import(bank, text, { format: flags.csv ? 'csv' : 'text', label: flags.label, note: flags.note, maxLines: Number.MAX_SAFE_INTEGER }, commandLineActor());
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${report.bankName}: ${report.added} added, ${report.duplicates} duplicates, ${report.invalid} invalid lines (of ${report.lines})\n`);
        for (const line of report.invalidLines) process.stderr.write(`${file}:${line.line}: ${line.reason}\n`);
        if (report.added > 0) process.stderr.write(`${FOLLOW_NOTE}\n`);
      });
    });
  banks
    .command('export')
    .description("print a bank's entries as a hash list (a hash per line, or CSV with --csv)")
    .argument('<bank>', 'bank name or id')
    .option('--csv', 'CSV: hash, label, note, source, created_at')
    .action(async (bank: string, flags: { csv?: boolean }) => {
      await withBanks(async ({ transfer }) => {
        const exported = await transfer.export(bank, flags.csv ? 'csv' : 'text');
        for await (const piece of exported.pieces) if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      });
    });
  banks
    .command('add')
    .description('add a hash, or the PDQ hash of an image file, to a bank')
    .argument('<bank>', 'bank name or id')
    .argument('<hash-or-file>', 'a PDQ hash (64 hex digits) or an image file')
    .option('-l, --label <label>', 'a short label (one line)')
    .option('-n, --note <note>', 'a longer note')
    .action(async (bank: string, target: string, flags: EntryFlags) => {
      await withBanks(async ({ entries }) => {
        const meta = { label: flags.label ?? null, note: flags.note ?? null };
        if (isPdqHex(target) && !existsSync(target)) {
          const entry = await entries.add(bank, { ...meta, hash: target }, 'cli', commandLineActor());
          process.stdout.write(`${entry.id} ${entry.hash}\n`);
          return;
        }
        const limits = { ...DEFAULT_IMAGE_LIMITS, ...engineOptionsFromEnvironment(loadEnvironment(process.env)).limits };
        const { entry, quality } = await entries.addImage(bank, await readFile(target), limits, meta, commandLineActor());
        process.stdout.write(`${entry.id} ${entry.hash}\n`);
        process.stderr.write(`Added the hash of ${target} (quality ${quality}).\n`);
      });
    });
  banks
    .command('remove')
    .description('remove an entry from a bank')
    .argument('<bank>', 'bank name or id')
    .argument('<entry-id>', 'the entry id (moderate banks export --csv, or the API, lists them)', integerIn(1, 2_147_483_647))
    .action(async (bank: string, entryId: number) => {
      await withBanks(async ({ entries }) => {
        const removed = await entries.remove(bank, entryId, commandLineActor());
        process.stderr.write(`Removed entry ${removed.id} (${removed.hash}) from ${bank}. ${FOLLOW_NOTE}\n`);
      });
    });
  return banks;
}

/** Opens the server's database (migrating it, as the server would), runs `work`, closes it. */
async function withBanks(work: (services: BankServices) => Promise<void>): Promise<void> {
  const env = loadEnvironment(process.env);
  const database = await openModerationDatabase(moduleOptionsFromEnvironment(env).database ?? {}, { attempts: 3, firstDelayMs: 500 });
  try {
    const banks = new HashBankRepository(database);
    const entries = new BankEntryRepository(database);
    // This process matches nothing; servers and workers pick the change up on their poll.
    await work({
      banks: new HashBanksService(banks, NO_BANK_CHANGE_SINK),
      entries: new BankEntriesService(banks, entries, NO_BANK_CHANGE_SINK),
      transfer: new BankTransferService(banks, entries, NO_BANK_CHANGE_SINK),
    });
  } finally {
    await database.close();
  }
}

function formatBanks(banks: readonly HashBank[]): string {
  if (banks.length === 0) return '';
  const rows = [['name', 'entries', 'threshold', 'action', 'min quality', 'dihedral', 'enabled'], ...banks.map((bank) => [bank.name, String(bank.entryCount), String(bank.threshold), bank.action, String(bank.minQuality), yesNo(bank.dihedral), yesNo(bank.enabled)])];
  return `${textTable(rows).join('\n')}\n`;
}

function describeSettings(bank: HashBank): string {
  return `threshold ${bank.threshold}, action ${bank.action}, min quality ${bank.minQuality}, dihedral ${yesNo(bank.dihedral)}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** A commander parser for an integer within [min, max]. */
function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return number;
  };
}

function invalid(field: string, reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `${field} ${reason}`, { errors: [{ field, reasons: [reason] }] });
}
