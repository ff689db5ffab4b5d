import { DecisionCategoryEntity } from './decision-category.entity';
import { DecisionEntity } from './decision.entity';
import { PolicyVersionEntity } from './policy-version.entity';

export { DecisionCategoryEntity, DecisionEntity, PolicyVersionEntity };

/**
 * Every entity of the decision log. Listed explicitly (no glob) so the same list works when
 * running from TypeScript sources and from compiled `dist/`, and inside a host app's data source.
 */
export const MODERATION_ENTITIES: readonly Function[] = Object.freeze([DecisionEntity, DecisionCategoryEntity, PolicyVersionEntity]);
