import { ModerationApiError } from './errors';

/** The data of a successful call, or the server's error as a {@link ModerationApiError}. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw errorFrom(result.response, result.error);
}

function errorFrom(response: Response, body: unknown): ModerationApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return new ModerationApiError({
    code: typeof record.code === 'string' ? record.code : `HTTP_${response.status}`,
    status: response.status,
    message: typeof record.message === 'string' ? record.message : `The server answered ${response.status}`,
    requestId: typeof record.requestId === 'string' ? record.requestId : (response.headers.get('x-request-id') ?? undefined),
    details: typeof record.details === 'object' && record.details !== null ? (record.details as Record<string, unknown>) : undefined,
    body,
  });
}
