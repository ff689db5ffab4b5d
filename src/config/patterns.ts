/** `host`, `host:port`, `*.suffix` or `*.suffix:port`; hosts may be names, IPv4 or bracketed IPv6. */
export const ALLOWED_HOST_PATTERN = /^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** `policy=rate` pairs, comma-separated, rates from 0 to 1: `default=0.01,marketplace=0.05`. */
export const SAMPLE_RATES_PATTERN = /^\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*=\s*(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*(?:,\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*=\s*(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*)*$/;

/** `default=0.01,marketplace=0.05` as a record (the pattern was checked when the variable was read). */
export function parseSampleRates(text: string | undefined): Record<string, number> {
  const rates: Record<string, number> = {};
  if (text === undefined) return rates;
  for (const pair of text.split(',')) {
    const [policy, rate] = pair.split('=').map((part) => part.trim());
    if (policy && rate !== undefined) rates[policy] = Number(rate);
  }
  return rates;
}
