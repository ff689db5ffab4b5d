import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import { ModerationClient } from '../src';
import { createServer } from '../../src/app/create-server';
import { createTestKey } from '../../test/support/api-keys';
import { BLUE, RED, solidImage } from '../../test/support/colour-images';
import { createModerationFixture } from '../../test/support/moderation-fixture';

const run = promisify(execFile);
const SDK = join(__dirname, '..');
const REPO = join(SDK, '..');

/**
 * What an app does with the SDK, as one script body for both builds: `sdk` and `helpers` are the
 * main and the Express entries, however they were loaded.
 */
const APP_SCRIPT_BODY = `
  const fs = require('node:fs');
  const client = new sdk.ModerationClient({ baseUrl: process.env.MODERATION_URL, apiKey: process.env.MODERATION_KEY, retry: { retries: 0 } });
  const ready = await client.ready();
  const decision = await client.moderate(fs.readFileSync(process.env.RED_IMAGE), { policy: 'colours', subject: 'plain-node' });
  const refused = await client.moderate(Buffer.from('not an image'), { policy: 'colours' }).catch((error) => ({ code: error.code, typed: error instanceof sdk.ModerationApiError && sdk.isModerationApiError(error) }));
  // The Express entry is a bundle of its own: it must still recognise the client's errors.
  const answers = [];
  for (const bytes of [fs.readFileSync(process.env.RED_IMAGE), Buffer.from('not an image')]) {
    const answer = { next: false };
    const response = { status(code) { answer.status = code; return response; }, json(body) { answer.body = body; } };
    await helpers.moderateUploads({ client, policy: 'colours' })({ file: { buffer: bytes }, headers: {} }, response, () => { answer.next = true; });
    answers.push(answer);
  }
  process.stdout.write(JSON.stringify({ ready, decision: { id: decision.id, action: decision.action, subject: decision.subject }, refused, answers }));
`;

const LOADERS = {
  'CommonJS (require)': {
    args: ['-e', `const sdk = require('${SDK}/dist/index.cjs'); const helpers = require('${SDK}/dist/express.cjs'); (async () => {${APP_SCRIPT_BODY}})().catch((error) => { console.error(error); process.exit(1); });`],
  },
  'ESM (import)': {
    args: ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const sdk = await import('${SDK}/dist/index.js'); const helpers = await import('${SDK}/dist/express.js');${APP_SCRIPT_BODY}`],
  },
} as const;

/** Runs node and returns what it printed; a failure shows the child's stderr, where its error is. */
async function runNode(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  try {
    return (await run(process.execPath, [...args], { ...options, timeout: 60_000 })).stdout;
  } catch (error) {
    throw new Error(`node ${args.join(' ').slice(0, 200)} failed:\n${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

/** Links a package folder into an app's node_modules, as an install would place it. */
function link(app: string, name: string, target: string): void {
  const path = join(app, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'dir');
}

describe('the built SDK, loaded as apps load it', () => {
  let server: INestApplication;
  let env: NodeJS.ProcessEnv;
  let reader: ModerationClient;
  let scratch: string;
  let images: { red: string; blue: string; junk: string };

  beforeAll(async () => {
    // The build under test: what `npm run sdk:build` (and the published package) contains.
    await run(join(REPO, 'node_modules', '.bin', 'tsup'), [], { cwd: SDK, timeout: 120_000 });
    const fixture = await createModerationFixture('sdk-commonjs');
    ({ app: server } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      LOG_LEVEL: 'error',
    }));
    await server.listen(0, '127.0.0.1');
    const baseUrl = await server.getUrl();
    env = { ...process.env, MODERATION_URL: baseUrl, MODERATION_KEY: (await createTestKey(server, 'submitter')).secret };
    reader = new ModerationClient({ baseUrl, apiKey: (await createTestKey(server, 'admin')).secret, retry: { retries: 0 } });
    // Outside the repository, so that only the node_modules made below can resolve the packages.
    scratch = mkdtempSync(join(tmpdir(), 'sdk-apps-'));
    images = { red: join(scratch, 'red.png'), blue: join(scratch, 'blue.png'), junk: join(scratch, 'junk.bin') };
    writeFileSync(images.red, await solidImage(RED));
    writeFileSync(images.blue, await solidImage(BLUE));
    writeFileSync(images.junk, 'not an image');
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(Object.keys(LOADERS) as (keyof typeof LOADERS)[])('constructs a client through the %s build and calls the server', async (loader) => {
    const stdout = await runNode(LOADERS[loader].args, { cwd: scratch, env: { ...env, RED_IMAGE: images.red } });
    const result = JSON.parse(stdout) as { decision: { id: string } };
    expect(result).toEqual({
      ready: true,
      decision: { id: expect.any(String), action: 'block', subject: 'plain-node' },
      refused: { code: 'IMAGE_UNSUPPORTED_FORMAT', typed: true },
      answers: [
        { next: false, status: 422, body: { statusCode: 422, code: 'CONTENT_BLOCKED', message: expect.any(String), decisionId: expect.any(String) } },
        { next: false, status: 415, body: expect.objectContaining({ code: 'IMAGE_UNSUPPORTED_FORMAT' }) },
      ],
    });
    expect((await reader.getDecision(result.decision.id)).action).toBe('block');
  }, 60_000);

  // tsconfig.json is what `nest new` writes today (nodenext: package exports); tsconfig.legacy.json
  // is the older template (commonjs + node resolution, which reads `types` and `typesVersions`).
  it.each([['tsconfig.json', 'dist'], ['tsconfig.legacy.json', 'dist-legacy']])('runs a NestJS app compiled by tsc -p %s to CommonJS, the client injected into a provider', async (tsconfig, outDir) => {
    const app = join(scratch, `nest-app-${outDir}`);
    cpSync(join(__dirname, 'fixtures', 'nest-commonjs-app'), app, { recursive: true });
    link(app, '@clip-moderation/sdk', SDK);
    for (const name of ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs', '@types/node']) link(app, name, join(REPO, 'node_modules', name));

    const compiled = await run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: app, timeout: 120_000 }).catch((error: { stdout: string }) => error);
    expect(compiled.stdout).toBe('');
    const stdout = await runNode([join(app, outDir, 'main.js'), images.red, images.blue, images.junk], { cwd: app, env });
    const result = JSON.parse(stdout) as { checks: { decisionId?: string }[] };
    expect(result).toEqual({
      checks: [
        { action: 'block', decisionId: expect.any(String) },
        { action: 'review', decisionId: expect.any(String) },
        { action: 'refused', code: 'IMAGE_UNSUPPORTED_FORMAT' },
      ],
      middleware: 'function',
    });
    expect((await reader.getDecision(result.checks[1]!.decisionId!)).subject).toBe('nest-app');
  }, 180_000);
});
