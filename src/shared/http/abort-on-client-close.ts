import type { Response } from 'express';

/**
 * An AbortSignal that fires when the client goes away before its answer is sent: the engine then
 * drops the image if it has not been decoded or encoded yet, and nothing is stored for it.
 */
export function abortOnClientClose(response: Response): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    // 'close' also follows a normal answer; only a connection closed before the answer is an abort.
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
