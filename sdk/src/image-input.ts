/** An image to moderate: a File or Blob, bytes, or a stream (web or Node). */
export type ImageInput = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Turns any {@link ImageInput} into a Blob that fetch can send in a multipart form. */
export async function toBlob(input: ImageInput): Promise<Blob> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  if (input instanceof ArrayBuffer) return new Blob([input]);
  if (ArrayBuffer.isView(input)) return new Blob([copyBytes(input)]);
  const chunks: Uint8Array[] = [];
  if (typeof ReadableStream !== 'undefined' && input instanceof ReadableStream) {
    const reader = input.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } else {
    for await (const chunk of input as AsyncIterable<Uint8Array>) chunks.push(chunk);
  }
  return new Blob(chunks.map((chunk) => copyBytes(chunk)));
}

/** A copy on a plain ArrayBuffer (Blob parts may not view shared or pooled memory portably). */
function copyBytes(view: ArrayBufferView): ArrayBuffer {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
