/** One sample of a family, as parse-prometheus-text-format gives it (numbers as text). */
interface ParsedSample {
  readonly value?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly buckets?: Readonly<Record<string, string>>;
  readonly count?: string;
  readonly sum?: string;
}

/** One metric family: its name, help, type (COUNTER, GAUGE, HISTOGRAM…) and samples. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: readonly ParsedSample[];
}

/**
 * A Prometheus text-format parser from npm, loaded with require() because it ships no type
 * definitions; its output is typed above.
 */
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

/** A scrape, parsed by a Prometheus text-format parser, with lookups by family name and labels. */
export class ScrapedMetrics {
  private readonly families: ReadonlyMap<string, MetricFamily>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  /** Every family name in the scrape. */
  get names(): string[] {
    return [...this.families.keys()];
  }

  /** The family called `name`; throws when the scrape lacks it. */
  family(name: string): MetricFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no family ${name} in the scrape; it has ${this.names.join(', ')}`);
    return family;
  }

  /** The sum of the values of `name`'s samples whose labels include `labels` (0 when none does). */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.matching(name, labels).reduce((total, sample) => total + Number(sample.value), 0);
  }

  /**
   * The sum of the observation counts of histogram `name`'s series whose labels include `labels`.
   * The parser folds a histogram's series into one sample and keeps `_count` and `_sum` only for a
   * histogram without labels of its own, so the `_count` lines are parsed on their own, as a family
   * without a type (each line keeps its labels).
   */
  count(name: string, labels: Readonly<Record<string, string>> = {}): number {
    if (this.family(name).type !== 'HISTOGRAM') throw new Error(`${name} is a ${this.family(name).type}, not a histogram`);
    const countLines = this.text.split('\n').filter((line) => line.startsWith(`${name}_count `) || line.startsWith(`${name}_count{`));
    const [series] = parseLines(countLines);
    return (series?.metrics ?? []).filter((sample) => includes(sample, labels)).reduce((total, sample) => total + Number(sample.value), 0);
  }

  /** Every label value of every sample line (histogram series included), to check that none is an id. */
  labelValues(): string[] {
    const sampleLines = this.text.split('\n').filter((line) => line.length > 0 && !line.startsWith('#'));
    return parseLines(sampleLines).flatMap((family) => family.metrics.flatMap((sample) => Object.values(sample.labels ?? {})));
  }

  private matching(name: string, labels: Readonly<Record<string, string>>): ParsedSample[] {
    return this.family(name).metrics.filter((sample) => includes(sample, labels));
  }
}

/** Parses some lines of a scrape; ends them with a newline, without which the parser drops the last family. */
function parseLines(lines: readonly string[]): MetricFamily[] {
  return parsePrometheusTextFormat(`${lines.join('\n')}\n`);
}

function includes(sample: ParsedSample, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value);
}

/** GETs `url` (a /metrics page) with the token, if any, and parses it; fails on anything but a 200 in the text format. */
export async function scrapeMetrics(url: string, token?: string): Promise<ScrapedMetrics> {
  const response = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`scrape of ${url} answered ${response.status}: ${text}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) throw new Error(`scrape of ${url} is ${response.headers.get('content-type')}`);
  return new ScrapedMetrics(text);
}
