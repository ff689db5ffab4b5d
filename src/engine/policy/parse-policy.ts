import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { deepFreeze } from './deep-freeze';
import { normalisePolicy } from './normalise-policy';
import { policyInvalidError } from './policy-invalid-error';
import { DOCUMENT_FIELD, inFileOrder, PolicyIssue } from './policy-issue';
import { PolicyDocument } from './policy-document';
import { policyVersion } from './policy-version';
import { Policy } from './policy.types';
import { readPolicyYaml } from './read-policy-yaml';
import { reservedKeyIssues } from './reserved-key-issues';
import { semanticIssues } from './semantic-checks';
import { validationIssues } from './validation-issues';

/**
 * Validates a policy written in YAML and returns it normalised (defaults applied) and versioned.
 * Throws ModerationError(PolicyInvalid) listing every problem, each with its field path, so an
 * author can fix a file in one round. The result is deeply frozen.
 */
export function parsePolicy(yamlText: string, sourceFile: string): Policy {
  const read = readPolicyYaml(yamlText);
  if (!read.ok) throw policyInvalidError(sourceFile, read.issues);
  const document = toDocument(read.value, sourceFile);
  const issues = inFileOrder([...reservedKeyIssues(read.value), ...documentIssues(document)]);
  if (issues.length > 0) throw policyInvalidError(sourceFile, issues);
  const normalised = normalisePolicy(document);
  return deepFreeze({ ...normalised, version: policyVersion(normalised), sourceFile });
}

function toDocument(value: unknown, sourceFile: string): PolicyDocument {
  if (value === null || value === undefined) {
    throw policyInvalidError(sourceFile, [{ field: DOCUMENT_FIELD, reason: 'the file is empty; a policy needs at least id, description and categories' }]);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw policyInvalidError(sourceFile, [{ field: DOCUMENT_FIELD, reason: 'must be a mapping of fields (id, description, categories, ...)' }]);
  }
  // No implicit conversion: a threshold written as "0.5" (a string) must be reported, not coerced.
  return plainToInstance(PolicyDocument, value, { enableImplicitConversion: false });
}

function documentIssues(document: PolicyDocument): PolicyIssue[] {
  const shapeErrors = validateSync(document, {
    // Unknown keys are errors, not stripped: a misspelt `treshold` must not silently fall back to a default.
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One reason per field is enough; every field is still checked.
    stopAtFirstError: true,
    validationError: { target: false },
  });
  return [...validationIssues(shapeErrors), ...semanticIssues(document)];
}
