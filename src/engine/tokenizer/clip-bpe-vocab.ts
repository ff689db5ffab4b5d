import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** Tokens CLIP wraps every prompt in. */
export const CLIP_START_TOKEN = '<|startoftext|>';
export const CLIP_END_TOKEN = '<|endoftext|>';

/** CLIP's vocabulary has 49,408 entries: 512 byte symbols, 48,894 merges and 2 specials. */
const CLIP_MERGE_COUNT = 49152 - 256 - 2;

/**
 * Builds the tokenizer.json document for CLIP's tokenizer from the original merges file
 * (`bpe_simple_vocab_16e6.txt[.gz]`), which open_clip and clip-as-service folders carry instead
 * of a tokenizer.json. The result behaves like the tokenizer.json Hugging Face ships for CLIP.
 */
export async function clipTokenizerJsonFromBpeVocab(path: string): Promise<Record<string, unknown>> {
  const raw = await readFile(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const merges = text.split('\n').slice(1, 1 + CLIP_MERGE_COUNT).map((line) => line.trim());
  const byteSymbols = byteToUnicodeSymbols();
  const tokens = [...byteSymbols, ...byteSymbols.map((symbol) => `${symbol}</w>`), ...merges.map((merge) => merge.replace(' ', ''))];
  const vocab: Record<string, number> = {};
  tokens.forEach((token, index) => {
    vocab[token] = index;
  });
  const startId = tokens.length;
  const endId = tokens.length + 1;
  vocab[CLIP_START_TOKEN] = startId;
  vocab[CLIP_END_TOKEN] = endId;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: startId, content: CLIP_START_TOKEN, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
      { id: endId, content: CLIP_END_TOKEN, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [CLIP_END_TOKEN, endId],
      cls: [CLIP_START_TOKEN, startId],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: CLIP_END_TOKEN,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

/**
 * GPT-2/CLIP byte-level BPE maps every byte to a printable character so merges never see
 * whitespace or control bytes; printable Latin-1 bytes map to themselves, the rest to 256+n.
 */
function byteToUnicodeSymbols(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const bytes = [...printable];
  const codePoints = [...printable];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) {
      bytes.push(b);
      codePoints.push(256 + extra);
      extra++;
    }
  }
  return codePoints.map((codePoint) => String.fromCodePoint(codePoint));
}
