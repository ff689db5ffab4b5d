import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every test writes its generated models and files under test/.tmp (git-ignored). */
export default function globalSetup(): void {
  mkdirSync(join(__dirname, '..', '.tmp'), { recursive: true });
}
