/**
 * Trims and collapses runs of whitespace to one space. CLIP's tokenizer does the same before
 * encoding, so this changes nothing the model sees, but it keeps the policy version stable
 * when a prompt is re-wrapped or re-indented in the YAML.
 */
export function normaliseText(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
