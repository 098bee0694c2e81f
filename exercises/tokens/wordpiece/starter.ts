export function wordpiece(text: string, vocab: string[]): string[] {
  // TODO 1: normalise: lower-case, then strip accents (NFD, drop combining marks).
  // TODO 2: split into words on white space; every punctuation character is a word of its own.
  // TODO 3: split each word greedily, longest vocabulary match first; later pieces carry "##".
  //         A word with no full split (or longer than 100 characters) becomes "[UNK]".
  return [];
}
