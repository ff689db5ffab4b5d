import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { isModerationError } from '../../src/engine/errors/moderation-error';
import { IMAGE_ERROR_CODES } from '../../src/engine/errors/moderation-error-code';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { SHARED_DIR, tempDir } from '../support/temp-dir';

const CORPORA = ['hostile', 'photos'].map((name) => join(SHARED_DIR, 'images', name));
const PER_FILE_LIMIT_MS = 15_000;
const IMAGE_CODES: readonly string[] = IMAGE_ERROR_CODES;

/**
 * Every malformed, adversarial and ordinary file of the shared corpora goes through the whole
 * `score()` path: each must end in a decision or a typed image error, in bounded time and memory.
 */
describe('score() over the shared image corpora', () => {
  const present = CORPORA.every((folder) => existsSync(folder));
  if (!present) {
    it('needs ../shared/images (missing here)', () => {
      console.warn(`shared corpora missing under ${SHARED_DIR}/images; the corpus test cannot run`);
      expect(process.env.CI).toBeUndefined();
    });
    return;
  }

  const root = tempDir('corpus');
  let engine: ModerationEngine;
  const outcomes: Array<{ file: string; outcome: string; ms: number }> = [];

  beforeAll(async () => {
    await writeTinyClipModel(join(root, 'model'), { layout: 'huggingface' });
    mkdirSync(join(root, 'policies'));
    writeFileSync(join(root, 'policies', 'colours.yaml'), COLOUR_POLICY_YAML);
    engine = await ModerationEngine.create({ model: join(root, 'model'), policies: join(root, 'policies'), cacheDir: join(root, 'cache') });
  });

  afterAll(async () => {
    await engine?.close();
    writeFileSync(join(__dirname, '..', '.tmp', 'score-corpus.json'), JSON.stringify(outcomes, null, 2));
  });

  it('ends every file in a decision or a typed image error, within time and memory bounds', async () => {
    const files = CORPORA.flatMap((folder) => readdirSync(folder).sort().map((name) => join(folder, name)));
    expect(files.length).toBeGreaterThan(150);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakGrowth = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const started = Date.now();
      let outcome: string;
      try {
        const decision = await withTimeout(engine.score(bytes, 'colours'), PER_FILE_LIMIT_MS, file);
        expect(['allow', 'review', 'block']).toContain(decision.action);
        expect(decision.content.sha256).toHaveLength(64);
        outcome = `decision:${decision.action}`;
      } catch (error) {
        if (!isModerationError(error) || !IMAGE_CODES.includes(error.code)) {
          throw new Error(`${file} escaped with ${error instanceof Error ? error.stack : String(error)}`);
        }
        outcome = `error:${error.code}`;
      }
      outcomes.push({ file: file.slice(SHARED_DIR.length + 1), outcome, ms: Date.now() - started });
      peakGrowth = Math.max(peakGrowth, process.memoryUsage().rss - rssBefore);
    }
    const decided = outcomes.filter((entry) => entry.outcome.startsWith('decision')).length;
    const photos = outcomes.filter((entry) => entry.file.startsWith('images/photos/'));
    console.log(
      `corpus: ${outcomes.length} files, ${decided} decisions, ${outcomes.length - decided} typed errors, ` +
        `peak RSS growth ${(peakGrowth / 1048576).toFixed(0)} MiB, slowest ${Math.max(...outcomes.map((entry) => entry.ms))} ms`,
    );
    // Ordinary photos are overwhelmingly decodable; a handful are formats outside the allow-list (BMP, JPEG 2000).
    expect(photos.filter((entry) => entry.outcome.startsWith('decision')).length).toBeGreaterThan(photos.length * 0.8);
    expect(peakGrowth).toBeLessThan(1536 * 1048576);
    // The engine still works after the whole corpus.
    const last = await engine.score(readFileSync(files.find((file) => file.endsWith('.png') && file.includes('photos'))!), 'colours');
    expect(last.policy.id).toBe('colours');
  }, 600_000);
});

function withTimeout<T>(promise: Promise<T>, ms: number, file: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${file} took longer than ${ms} ms`)), ms);
    }),
  ]);
}
