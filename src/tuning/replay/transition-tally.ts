import { MODERATION_ACTIONS } from '../../engine/policy/moderation-action';
import { ActionTally, ActionTransition } from './replay-report';
import { NO_ACTION } from './action-codes';

/**
 * Counts actions before and after and every change between them, keeping the first few decision
 * ids of each change as examples and, where labels exist, how many changed decisions violate.
 */
export class TransitionTally {
  private readonly before = [0, 0, 0];
  private readonly after = [0, 0, 0];
  private readonly counts = new Array<number>(9).fill(0);
  private readonly examples: string[][] = Array.from({ length: 9 }, () => []);
  private readonly violating = new Array<number>(9).fill(0);
  private readonly clean = new Array<number>(9).fill(0);
  private labelsSeen = false;
  private sawBefore = false;
  private sawAfter = false;

  constructor(private readonly examplesPerTransition: number) {}

  /** One decision: its action codes before and after (NO_ACTION when a side lacks it) and its label. */
  add(before: number, after: number, id: string, label: boolean | undefined): void {
    if (before !== NO_ACTION) {
      this.before[before]!++;
      this.sawBefore = true;
    }
    if (after !== NO_ACTION) {
      this.after[after]!++;
      this.sawAfter = true;
    }
    if (before === NO_ACTION || after === NO_ACTION || before === after) return;
    const cell = before * 3 + after;
    this.counts[cell]!++;
    if (this.examples[cell]!.length < this.examplesPerTransition) this.examples[cell]!.push(id);
    if (label !== undefined) {
      this.labelsSeen = true;
      if (label) this.violating[cell]!++;
      else this.clean[cell]!++;
    }
  }

  /** Actions before, or null when no decision had one. */
  beforeTally(): ActionTally | null {
    return this.sawBefore ? toTally(this.before) : null;
  }

  /** Actions after, or null when no decision had one. */
  afterTally(): ActionTally | null {
    return this.sawAfter ? toTally(this.after) : null;
  }

  /** Decisions whose action changed. */
  get changed(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  /** Every change that happened, most frequent first. */
  transitions(): ActionTransition[] {
    const out: ActionTransition[] = [];
    this.counts.forEach((count, cell) => {
      if (count === 0) return;
      out.push({
        from: MODERATION_ACTIONS[Math.floor(cell / 3)]!,
        to: MODERATION_ACTIONS[cell % 3]!,
        count,
        exampleIds: [...this.examples[cell]!],
        ...(this.labelsSeen ? { labelled: { violating: this.violating[cell]!, clean: this.clean[cell]! } } : {}),
      });
    });
    return out.sort((a, b) => b.count - a.count);
  }
}

function toTally(counts: readonly number[]): ActionTally {
  return { allow: counts[0]!, review: counts[1]!, block: counts[2]! };
}
