import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Upload routes take either a multipart form (field `file`) or the image itself as the body.
 * Swagger decorators give every media type the same schema, so the raw types are set here to a
 * plain binary string.
 */
export function describeRawImageBodies(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.post, pathItem.put]) {
      const body = operation?.requestBody;
      if (!body || !('content' in body)) continue;
      for (const [mediaType, content] of Object.entries(body.content)) {
        if (mediaType.startsWith('image/') || mediaType === 'application/octet-stream') {
          content.schema = { type: 'string', format: 'binary' };
        }
      }
    }
  }
}
