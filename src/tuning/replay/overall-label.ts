import { CategoryLabels } from '../labelled/labelled-example';

/** A decision violates overall when any category is labelled violating, and is clean when labelled and none is. */
export function overallLabel(labels: CategoryLabels): boolean | undefined {
  const values = Object.values(labels).filter((label): label is boolean => label !== undefined);
  if (values.length === 0) return undefined;
  return values.some(Boolean);
}
