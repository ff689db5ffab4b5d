import { ValidationOptions, registerDecorator } from 'class-validator';

/** What the parser leaves when `MODERATION_WEBHOOKS` is not a JSON object, so validation can say so. */
const NOT_JSON_OBJECT = Symbol('not a JSON object');

/** Source names as the API accepts them (any text up to 200 characters but control characters). */
const SOURCE_NAME = /^[^\u0000-\u001f]{1,200}$/;

/**
 * class-transformer step for `MODERATION_WEBHOOKS`: parses the JSON text. Anything that is not a
 * JSON object is replaced by a marker that {@link IsSourceWebhookMap} reports, because a
 * transformer cannot add a validation message itself.
 */
export function parseSourceWebhookMap({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : NOT_JSON_OBJECT;
  } catch {
    return NOT_JSON_OBJECT;
  }
}

/** True for an absolute http(s) URL without credentials. */
export function isPlainHttpUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
}

/** Validates a parsed `MODERATION_WEBHOOKS`: an object from source name to http(s) URL. */
export function IsSourceWebhookMap(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isSourceWebhookMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a JSON object from source names to http(s) URLs, e.g. {"profile-photo":"https://hooks.example.com/moderation"}', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (value === NOT_JSON_OBJECT || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          return Object.entries(value).every(([source, url]) => SOURCE_NAME.test(source) && typeof url === 'string' && isPlainHttpUrl(url));
        },
      },
    });
  };
}
