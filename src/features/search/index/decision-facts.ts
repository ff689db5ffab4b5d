import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';

/** Flag bits of a decision's facts. */
const LIVE = 1;
const REVIEWED = 2;

/** Most distinct policy ids the facts can tell apart (their codes are 16-bit). */
const MAX_POLICIES = 0xffff;

/** What a search filters on, known for every indexed decision. */
export interface DecisionFact {
  readonly decidedAtMs: number;
  readonly policyId: string;
  readonly action: ModerationAction;
  readonly reviewed: boolean;
}

/** What a search keeps; absent fields do not narrow it. */
export interface FactFilter {
  readonly policyId?: string;
  readonly action?: ModerationAction;
  /** Decided at or after (ms since the epoch). */
  readonly fromMs?: number;
  /** Decided strictly before (ms since the epoch). */
  readonly toMs?: number;
  readonly reviewed?: boolean;
}

/** The arrays of a snapshot of the facts. */
export interface FactArrays {
  readonly decidedAtMs: Float64Array;
  readonly policyCodes: Uint16Array;
  readonly actionCodes: Uint8Array;
  readonly flags: Uint8Array;
  readonly policies: readonly string[];
}

/**
 * Per decision key (see DecisionKeyTable), the facts a search filters on, in typed arrays: time,
 * policy (a 16-bit code into a list of ids), action and flags, 12 bytes a decision. Kept beside
 * the embedding index so that a filter is a few array reads inside its scan (`accept`), with no
 * database round trip per candidate.
 */
export class DecisionFacts {
  private decidedAtMs = new Float64Array(1024);
  private policyCodes = new Uint16Array(1024);
  private actionCodes = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  private readonly policies: string[] = [];
  private readonly policyCodeOf = new Map<string, number>();

  get byteLength(): number {
    return this.decidedAtMs.byteLength + this.policyCodes.byteLength + this.actionCodes.byteLength + this.flags.byteLength;
  }

  /** Records the facts of `key` and marks it live. */
  set(key: number, fact: DecisionFact): void {
    this.reserve(key + 1);
    this.decidedAtMs[key] = fact.decidedAtMs;
    this.policyCodes[key] = this.codeOf(fact.policyId);
    this.actionCodes[key] = Math.max(0, MODERATION_ACTIONS.indexOf(fact.action));
    this.flags[key] = LIVE | (fact.reviewed ? REVIEWED : 0);
  }

  isLive(key: number): boolean {
    return key < this.flags.length && (this.flags[key]! & LIVE) !== 0;
  }

  /** A person closed a review of the decision: from now on it counts as reviewed. */
  markReviewed(key: number): void {
    if (this.isLive(key)) this.flags[key]! |= REVIEWED;
  }

  /** The decision left the index. */
  markGone(key: number): void {
    if (key < this.flags.length) this.flags[key] = 0;
  }

  /** A test of keys against `filter`, for the index's `accept`: only the fields given are read. */
  matcher(filter: FactFilter): (key: number) => boolean {
    const policy = filter.policyId === undefined ? undefined : (this.policyCodeOf.get(filter.policyId) ?? -1);
    const action = filter.action === undefined ? undefined : MODERATION_ACTIONS.indexOf(filter.action);
    const from = filter.fromMs ?? -Infinity;
    const to = filter.toMs ?? Infinity;
    const reviewed = filter.reviewed === undefined ? undefined : filter.reviewed ? REVIEWED : 0;
    const { decidedAtMs, policyCodes, actionCodes, flags } = this;
    return (key) => {
      const flag = flags[key]!;
      if ((flag & LIVE) === 0) return false;
      if (policy !== undefined && policyCodes[key] !== policy) return false;
      if (action !== undefined && actionCodes[key] !== action) return false;
      if (reviewed !== undefined && (flag & REVIEWED) !== reviewed) return false;
      const at = decidedAtMs[key]!;
      return at >= from && at < to;
    };
  }

  /** Copies of the first `count` keys' facts, for a snapshot. */
  export(count: number): FactArrays {
    this.reserve(count);
    return {
      decidedAtMs: this.decidedAtMs.slice(0, count),
      policyCodes: this.policyCodes.slice(0, count),
      actionCodes: this.actionCodes.slice(0, count),
      flags: this.flags.slice(0, count),
      policies: [...this.policies],
    };
  }

  /** Facts as {@link export} gave them. */
  static fromArrays(arrays: FactArrays): DecisionFacts {
    const facts = new DecisionFacts();
    facts.reserve(arrays.flags.length);
    facts.decidedAtMs.set(arrays.decidedAtMs);
    facts.policyCodes.set(arrays.policyCodes);
    facts.actionCodes.set(arrays.actionCodes);
    facts.flags.set(arrays.flags);
    arrays.policies.forEach((policy) => facts.codeOf(policy));
    return facts;
  }

  private codeOf(policyId: string): number {
    let code = this.policyCodeOf.get(policyId);
    if (code === undefined) {
      if (this.policies.length >= MAX_POLICIES) throw new RangeError(`the search index tells at most ${MAX_POLICIES} policies apart`);
      code = this.policies.length;
      this.policies.push(policyId);
      this.policyCodeOf.set(policyId, code);
    }
    return code;
  }

  private reserve(count: number): void {
    if (count <= this.flags.length) return;
    const capacity = Math.max(count, this.flags.length * 2);
    const grow = <T extends Float64Array | Uint16Array | Uint8Array>(array: T, make: (length: number) => T): T => {
      const grown = make(capacity);
      grown.set(array);
      return grown;
    };
    this.decidedAtMs = grow(this.decidedAtMs, (length) => new Float64Array(length));
    this.policyCodes = grow(this.policyCodes, (length) => new Uint16Array(length));
    this.actionCodes = grow(this.actionCodes, (length) => new Uint8Array(length));
    this.flags = grow(this.flags, (length) => new Uint8Array(length));
  }
}
