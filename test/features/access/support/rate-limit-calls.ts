import { TestKey, bearer } from '../../../support/api-keys';

/** One answer, its body parsed when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
  readonly headers: Headers;
}

/** `GET base+path` (or another method) with `key`'s secret, when one is given. */
export async function call(base: string, path: string, key?: TestKey, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { ...init, headers: { ...(key ? bearer(key) : {}), ...(init.headers as Record<string, string> | undefined) } });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, any>) : {};
  return { status: response.status, body, headers: response.headers };
}

/** The statuses of `count` calls made one after another. */
export async function statuses(count: number, next: () => Promise<Answer>): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < count; index++) seen.push((await next()).status);
  return seen;
}

/** Checks the 429 answer and returns its Retry-After in seconds. */
export function retryAfterOf(answer: Answer): number {
  if (answer.status !== 429) throw new Error(`expected 429, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return Number(answer.headers.get('retry-after'));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
