import { Policy } from '../../engine/policy/policy.types';
import { findPeopleIdentification } from './find-people-identification';
import { findProtectedTerms } from './find-protected-terms';
import { PolicyLintWarning } from './policy-lint-warning';

/**
 * Prompts, contrast prompts and templates that name protected characteristics or identify people.
 *
 * A prompt (something to look for) is flagged for any protected term: it makes the category fire
 * on a kind of person, or on a religion's or a group's symbols. A contrast prompt is flagged only
 * when it is about people ("a muslim family"): naming a religious symbol as a benign look-alike
 * ("a Hindu symbol on a doorway", so it is *not* flagged) is what contrast prompts are for.
 * Identifying people is flagged everywhere. Templates apply to every prompt, so they are held to
 * the prompts' rule, each distinct template once.
 */
export function promptWordingIssues(policy: Policy): PolicyLintWarning[] {
  const warnings: PolicyLintWarning[] = [];
  const seenTemplates = new Set<string>();
  policy.categories.forEach((category, categoryIndex) => {
    const texts = [
      ...category.prompts.map((text, index) => ({ text, field: `prompts[${index}]`, contrast: false })),
      ...category.contrastPrompts.map((text, index) => ({ text, field: `contrastPrompts[${index}]`, contrast: true })),
      ...category.templates
        .map((text, index) => ({ text, field: `templates[${index}]`, contrast: false }))
        .filter((entry) => !seenTemplates.has(entry.text) && seenTemplates.add(entry.text)),
    ];
    for (const { text, field, contrast } of texts) {
      const at = { policyId: policy.id, categoryId: category.id, field: `categories[${categoryIndex}].${field}` };
      for (const match of findProtectedTerms(text)) {
        if (contrast && !match.aboutPeople) continue;
        warnings.push({
          ...at,
          code: 'protected-characteristic',
          message: contrast
            ? `"${text}" describes people by ${match.characteristic} ("${match.words}"); a benign contrast should describe content, objects or settings, not a group of people`
            : `"${text}" names ${match.characteristic} ("${match.words}"); prompts must describe content, objects and scenes, never people's protected characteristics`,
          details: { characteristic: match.characteristic, words: match.words, text },
        });
      }
      for (const match of findPeopleIdentification(text)) {
        warnings.push({
          ...at,
          code: 'identifies-people',
          message: `"${text}" ${match.reason} ("${match.words}"); policies must never be used to identify or recognise people`,
          details: { reason: match.reason, words: match.words, text },
        });
      }
    }
  });
  return warnings;
}
