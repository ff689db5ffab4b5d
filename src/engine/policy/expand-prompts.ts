import { TEMPLATE_PLACEHOLDER } from './policy-defaults';

/**
 * Every prompt put into every template (prompt-major: all templates of the first prompt, then
 * the next prompt), with duplicates dropped and first-seen order kept. Without templates the
 * prompts are returned as they are (still de-duplicated). The engine averages or maxes over the
 * result, so the order only matters for reproducible logs.
 */
export function expandPrompts(prompts: readonly string[], templates: readonly string[]): string[] {
  const expanded = new Set<string>();
  for (const prompt of prompts) {
    if (templates.length === 0) expanded.add(prompt);
    for (const template of templates) expanded.add(fillTemplate(template, prompt));
  }
  return [...expanded];
}

/**
 * Puts `prompt` where the template's `{}` is (validated policies have exactly one; a template
 * without one is returned unchanged). Slicing rather than `String.replace`, because `replace`
 * would interpret `$&` and friends inside the prompt.
 */
export function fillTemplate(template: string, prompt: string): string {
  const at = template.indexOf(TEMPLATE_PLACEHOLDER);
  if (at < 0) return template;
  return template.slice(0, at) + prompt + template.slice(at + TEMPLATE_PLACEHOLDER.length);
}
