import { summarisePolicyLint } from '../../src/tuning/lint/lint-summary';
import { PolicyLintCode, PolicyLintWarning } from '../../src/tuning/lint/policy-lint-warning';

function warning(policyId: string, code: PolicyLintCode): PolicyLintWarning {
  return { code, policyId, categoryId: 'c', field: 'categories[0]', message: 'm' };
}

describe('summarisePolicyLint', () => {
  it('writes one line per policy with warnings: the count, the codes and the command with the details', () => {
    const lines = summarisePolicyLint([
      warning('default', 'no-contrast-prompts'),
      warning('nsfw', 'identifies-people'),
      warning('default', 'near-duplicate-prompts'),
      warning('default', 'no-contrast-prompts'),
    ]);
    expect(lines).toEqual([
      'policy default: 3 lint warnings (2 no-contrast-prompts, 1 near-duplicate-prompts); details: `moderate policy lint --policy default`',
      'policy nsfw: 1 lint warning (1 identifies-people); details: `moderate policy lint --policy nsfw`',
    ]);
  });

  it('says nothing when there is nothing to say', () => {
    expect(summarisePolicyLint([])).toEqual([]);
  });
});
