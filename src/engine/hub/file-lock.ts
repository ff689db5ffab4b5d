import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A held lock. */
export interface FileLock {
  /** True once another process broke the lock (it thought us dead); stop writing. */
  readonly lost: boolean;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** Timings, overridable for tests. */
export interface FileLockOptions {
  /** A lock whose file was not touched for this long belongs to a dead holder; default 30 s. */
  readonly staleMs?: number;
  /** How often the holder touches its lock file; default 5 s. */
  readonly heartbeatMs?: number;
  /** How often a waiter looks again; default 250 ms. */
  readonly pollMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: () => void;
}

interface LockOwner {
  readonly token: string;
  readonly host: string;
  readonly pid: number;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A holder that stopped heartbeating, or a process on this machine that no longer exists. */
async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > staleMs) return true;
  } catch {
    return false; // gone already: the next exclusive create will tell
  }
  const owner = await readOwner(path);
  return owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !processIsAlive(owner.pid);
}

/**
 * Takes `<path>` by creating it exclusively (`wx`), which the OS guarantees only one process wins, and
 * waits while another process or call holds it. The holder touches the file every few seconds so a
 * crashed holder's lock is recognised as stale and broken instead of blocking every later start.
 */
export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  const staleMs = options.staleMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const pollMs = options.pollMs ?? 250;
  const owner: LockOwner = { token: randomUUID(), host: hostname(), pid: process.pid };
  await mkdir(dirname(path), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path, staleMs)) {
      await rm(path, { force: true });
      continue;
    }
    if (!waiting) options.onWait?.();
    waiting = true;
    await sleep(pollMs);
  }

  let lost = false;
  const heartbeat = setInterval(() => {
    void (async () => {
      const current = await readOwner(path);
      if (current?.token !== owner.token) {
        lost = true;
        return;
      }
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
    })();
  }, heartbeatMs);
  heartbeat.unref();

  return {
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(heartbeat);
      const current = await readOwner(path);
      if (current?.token === owner.token) await rm(path, { force: true });
    },
  };
}
