import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './support/paths';
import { tempDir } from './support/temp-dir';

const run = promisify(execFile);

interface PackageJson {
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly bin: Record<string, string>;
  readonly private?: boolean;
}

/**
 * The package as a NestJS app installs it: built, packed, resolved through its `exports` map from
 * another project, and type-checked there. jest's global setup rebuilds `dist/` when any source
 * is newer, so the test never reads a stale build.
 */
describe('the published package', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
  let app: string;

  beforeAll(async () => {
    // An app with the package installed: node_modules/clip-moderation points at the repository.
    app = tempDir('package-consumer');
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(REPO_ROOT, join(app, 'node_modules', 'clip-moderation'), 'dir');
  }, 180_000);

  it('packs the build, README, LICENSE and CHANGELOG only', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);
    const outside = files.filter((path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(path));
    expect(outside).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'CHANGELOG.md',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/tuning/index.js',
        'dist/src/cli/moderate.js',
        'dist/src/engine/inference/inference-worker.js',
        'dist/src/features/review/console/assets/review-console.js',
        'dist/migrations/index.js',
      ]),
    );
    expect(files.some((path) => path.includes('.spec.') || path.startsWith('dist/test') || path.startsWith('dist/bench'))).toBe(false);
    // A bound that only the build's own files fit under (about three per source file), not tests or fixtures.
    expect(files.length).toBeLessThan(1500);
  });

  it('is installable: Nest, TypeORM, reflect-metadata and rxjs are peers, and the CLI is in the build', () => {
    expect(manifest.private).toBeUndefined();
    for (const peer of ['@nestjs/common', '@nestjs/core', 'typeorm', 'reflect-metadata', 'rxjs']) {
      expect(manifest.peerDependencies[peer]).toBeDefined();
      expect(manifest.dependencies[peer]).toBeUndefined();
      // The repository itself still runs and tests with them.
      expect(manifest.devDependencies[peer]).toBe(manifest.peerDependencies[peer]);
    }
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@nestjs/'))).toEqual([]);
    expect(manifest.bin).toEqual({ moderate: 'dist/src/cli/moderate.js' });
    expect(readFileSync(join(REPO_ROOT, 'dist/src/cli/moderate.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('exports the module, the service, the errors and the engine at the root, tuning at a subpath, and nothing deeper', async () => {
    const script = `
      const root = require('clip-moderation');
      const tuning = require('clip-moderation/tuning');
      let deep = 'resolved';
      try { require('clip-moderation/dist/src/database/entities/decision.entity.js'); } catch (error) { deep = error.code; }
      console.log(JSON.stringify({ root: Object.keys(root), tuning: Object.keys(tuning), deep }));
    `;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: app });
    const surface = JSON.parse(stdout) as { root: string[]; tuning: string[]; deep: string };
    expect(surface.root).toEqual(expect.arrayContaining(['ModerationModule', 'ModerationService', 'ModerationError', 'ModerationErrorCode', 'AppErrorCode', 'ModerationEngine']));
    expect(surface.tuning).toEqual(expect.arrayContaining(['evaluatePolicy', 'suggestThresholds', 'replayPolicy', 'lintPolicy']));
    // No entities, repositories or injection tokens leak out of the package root.
    expect(surface.root.filter((name) => /Entity$|Repository$|_TOKEN$|^MODERATION_MODULE_OPTIONS$/.test(name))).toEqual([]);
    expect(surface.root.length).toBeLessThan(80);
    expect(surface.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('type-checks in a NestJS app that imports it by name', async () => {
    writeFileSync(
      join(app, 'app.module.ts'),
      [
        "import { Module } from '@nestjs/common';",
        "import { ModerationModule, ModerationService, isModerationError, AppErrorCode } from 'clip-moderation';",
        "import { suggestThresholds } from 'clip-moderation/tuning';",
        '',
        "@Module({ imports: [ModerationModule.forRoot({ model: './model', policies: './policies' })] })",
        'export class AppModule {',
        '  constructor(readonly moderation: ModerationService) {}',
        '}',
        'export const refused = (error: unknown): boolean => isModerationError(error) && error.code === AppErrorCode.AuthInvalidKey;',
        'export const suggest: typeof suggestThresholds = suggestThresholds;',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: [] },
        files: ['app.module.ts'],
      }),
    );
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(result.stdout).toBe('');
  }, 120_000);
});
