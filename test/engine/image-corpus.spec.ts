/**
 * Every file of the shared benign and hostile corpora goes through prepareImage with the default
 * limits. Each must settle quickly as a PreparedImage or a ModerationError with an image code;
 * nothing else may escape, memory must stay bounded and the process must survive.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isModerationError } from '../../src/engine/errors/moderation-error';
import { IMAGE_ERROR_CODES, ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { DEFAULT_IMAGE_LIMITS, OPENAI_CLIP_PREPROCESS, prepareImage } from '../../src/engine/image';
import { decoderMessageOf } from '../../src/engine/image/decode-error';

const SHARED_IMAGES = path.resolve(__dirname, '../../../shared/images');
const CORPORA = ['photos', 'hostile'] as const;
const REPORT = path.resolve(__dirname, '../.tmp/image-corpus.json');

const IMAGE_CODES: readonly string[] = IMAGE_ERROR_CODES;
/** Per file; the default decode budget is 10 s, so anything slower means the guard failed. */
const PER_FILE_LIMIT_MS = 15_000;
/** Growth over the whole run; decoding is capped near 50 MP, so this is generous. */
const MAX_RSS_GROWTH_BYTES = 1024 * 1024 * 1024;
/** Growth between the first and the last of three passes: a leak would show up here. */
const MAX_RSS_DRIFT_BYTES = 256 * 1024 * 1024;

interface Outcome {
  corpus: string;
  file: string;
  outcome: string;
  ms: number;
  detail: string;
}

const present = CORPORA.every((corpus) => existsSync(path.join(SHARED_IMAGES, corpus)));
if (!present) {
  console.warn(`SKIPPED image-corpus: ${SHARED_IMAGES}/{photos,hostile} is missing (../shared not checked out?)`);
}
const describeShared = present ? describe : describe.skip;

