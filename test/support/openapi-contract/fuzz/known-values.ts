/**
 * Real values from the server under test (ids of its decisions, its policy names), by the name a
 * parameter or body field carries: `policy`, `decisionId`, or for path parameters the collection
 * before them (`decisions.id`, `versions.version`). Random values alone would never find the
 * rows behind an id, so the routes' success paths would go untested.
 */
export type KnownValues = (name: string) => readonly string[];

/** The lookup name of a path parameter: the segment before it and its name (`/v1/decisions/{id}` gives `decisions.id`). */
export function pathParameterKey(template: string, parameter: string): string {
  const segments = template.split('/');
  const at = segments.indexOf(`{${parameter}}`);
  return `${at > 0 ? segments[at - 1] : ''}.${parameter}`;
}
