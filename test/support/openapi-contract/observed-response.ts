/** What the contract checks look at in one exchange, captured while the caller's body stays unread. */
export interface ObservedResponse {
  /** Upper case, as sent. */
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  /** The `content-type` without parameters, lower case; null when the response has none. */
  readonly mediaType: string | null;
  /** The body text of JSON and plain-text responses; null for anything else (images, HTML) or no body. */
  readonly body: string | null;
}

/** Whether a media type is JSON (`application/json`, `application/problem+json`, ...). */
export function isJsonMediaType(mediaType: string | null): boolean {
  return mediaType !== null && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

/**
 * Captures a response for checking. The body is read from a clone, so whoever made the request
 * still gets an unread body; bodies that are neither JSON nor plain text are left alone, because
 * an unread clone would buffer an image or a stream for nothing.
 */
export async function observeResponse(method: string, url: URL, response: Response): Promise<ObservedResponse> {
  const header = response.headers.get('content-type');
  const mediaType = header ? header.split(';')[0]!.trim().toLowerCase() : null;
  const readable = response.body !== null && (isJsonMediaType(mediaType) || mediaType === 'text/plain');
  // A body that breaks off is the caller's to find when it reads; the check just has nothing to look at.
  const body = readable ? await response.clone().text().catch(() => null) : null;
  return { method, url, status: response.status, mediaType, body };
}
