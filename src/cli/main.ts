import 'reflect-metadata';
import { Command } from 'commander';
import { isModerationError } from '../engine/errors/moderation-error';
import { keysCommand } from './keys-command';
import { banksCommand } from './banks-command';
import { scoreCommand } from './score-command';
import { evalCommand } from './eval-command';
import { hashCommand } from './hash-command';
import { modelCommand } from './model-command';
import { policyCommand } from './policy-command';
import { replayCommand } from './replay-command';
import { searchCommand } from './search-command';
import { suggestCommand } from './suggest-command';
import { packageVersion } from './package-version';

/** The `moderate` command line. */
export function buildCli(): Command {
  return new Command('moderate')
    .description('CLIP image moderation: score images against plain-language policies')
    .version(packageVersion(), '-V, --version', 'print the version of clip-moderation')
    .showHelpAfterError()
    .addCommand(scoreCommand())
    .addCommand(hashCommand())
    .addCommand(keysCommand())
    .addCommand(banksCommand())
    .addCommand(evalCommand())
    .addCommand(suggestCommand())
    .addCommand(replayCommand())
    .addCommand(searchCommand())
    .addCommand(policyCommand())
    .addCommand(modelCommand());
}

/** Runs the CLI; errors print as `CODE: message` with exit status 2. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv]);
  } catch (error) {
    const text = isModerationError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`moderate: ${text}\n`);
    process.exitCode = 2;
  }
}
