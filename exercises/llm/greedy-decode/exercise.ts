import { argmax, decodeTrace, generate, gptLogits, greedyDecode } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { TinyGPT } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { tinyGPT, tinyGPTDecodingCase } = generate;
type TinyGPTConfig = generate.TinyGPTConfig;

type Decoder = (prompt: number[], model: TinyGPT, steps: number) => number[];

const noCausalMask: Decoder = (prompt, model, steps) => greedyDecode(prompt, model, steps, { causal: false });
const promptIncluded: Decoder = (prompt, model, steps) => [...prompt, ...greedyDecode(prompt, model, steps)];
const noPositions: Decoder = (prompt, model, steps) => greedyDecode(prompt, model, steps, { positions: false });
const noFinalNorm: Decoder = (prompt, model, steps) => greedyDecode(prompt, model, steps, { finalNorm: false });
/** Greedy decoding that reads the logits of the first position instead of the last. */
const firstPosition: Decoder = (prompt, model, steps) => {
  const seq = prompt.slice();
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const next = argmax(gptLogits(seq, model)[0]);
    out.push(next);
    seq.push(next);
  }
  return out;
};

const same = (a: number[], b: number[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * A decoding case with a clear argmax at every step (gap > 1e-4, the curriculum asks 1e-6) on which,
 * where the redraws allow it, every rival decoder answers differently from the reference.
 */
function decodingCase(rng: Rng, name: string, c: TinyGPTConfig, promptLength: number, steps: number, rivals: Decoder[]): CaseSpec {
  let found = tinyGPTDecodingCase(rng, c, promptLength, steps);
  for (let attempt = 0; attempt < 300; attempt++) {
    const expected = greedyDecode(found.prompt, found.model, steps);
    if (rivals.every((r) => !same(r(found.prompt, found.model, steps), expected))) break;
    found = tinyGPTDecodingCase(rng, c, promptLength, steps);
  }
  return { name, args: [found.prompt, found.model, steps] };
}

/** A readable case: a TinyGPT with 2-decimal weights, redrawn until every step has a clear argmax. */
function visibleCase(rng: Rng, name: string, c: TinyGPTConfig, prompt: number[], steps: number): CaseSpec {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = roundAll(tinyGPT(rng, c));
    if (decodeTrace(prompt, model, steps).margins.every((m) => m > 1e-3)) return { name, args: [prompt, model, steps] };
  }
  throw new Error(`greedy-decode: no readable model for "${name}"`);
}

const config = (vocab: number, d: number, numHeads: number, numBlocks: number, tMax: number): TinyGPTConfig => ({
  vocab, d, numHeads, numBlocks, tMax, dFF: 4 * d,
});

export default defineExercise({
  id: 'llm/greedy-decode',
  title: 'Greedy decoding with a tiny GPT',
  order: 3,
  prerequisites: ['transformer/encoder-block', 'attention/masks', 'llm/next-token'],
  functionName: 'greedyDecode',
  reference: greedyDecode,
  points: 20,
  exact: true,
  helpers: ['encoderBlock', 'layerNorm', 'attentionMask', 'matmul', 'transpose'],
  hints: [
    'Write one function that maps a token sequence to the logits of its last position, then call it once per step on the growing sequence.',
    'Row i of the hidden state is tokenEmbedding[token i] + positionEmbedding[i]; every block gets the causal mask attentionMask(n, n, true); lnF comes after the last block.',
    'The logits are the dot products of the last row with every row of tokenEmbedding. Return only the generated tokens, not the prompt.',
  ],
  visibleCases: (rng: Rng) => [
    visibleCase(rng.fork('one block'), 'one block', config(5, 4, 2, 1, 5), [1, 3], 2),
    visibleCase(rng.fork('two blocks'), 'two blocks', config(6, 4, 2, 2, 6), [4, 0, 2], 2),
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    decodingCase(rng, 'no steps', config(6, 4, 2, 1, 4), 3, 0, [promptIncluded]),
    decodingCase(rng, 'two blocks: the mask matters', config(8, 4, 2, 2, 6), 3, 3, [noCausalMask]),
    decodingCase(rng, 'two blocks, three heads', config(10, 6, 3, 2, 8), 4, 3, [noCausalMask, firstPosition]),
    decodingCase(rng, 'a one-token prompt', config(7, 4, 2, 1, 5), 1, 4, [firstPosition, noPositions]),
    decodingCase(rng, 'heads of size 1', config(8, 4, 4, 1, 6), 2, 3, [noFinalNorm]),
    decodingCase(rng, 'odd lengths, two blocks', config(9, 6, 2, 2, 8), 5, 3, [noCausalMask, noPositions]),
    decodingCase(rng, 'a longer generation', config(12, 8, 2, 1, 10), 2, 6, [firstPosition, noFinalNorm]),
  ],
  misconceptions: [
    {
      id: 'no-causal-mask',
      title: 'blocks run without the causal mask',
      hint: 'Every block needs the causal mask: token i may attend only to tokens 0 .. i. With two or more blocks, earlier positions that peek ahead change what the last position sees.',
      compute: noCausalMask,
    },
    {
      id: 'prompt-included',
      title: 'the prompt returned with the new tokens',
      hint: 'Return only the tokens you generated, steps of them (none when steps is 0), without the prompt in front.',
      compute: promptIncluded,
    },
    {
      id: 'first-position-logits',
      title: 'the next token read from the first position',
      hint: 'The next token comes from the logits of the LAST position, the only one that has seen the whole sequence.',
      compute: firstPosition,
    },
    {
      id: 'no-position-embeddings',
      title: 'position embeddings left out',
      hint: 'Row i of the input is the token embedding plus positionEmbedding[i]; without it the model cannot tell the order of the tokens.',
      compute: noPositions,
    },
    {
      id: 'no-final-norm',
      title: 'the final layer norm left out',
      hint: 'After the last block, apply lnF (eps 1e-5) before computing the logits.',
      compute: noFinalNorm,
    },
  ],
});
