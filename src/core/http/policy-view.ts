import { Policy } from '../../engine/policy/policy.types';
import { PolicyResponse } from './policy.dto';

/** A policy as the API returns it, with the version running in shadow beside it (if any). */
export function toPolicyResponse(policy: Policy, shadow: Policy | null = null): PolicyResponse {
  return {
    id: policy.id,
    description: policy.description,
    version: policy.version,
    defaultAction: policy.defaultAction,
    logitScale: policy.logitScale,
    categories: policy.categories.map((category) => ({
      ...category,
      prompts: [...category.prompts],
      contrastPrompts: [...category.contrastPrompts],
      templates: [...category.templates],
      thresholds: { ...category.thresholds },
    })),
    ...(policy.banks === undefined ? {} : { banks: [...policy.banks] }),
    ...(policy.skipModelOnBankBlock === true ? { skipModelOnBankBlock: true } : {}),
    sourceFile: policy.sourceFile,
    shadowVersion: shadow?.version ?? null,
  };
}
