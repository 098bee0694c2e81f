import { createRng, type Rng } from '../../../engine/random.ts';
import { wordpiece, type WordpieceOptions } from '../../../engine/tokens.ts';
import { defineQuestion, EXACT_NUMBER, lettered } from '../../question-types.ts';

interface Params {
  text: string;
  vocab: string[];
  /** Seeds the order of the options (so the params do not say which is right). */
  optionSeed: number;
}

const VOCAB = [
  '[UNK]', 'the', 'a', 'game', 'play', 're', 'un', 'happy', 'fair', 'cat',
  '##play', '##game', '##happy', '##fair', '##ed', '##ing', '##er', '##s', '##ly', '##ness',
  '!', '?', '.', ',',
];

const FIRST = [['Re', 'play', 'ed'], ['Re', 'play', 's'], ['Re', 'play', 'ing'], ['Un', 'fair', 'ness'], ['Play', 'er', 's'], ['Un', 'fair', 'ly']];
const MIDDLE = [['cat', 's'], ['game', 's'], ['play', 'er'], ['un', 'happy'], ['fair', 'ly']];
// each starts with pieces of the vocabulary and then has none: [UNK] as a whole
const BROKEN = ['catz', 'gamex', 'playzz', 'unfairq', 'replayq'];
const LAST = [['game', 's'], ['play', 'ed'], ['happy', 'ness'], ['fair', 'er'], ['cat', 's']];
const PUNCT = ['!', '?', '.'];

function draw(rng: Rng): Params {
  // one word has no full split, so the [UNK] rule always matters
  const words = [rng.pick(FIRST).join(''), 'the', rng.pick(MIDDLE).join(''), rng.pick(LAST).join('')];
  words[rng.int(2, 3)] = rng.pick(BROKEN);
  words[3] += rng.pick(PUNCT);
  if (rng.bool(0.5)) words[0] += ',';
  const text = words.join(' ');
  return { text, vocab: VOCAB.slice(), optionSeed: rng.int(0, 1_000_000) };
}

const WRONG: { id: string; options: WordpieceOptions }[] = [
  { id: 'keep-case', options: { lowercase: false } },
  { id: 'punctuation-glued', options: { splitPunctuation: false } },
  { id: 'no-prefix', options: { continuationPrefix: '' } },
  { id: 'partial-unk', options: { unkWholeWord: false } },
];

const key = (tokens: string[]) => tokens.join(' ');

/** The right tokenization and up to four distinct wrong ones, each tagged with its misconception, in the shuffled order. */
function candidates(p: Params): { id: string; tokens: string[] }[] {
  const right = wordpiece(p.text, p.vocab);
  const seen = new Set([key(right)]);
  const list = [{ id: 'right', tokens: right }];
  for (const w of WRONG) {
    const tokens = wordpiece(p.text, p.vocab, w.options);
    if (list.length < 5 && !seen.has(key(tokens))) {
      seen.add(key(tokens));
      list.push({ id: w.id, tokens });
    }
  }
  // a fourth candidate when the mistakes coincide: one token per character of each word
  if (list.length < 4) list.push({ id: 'characters', tokens: [...p.text.toLowerCase().replace(/\s+/g, '')].map((c, i) => (i === 0 ? c : `##${c}`)) });
  return createRng(`options:${p.optionSeed}`).shuffle(list);
}

const label = (tokens: string[]) => tokens.map((t) => `\`${t}\``).join(' ');
const optionOf = (p: Params, id: string) => {
  const list = candidates(p);
  const at = list.findIndex((c) => c.id === id);
  return lettered(list.map((c) => label(c.tokens)))[at >= 0 ? at : list.findIndex((c) => c.id === 'right')].id;
};

export default defineQuestion<Params>({
  id: 'tokens/wordpiece-pieces',
  title: 'WordPiece tokens of a sentence',
  order: 1,
  exercises: ['tokens/wordpiece'],
  parts: [
    { name: 'tokens', kind: 'choice', label: 'the tokens of the text', points: 6, options: (p) => lettered(candidates(p).map((c) => label(c.tokens))) },
    { name: 'count', kind: 'number', label: 'the number of tokens', points: 4, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({ tokens: optionOf(p, 'right'), count: wordpiece(p.text, p.vocab).length }),
  text: (p) => ({ vocabSize: p.vocab.length, vocabList: p.vocab.map((t) => `\`${t}\``).join(', ') }),
  worked: (p) => ({ rightTokens: label(wordpiece(p.text, p.vocab)) }),
  misconceptions: [
    ...WRONG.map((w) => ({
      id: w.id,
      part: 'tokens',
      title: {
        'keep-case': 'the text not lower-cased',
        'punctuation-glued': 'punctuation left attached to its word',
        'no-prefix': 'continuation pieces looked up without ##',
        'partial-unk': 'an unsplittable word kept its pieces',
      }[w.id]!,
      hint: {
        'keep-case': 'The uncased tokenizer lower-cases (and strips accents) before it looks anything up.',
        'punctuation-glued': 'Every punctuation character becomes a word of its own before the greedy split.',
        'no-prefix': 'A piece that does not start a word is looked up with the ## prefix: "##ed", not "ed".',
        'partial-unk': 'When a word cannot be split all the way, the whole word becomes [UNK], not its matched pieces plus [UNK].',
      }[w.id]!,
      compute: (p: Params) => optionOf(p, w.id),
    })),
    {
      id: 'count-glued',
      part: 'count',
      title: 'punctuation left attached to its word',
      hint: 'Every punctuation character is a token of its own (here it is in the vocabulary).',
      compute: (p) => wordpiece(p.text, p.vocab, { splitPunctuation: false }).length,
    },
    {
      id: 'count-partial-unk',
      part: 'count',
      title: 'an unsplittable word kept its pieces',
      hint: 'A word with no full split is one [UNK] token.',
      compute: (p) => wordpiece(p.text, p.vocab, { unkWholeWord: false }).length,
    },
  ],
});
