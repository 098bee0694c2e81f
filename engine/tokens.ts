// Tokens and embeddings: BERT's uncased WordPiece, embedding lookup, MLM masking and loss
// (Devlin et al. 2019, "BERT", section 3.1 and appendix A.1; tokenizer as in google-research/bert).
import { logSoftmaxVector } from './softmax.ts';
import type { Matrix, MlmDraws, MlmResult } from './types.ts';

const UNK = '[UNK]';
const MAX_WORD_CHARS = 100;

export interface WordpieceOptions {
  /** false: keep case (the cased tokenizer). */
  lowercase?: boolean;
  /** false: keep accents (no NFD + drop of combining marks). */
  stripAccents?: boolean;
  /** false: punctuation stays glued to its word. */
  splitPunctuation?: boolean;
  /** Prefix of continuation pieces; '' is the classic "forgot ##" mistake. */
  continuationPrefix?: string;
  /** false: a word that cannot be split keeps its matched pieces and adds one [UNK] (instead of becoming [UNK]). */
  unkWholeWord?: boolean;
}

/** BERT's white space: space, tab, newline, carriage return, and Unicode Zs. */
function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || /\p{Zs}/u.test(ch);
}

/** BERT's punctuation: the ASCII symbol ranges (33-47, 58-64, 91-96, 123-126) and Unicode category P. */
function isPunctuation(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return /\p{P}/u.test(ch);
}

/** BasicTokenizer: normalise, then split on white space and around every punctuation character. */
function basicTokenize(text: string, o: WordpieceOptions): string[][] {
  let t = o.lowercase === false ? text : text.toLowerCase();
  if (o.stripAccents !== false) t = t.normalize('NFD').replace(/\p{Mn}/gu, '');
  const words: string[][] = []; // each word as code points
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) words.push(current);
    current = [];
  };
  for (const ch of t) {
    if (isWhitespace(ch)) flush();
    else if (o.splitPunctuation !== false && isPunctuation(ch)) {
      flush();
      words.push([ch]);
    } else current.push(ch);
  }
  flush();
  return words;
}

/** Greedy longest-match-first over code points. */
function wordpieceWord(chars: string[], vocab: ReadonlySet<string>, o: WordpieceOptions): string[] {
  if (chars.length > MAX_WORD_CHARS) return [UNK];
  const prefix = o.continuationPrefix ?? '##';
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | null = null;
    while (start < end) {
      const piece = (start > 0 ? prefix : '') + chars.slice(start, end).join('');
      if (vocab.has(piece)) {
        found = piece;
        break;
      }
      end -= 1;
    }
    if (found === null) return o.unkWholeWord === false ? [...pieces, UNK] : [UNK];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

/** BERT's uncased WordPiece tokenizer. */
export function wordpiece(text: string, vocab: string[], options?: WordpieceOptions): string[] {
  const o = options ?? {};
  const set = new Set(vocab);
  return basicTokenize(text, o).flatMap((word) => wordpieceWord(word, set, o));
}

export interface EmbedOptions {
  /** Wrong variant: column ids[i] of the table instead of row ids[i] (needs ids < d). */
  byColumn?: boolean;
  /** Wrong variant: ids taken as 1-based. */
  oneBased?: boolean;
}

/** Row ids[i] of the table (a copy, so callers never alias the table). */
export function embed(ids: number[], table: Matrix, options?: EmbedOptions): Matrix {
  const shift = options?.oneBased ? 1 : 0;
  if (options?.byColumn) return ids.map((id) => table.map((row) => row[id - shift]));
  return ids.map((id) => table[id - shift].slice());
}

export interface MaskTokensOptions {
  /** Wrong variant: special tokens may be selected too. */
  ignoreSpecial?: boolean;
  /** Wrong variant: labels of unselected positions are their ids instead of -100. */
  labelAll?: boolean;
  /** Wrong variant: a selected position always becomes the mask id (no 80/10/10 split). */
  alwaysMask?: boolean;
}

/** BERT's MLM corruption with explicit draws: select 15%, of those 80% [MASK], 10% random, 10% unchanged. */
export function maskTokens(ids: number[], special: boolean[], draws: MlmDraws, maskId: number, options?: MaskTokensOptions): MlmResult {
  const inputIds: number[] = [];
  const labels: number[] = [];
  ids.forEach((id, i) => {
    const selected = (options?.ignoreSpecial || !special[i]) && draws.select[i] < 0.15;
    if (!selected) {
      inputIds.push(id);
      labels.push(options?.labelAll ? id : -100);
      return;
    }
    labels.push(id);
    const a = draws.action[i];
    if (options?.alwaysMask || a < 0.8) inputIds.push(maskId);
    else if (a < 0.9) inputIds.push(draws.randomId[i]);
    else inputIds.push(id);
  });
  return { inputIds, labels };
}

export interface MlmLossOptions {
  /** false: log(exp(l) / sum exp) without the max shift (overflows on large logits). */
  stable?: boolean;
  /** Divide the summed loss by the labelled positions (correct) or by all positions. */
  meanOver?: 'labelled' | 'all';
}

/** Mean cross-entropy over labelled positions (label != -100), as F.cross_entropy(ignore_index=-100); 0 when none. */
export function mlmLoss(logits: Matrix, labels: number[], options?: MlmLossOptions): number {
  let total = 0;
  let count = 0;
  labels.forEach((label, i) => {
    if (label === -100) return;
    total -= logSoftmaxVector(logits[i], options)[label];
    count += 1;
  });
  if (count === 0) return 0;
  return total / (options?.meanOver === 'all' ? labels.length : count);
}
