import { HashListCollector, ParsedHashList, splitLines } from './hash-list';

/**
 * A plain hash list: one hex hash per line, as hash-sharing programmes exchange them. Blank lines
 * and lines starting with `#` are skipped; anything after the hash (separated by spaces or a tab)
 * is ignored, so `moderate hash` output (`hash quality file`) imports as it is.
 */
export function parseHashText(text: string): ParsedHashList {
  const lines = splitLines(text);
  const collector = new HashListCollector();
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    collector.add(index + 1, line.split(/\s/, 1)[0]!, null, null);
  });
  return collector.result(lines.length);
}
