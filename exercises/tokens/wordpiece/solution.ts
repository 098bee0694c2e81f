const WHITESPACE = /^[ \t\n\r\p{Zs}]$/u;
const PUNCTUATION = /^[!-\/:-@\[-`{-~\p{P}]$/u;

/** BERT's basic tokenizer: lower-case, strip accents, split on white space and punctuation. */
function basicWords(text: string): string[] {
  const clean = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  const words: string[] = [];
  let current = '';
  for (const ch of clean) {
    // for...of walks code points, so a character outside the BMP stays whole
    if (WHITESPACE.test(ch) || PUNCTUATION.test(ch)) {
      if (current !== '') words.push(current);
      current = '';
      if (PUNCTUATION.test(ch)) words.push(ch);
    } else {
      current += ch;
    }
  }
  if (current !== '') words.push(current);
  return words;
}

/** Greedy longest-match-first split of one word; null when some part matches nothing. */
function splitWord(word: string, vocab: Set<string>): string[] | null {
  const chars = Array.from(word);
  if (chars.length > 100) return null;
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let piece: string | null = null;
    while (end > start) {
      const candidate = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      if (vocab.has(candidate)) {
        piece = candidate;
        break;
      }
      end--;
    }
    if (piece === null) return null;
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

export function wordpiece(text: string, vocab: string[]): string[] {
  const known = new Set(vocab);
  const tokens: string[] = [];
  for (const word of basicWords(text)) {
    const pieces = splitWord(word, known);
    if (pieces === null) tokens.push('[UNK]');
    else tokens.push(...pieces);
  }
  return tokens;
}