/** Runs one file; returns its outcome, or 'THREW <what>' / 'HUNG' for the failures under test. */
async function runOne(corpus: string, file: string): Promise<Outcome> {
  const bytes = readFileSync(path.join(SHARED_IMAGES, corpus, file));
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), PER_FILE_LIMIT_MS);
  });
  try {
    const result = await Promise.race([prepareImage(bytes, OPENAI_CLIP_PREPROCESS, DEFAULT_IMAGE_LIMITS), hung]);
    const ms = Math.round(performance.now() - started);
    if (result === 'hung') return { corpus, file, outcome: 'HUNG', ms, detail: '' };
    const detail = `${result.format} ${result.width}x${result.height}, ${result.frames.length}/${result.frameCount} frames`;
    return { corpus, file, outcome: 'ok', ms, detail };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (isModerationError(error) && IMAGE_CODES.includes(error.code)) {
      const said = decoderMessageOf(error);
      const decoder = said === undefined ? '' : `: ${said}`;
      // Decoder internals are for logs: never in what a caller is shown.
      expect(JSON.stringify(error.details)).not.toMatch(/vips|decoder/i);
      return { corpus, file, outcome: error.code, ms, detail: `${error.message}${decoder}` };
    }
    return { corpus, file, outcome: 'THREW', ms, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

describeShared('image corpus', () => {
  const files = CORPORA.flatMap((corpus) =>
    readdirSync(path.join(SHARED_IMAGES, corpus))
      .sort()
      .map((file) => ({ corpus, file })),
  );

  it('settles every file as a PreparedImage or an image error, in bounded time and memory', async () => {
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const passes: Outcome[][] = [];
    const rssAfterPass: number[] = [];
    for (let pass = 0; pass < 3; pass += 1) {
      const outcomes: Outcome[] = [];
      for (const { corpus, file } of files) {
        outcomes.push(await runOne(corpus, file));
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      passes.push(outcomes);
      rssAfterPass.push(process.memoryUsage().rss);
    }
    // A concurrent pass too: the service decodes several uploads at once.
    const concurrent = await Promise.all(files.map(({ corpus, file }) => runOne(corpus, file)));
    const rssEnd = process.memoryUsage().rss;
    rssPeak = Math.max(rssPeak, rssEnd);

    const [first] = passes;
    const count = (corpus: string): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const row of first.filter((entry) => entry.corpus === corpus)) counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
      return counts;
    };
    const report = {
      limits: { ...DEFAULT_IMAGE_LIMITS },
      counts: { photos: count('photos'), hostile: count('hostile') },
      slowestMs: Math.max(...first.map((row) => row.ms)),
      rss: {
        startMiB: mib(rssStart),
        peakMiB: mib(rssPeak),
        afterEachSequentialPassMiB: rssAfterPass.map(mib),
        endMiB: mib(rssEnd),
        growthMiB: mib(rssPeak - rssStart),
      },
      files: first,
    };
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`image corpus (${REPORT})\n${JSON.stringify({ counts: report.counts, slowestMs: report.slowestMs, rss: report.rss })}`);
    console.table(first.map(({ corpus, file, outcome, ms }) => ({ corpus, file, outcome, ms })));

    const failures = [...passes.flat(), ...concurrent].filter((row) => row.outcome === 'THREW' || row.outcome === 'HUNG');
    expect(failures).toEqual([]);
    // Repeated sequential passes give the same outcome per file. Concurrently, the error code may
    // differ (libvips keeps one error buffer for all threads, so messages can mix), but what
    // decodes must still decode.
    for (const outcomes of passes.slice(1)) {
      expect(outcomes.map((row) => row.outcome)).toEqual(first.map((row) => row.outcome));
    }
    expect(concurrent.map((row) => row.outcome === 'ok')).toEqual(first.map((row) => row.outcome === 'ok'));
    expect(rssPeak - rssStart).toBeLessThan(MAX_RSS_GROWTH_BYTES);
    expect(rssAfterPass[2] - rssAfterPass[0]).toBeLessThan(MAX_RSS_DRIFT_BYTES);

    // Ordinary photos decode unless their format or codec is not supported (BMP, JPEG 2000,
    // HEVC-coded HEIF, AVIF sequences): failOn must not refuse real photos as corrupt.
    const photos = first.filter((row) => row.corpus === 'photos');
    expect(photos.filter((row) => row.outcome !== 'ok' && row.outcome !== ModerationErrorCode.ImageUnsupportedFormat)).toEqual([]);
    expect(photos.filter((row) => row.outcome === 'ok').length).toBeGreaterThanOrEqual(photos.length * 0.9);

    // A few hostile files whose outcome is known from their origin.
    const outcomeOf = (file: string): string | undefined => first.find((row) => row.file === file)?.outcome;
    const expectations: Record<string, ModerationErrorCode> = {
      'sharp-giant-image.jpg': ModerationErrorCode.ImageTooManyPixels,
      'sharp-65536-uint32-limit.png': ModerationErrorCode.ImageTooManyPixels,
      'libvips-17000x17000.avif': ModerationErrorCode.ImageTooManyPixels,
      'sharp-truncated.jpg': ModerationErrorCode.ImageCorrupt,
      'sharp-truncated.png': ModerationErrorCode.ImageCorrupt,
      'pillow-truncated_jpeg.jpg': ModerationErrorCode.ImageCorrupt,
      'librsvg-bug515-pattern-billion-laughs.svg': ModerationErrorCode.ImageUnsupportedFormat,
      'librsvg-disallowed-996.svg': ModerationErrorCode.ImageUnsupportedFormat,
      'pillow-bmpsuite-reallybig.bmp': ModerationErrorCode.ImageUnsupportedFormat,
      'pillow-timeout-1ee28a249896e05b83840ae8140622de8e648ba9.psd': ModerationErrorCode.ImageUnsupportedFormat,
    };
    for (const [file, code] of Object.entries(expectations)) {
      if (outcomeOf(file) !== undefined) expect([file, outcomeOf(file)]).toEqual([file, code]);
    }
  }, 180_000);
});

function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
