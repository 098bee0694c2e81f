import { WORDPIECE_VOCAB, wordpieceText } from '../../../engine/generate.ts';
import { wordpiece } from '../../../engine/tokens.ts';
import { defineExercise } from '../../types.ts';

/** The engine's vocabulary plus pieces for the long-word, code-point and ASCII-symbol cases. */
const VOCAB = [...WORDPIECE_VOCAB, 'x', '##x', '\u{1F600}', '##\u{1F600}', '$', '^', '5'];
const STEMS = ['play', 'run', 'jump', 'token', 'transform'];
const SUFFIXES = ['s', 'ed', 'ing', 'er', 'ers'];

export default defineExercise({
  id: 'tokens/wordpiece',
  title: 'WordPiece tokenization',
  order: 1,
  prerequisites: [],
  functionName: 'wordpiece',
  reference: wordpiece,
  points: 10,
  exact: true,
  helpers: [],
  hints: [
    'First turn the text into words: lower-case it, strip accents with normalize("NFD") and a /\\p{Mn}/gu replace, split on white space, and make every punctuation character a word of its own.',
    'Then, for each word, repeatedly take the longest piece that is in the vocabulary, starting where the previous piece ended; every piece after the first is looked up with "##" in front.',
    'If some position of a word matches no piece at all, the whole word becomes a single "[UNK]", even if its beginning matched.',
  ],
  visibleCases: () => [
    {
      name: 'pieces, accents, punctuation',
      args: ['Unaffable café, playing!', ['un', '##aff', '##able', 'cafe', 'play', '##ing', ',', '!']],
    },
    { name: 'an apostrophe', args: ["Don't stop now.", ['don', 't', 'stop', 'now', "'", '.']] },
    { name: 'an unknown word', args: ['Hello, xylophone', ['hello', ',', 'x', '##y']] },
  ],
  hiddenCases: (rng) => {
    const stem = () => rng.pick(STEMS);
    const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
    return [
      { name: 'a sentence', args: [wordpieceText(rng), VOCAB] },
      { name: 'another sentence', args: [wordpieceText(rng, 10), VOCAB] },
      { name: 'accents and capitals', args: [rng.shuffle(['Café', 'NAÏVE', 'résumé', 'Over']).join(' '), VOCAB] },
      {
        name: 'continuation pieces and a partial match',
        args: [`${stem()}${rng.pick(SUFFIXES)} un${rng.pick(['##aff', '##able']).slice(2)} ${stem()}zq`, VOCAB],
      },
      {
        name: 'punctuation glued to words',
        args: [`${cap(stem())}${rng.pick(SUFFIXES)}, (the) «${stem()}»! $5^${rng.pick(['?', '—', ':'])}`, VOCAB],
      },
      { name: 'empty text', args: ['', VOCAB] },
      { name: 'only white space', args: [' \u00a0\t\n\u2003 ', VOCAB] },
      { name: 'words of 100 and 101 characters', args: [`${'x'.repeat(100)} ${'X'.repeat(101)}`, VOCAB] },
      { name: 'characters outside the BMP', args: [`${stem()} ${'\u{1F600}'.repeat(rng.int(55, 99))}`, VOCAB] },
      { name: 'a third sentence', args: [wordpieceText(rng, 6), VOCAB] },
    ];
  },
  misconceptions: [
    {
      id: 'no-continuation-prefix',
      title: 'continuation pieces looked up without "##"',
      hint: 'Words that need several pieces come out wrong. Every piece after the first one of a word is looked up (and returned) with "##" in front.',
      compute: (text: string, vocab: string[]) => wordpiece(text, vocab, { continuationPrefix: '' }),
    },
    {
      id: 'partial-unk',
      title: 'keeping the matched pieces of a word that cannot be finished',
      hint: 'When a word cannot be split completely, the whole word becomes one "[UNK]": drop the pieces you already matched for it.',
      compute: (text: string, vocab: string[]) => wordpiece(text, vocab, { unkWholeWord: false }),
    },
    {
      id: 'keeps-accents',
      title: 'accents not stripped',
      hint: 'Accented words come out as "[UNK]". Decompose with normalize("NFD") and remove the combining marks (Unicode category Mn) before matching.',
      compute: (text: string, vocab: string[]) => wordpiece(text, vocab, { stripAccents: false }),
    },
    {
      id: 'punctuation-attached',
      title: 'punctuation left attached to words',
      hint: 'A word followed by a comma or a bracket becomes "[UNK]". Every punctuation character is a word of its own.',
      compute: (text: string, vocab: string[]) => wordpiece(text, vocab, { splitPunctuation: false }),
    },
    {
      id: 'keeps-case',
      title: 'text not lower-cased',
      hint: 'Capitalised words come out as "[UNK]". The uncased tokenizer lower-cases the whole text first.',
      compute: (text: string, vocab: string[]) => wordpiece(text, vocab, { lowercase: false }),
    },
  ],
});
