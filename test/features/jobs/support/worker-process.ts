import { AppProcess } from '../../../support/app-process';

/** A real worker process (`src/app/worker.ts` from source), ready once it says so. */
export const WorkerProcess = {
  start(env: NodeJS.ProcessEnv, timeoutMs = 40_000): Promise<AppProcess> {
    return AppProcess.node('app/worker.ts', env, /moderation worker \d+ ready/, timeoutMs);
  },
};

export type WorkerProcess = AppProcess;
