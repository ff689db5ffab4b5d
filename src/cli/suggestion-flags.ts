import { Command } from 'commander';
import { SuggestionMinimums, suggestionMinimums } from '../tuning/suggest/suggestion-minimums';

/** The `moderate suggest` flags that set how much data a suggestion needs. */
export interface MinimumFlags {
  minPositives?: string;
  minNegatives?: string;
  minDecisions?: string;
  minWindowHours?: string;
}

const FLAG_OF: Readonly<Record<keyof SuggestionMinimums, string>> = {
  positives: '--min-positives',
  negatives: '--min-negatives',
  decisions: '--min-decisions',
  windowHours: '--min-window-hours',
};

/** Adds the minimum flags, with the defaults in their help. */
export function withMinimumFlags(command: Command): Command {
  const defaults = suggestionMinimums();
  return command
    .option(`${FLAG_OF.positives} <count>`, `labelled positives a precision or recall target needs before it is offered without a warning (default ${defaults.positives})`)
    .option(`${FLAG_OF.negatives} <count>`, `labelled negatives a precision or FPR target needs (default ${defaults.negatives})`)
    .option(`${FLAG_OF.decisions} <count>`, `stored decisions a volume target needs (default ${defaults.decisions})`)
    .option(`${FLAG_OF.windowHours} <hours>`, `shortest window a rate per day is counted over; shorter gives no rate (default ${defaults.windowHours})`);
}

/** The minimums the flags ask for, defaults elsewhere; VALIDATION_FAILED naming the flag for a bad value. */
export function minimumsFromFlags(flags: MinimumFlags): SuggestionMinimums {
  const read = (text: string | undefined): number | undefined => (text === undefined ? undefined : text.trim() === '' ? Number.NaN : Number(text));
  return suggestionMinimums(
    { positives: read(flags.minPositives), negatives: read(flags.minNegatives), decisions: read(flags.minDecisions), windowHours: read(flags.minWindowHours) },
    FLAG_OF,
  );
}
