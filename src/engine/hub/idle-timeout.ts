/**
 * Aborts a request when no byte has arrived for `ms`: a stalled connection otherwise hangs a start
 * for undici's five-minute defaults. `touch()` on every chunk; `clear()` when done.
 */
export class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.touch();
  }

  /** Pass to fetch; it aborts when the connection went quiet. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.controller.abort(new Error(`no data received for ${Math.round(this.ms / 1000)} s`));
    }, this.ms);
    // Never keep the process alive just to time out a request nobody waits for any more.
    this.timer.unref();
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
