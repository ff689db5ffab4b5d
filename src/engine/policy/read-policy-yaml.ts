import { LineCounter, parseDocument, YAMLError } from 'yaml';
import { DOCUMENT_FIELD, PolicyIssue } from './policy-issue';

/** The plain value of a policy file, or the reasons it could not be read as YAML. */
export type PolicyYamlResult = { ok: true; value: unknown } | { ok: false; issues: PolicyIssue[] };

// Anchors and aliases are legitimate YAML, but a few hundred of them nested can expand into
// gigabytes ("billion laughs"); no honest policy needs more than this.
const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML text into plain data. Syntax errors and warnings (unknown tags, for instance)
 * both count as problems, each with its line and column, because a policy that parses "with
 * warnings" may not say what its author meant. Duplicate keys are errors for the same reason.
 */
export function readPolicyYaml(text: string): PolicyYamlResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) return { ok: false, issues: problems.map((problem) => yamlIssue(problem, lineCounter)) };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    // toJS throws for alias bombs and unresolvable aliases, which the parser itself lets through.
    return { ok: false, issues: [{ field: DOCUMENT_FIELD, reason: error instanceof Error ? error.message : String(error) }] };
  }
}

function yamlIssue(problem: YAMLError, lineCounter: LineCounter): PolicyIssue {
  const { line, col } = lineCounter.linePos(problem.pos[0]);
  return { field: DOCUMENT_FIELD, reason: `YAML syntax: ${problem.message}`, line, column: col };
}
