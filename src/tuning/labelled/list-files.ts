import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under `dir`, recursively, sorted, skipping dot-files and dot-folders (`.DS_Store`,
 * `.git`, editor backups) so a labelled folder can live in a repository. Symbolic links to files
 * are followed; links to folders are not (they could loop).
 */
export async function listFilesRecursively(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(path)));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
  }
  return files;
}
