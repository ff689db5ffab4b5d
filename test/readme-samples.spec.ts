import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePolicy } from '../src/engine/policy';
import { CategoryPolicy, Policy } from '../src/engine/policy/policy.types';
import { REPO_ROOT } from './support/paths';

/** The policies the package ships, by id. */
const SHIPPED: ReadonlyMap<string, Policy> = new Map(
  readdirSync(join(REPO_ROOT, 'policies'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => {
      const policy = parsePolicy(readFileSync(join(REPO_ROOT, 'policies', file), 'utf8'), file);
      return [policy.id, policy] as const;
    }),
);

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The README's fenced code blocks, with their language. */
const BLOCKS = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ language: match[1]!, text: match[2]! }));

/** The one shipped category with this id, and its policy; fails when none or several have it. */
function shippedCategory(id: string): { policy: Policy; category: CategoryPolicy } {
  const found = [...SHIPPED.values()].flatMap((policy) => policy.categories.filter((category) => category.id === id).map((category) => ({ policy, category })));
  expect([id, found.length]).toEqual([id, 1]);
  return found[0]!;
}

describe('README samples agree with the shipped policies', () => {
  it('prints the thresholds the shipped policies have in every `moderate score` sample line', () => {
    const lines = BLOCKS.flatMap((block) => block.text.split('\n')).filter((line) => /^(ALLOW|REVIEW|BLOCK) /.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const [, id, action, score, threshold] of line.matchAll(/([a-z0-9-]+)(?: \(shadow\))? (review|block) ([\d.]+) ≥ ([\d.]+)/g)) {
        const { category } = shippedCategory(id!);
        expect([line, Number(threshold)]).toEqual([line, category.thresholds[action as 'review' | 'block']]);
        expect(Number(score)).toBeGreaterThanOrEqual(Number(threshold));
        if (action === 'review') expect(Number(score)).toBeLessThan(category.thresholds.block);
      }
      for (const [, id, score, threshold] of line.matchAll(/closest: ([a-z0-9-]+) ([\d.]+) < ([\d.]+)/g)) {
        const { category } = shippedCategory(id!);
        expect([line, Number(threshold)]).toEqual([line, category.thresholds.review]);
        expect(Number(score)).toBeLessThan(Number(threshold));
      }
    }
  });

  it('quotes a shipped policy in every YAML sample that names one, thresholds and all', () => {
    const samples = BLOCKS.filter((block) => block.language === 'yaml').map((block) => parseYaml(block.text) as { id?: string; categories?: Array<Record<string, unknown>> });
    const quoted = samples.filter((sample) => sample.id !== undefined && SHIPPED.has(sample.id));
    expect(quoted.length).toBeGreaterThan(0);
    for (const sample of quoted) {
      const policy = SHIPPED.get(sample.id!)!;
      for (const entry of sample.categories ?? []) {
        const category = policy.categories.find((candidate) => candidate.id === entry.id);
        expect([sample.id, entry.id, category !== undefined]).toEqual([sample.id, entry.id, true]);
        expect({ id: entry.id, thresholds: entry.thresholds, scoring: entry.scoring, severity: entry.severity, shadow: entry.shadow ?? false }).toEqual({
          id: category!.id,
          thresholds: category!.thresholds,
          scoring: category!.scoring,
          severity: category!.severity,
          shadow: category!.shadow,
        });
        // An excerpt: fewer prompts than the file may be shown, none it does not have.
        for (const prompt of [...((entry.prompts as string[]) ?? []), ...((entry.contrastPrompts as string[]) ?? [])]) {
          expect([entry.id, prompt, [...category!.prompts, ...category!.contrastPrompts].includes(prompt)]).toEqual([entry.id, prompt, true]);
        }
      }
    }
  });

  it('names only categories the named shipped policy has in its command samples', () => {
    const commands = BLOCKS.flatMap((block) => block.text.split('\n')).filter((line) => /--policy \S+.*--category /.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands) {
      const policy = SHIPPED.get(/--policy (\S+)/.exec(line)![1]!)!;
      for (const [, id] of line.matchAll(/--category (\S+)/g)) expect([line, policy.categories.some((category) => category.id === id)]).toEqual([line, true]);
    }
  });
});
