import { userInfo } from 'node:os';
import { CommandLineActor } from '../features/policies';

/**
 * The audit actor for a change made with `moderate` on the server's database: `cli:<os user>`, so
 * the trail says who ran the command even though no API key was used.
 */
export function commandLineActor(): CommandLineActor {
  return { commandLine: { id: null, name: `cli:${operatingSystemUser()}`, role: null } };
}

function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry has no name to look up.
    return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
