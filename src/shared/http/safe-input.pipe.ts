import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem } from '../../engine/errors/validation-failed';
import { FORBIDDEN_CONTROL_REASON, hasForbiddenControl } from '../text/control-characters';
import { validationError } from './validation-error';

/** Default of `MODERATION_MAX_INPUT_DEPTH`: policies, the deepest input, nest about six levels. */
export const DEFAULT_MAX_INPUT_DEPTH = 32;

/** At most this many problems are reported per argument. */
const MAX_PROBLEMS = 20;

/**
 * The first pipe of every route argument (body, query, path parameter), before validation:
 * refuses with VALIDATION_FAILED, naming the field, any string or key holding NUL or another
 * control character (what a database could not store, or would store differently on SQLite and
 * PostgreSQL), and any value nested deeper than `maxDepth` (class-transformer and class-validator
 * recurse, so a deep enough body would overflow the stack inside them: a 500 instead of a 400).
 * It walks the value with a stack of its own, so its depth check cannot overflow either.
 */
@Injectable()
export class SafeInputPipe implements PipeTransform {
  constructor(private readonly maxDepth: number = DEFAULT_MAX_INPUT_DEPTH) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems = unsafeInput(value, metadata.data ?? '', this.maxDepth);
    if (problems.length > 0) throw validationError(problems);
    return value;
  }
}

/** The problems of `value`: control characters in strings or keys, nesting past `maxDepth`. */
export function unsafeInput(value: unknown, root: string, maxDepth: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (hasForbiddenControl(current)) problems.push({ field: path || 'body', reasons: [FORBIDDEN_CONTROL_REASON] });
      continue;
    }
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    if (depth >= maxDepth) {
      problems.push({ field: path || 'body', reasons: [`is nested more than ${maxDepth} levels deep`] });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (hasForbiddenControl(key)) problems.push({ field: path || 'body', reasons: ['has a key holding NUL or another control character'] });
      else stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems;
}
