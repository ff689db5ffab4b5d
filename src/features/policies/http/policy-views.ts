import { PolicyStateEntity } from '../../../database/entities/policy-state.entity';
import { PolicyStateResponse } from './policy-version.dto';

/** A policy state as the API returns it. */
export function toPolicyStateResponse(state: PolicyStateEntity): PolicyStateResponse {
  return {
    policyId: state.policyId,
    activeVersion: state.activeVersion,
    shadowVersion: state.shadowVersion,
    updatedAt: state.updatedAt.toISOString(),
    updatedBy: state.updatedBy,
  };
}
