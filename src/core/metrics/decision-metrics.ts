import { Counter, Registry } from 'prom-client';
import { DecisionHooks } from '../decisions/decision-hooks';

/**
 * Decisions as they are recorded, by whichever process records them (a server or a worker), once
 * each: counted after the recording transaction commits, never for a reused decision. Labels are
 * the policy, the mode and actions, and category ids: all bounded by the policies loaded, never
 * subjects, sources or ids.
 */
export function registerDecisionMetrics(registry: Registry, hooks: DecisionHooks): void {
  const decisions = new Counter({
    name: 'moderation_decisions_total',
    help: 'Decisions recorded, by policy, mode (enforce or shadow) and enforced action.',
    labelNames: ['policy', 'mode', 'action'] as const,
    registers: [registry],
  });
  const categories = new Counter({
    name: 'moderation_decision_categories_total',
    help: "Categories that asked for review or block in a recorded decision, by policy, mode, category and the category's own action (shadow categories included).",
    labelNames: ['policy', 'mode', 'category', 'action'] as const,
    registers: [registry],
  });
  hooks.onRecorded((decision) => {
    decisions.inc({ policy: decision.policy.id, mode: decision.mode, action: decision.action });
    for (const category of decision.categories) {
      if (category.action === 'allow') continue;
      categories.inc({ policy: decision.policy.id, mode: decision.mode, category: category.id, action: category.action });
    }
  });
}
