// The bank's answers against computations written here from the curriculum's formulas, without the
// engine or the questions' own answer(): what ships must be exactly right for every variant.
import { describe, expect, it } from 'vitest';
import { listExercises } from '../../exercises/catalog.ts';
import { questionParams } from '../../exercises/question-variant.ts';
import { getQuestion, listQuestions } from '../../exercises/questions.ts';
import { MODULES } from '../../exercises/types.ts';
import { evaluateText } from '../../grader/expression.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 42, 1000];

/** Deep closeness: numbers within 1e-9 relative (exact integers stay exact), arrays entry by entry. */
function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    const a = actual as number;
    if (Number.isInteger(expected) && Math.abs(expected) < 2 ** 53 && Number.isInteger(a)) expect(a, where).toBe(expected);
    else expect(Math.abs(a - expected), `${where}: ${a} vs ${expected}`).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.abs(expected));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
    return;
  }
  expect(actual, where).toEqual(expected);
}

const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
const softmax = (xs: number[]) => {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  return e.map((v) => v / sum(e));
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The option of a choice part whose label is `label`. */
function optionWithLabel(id: string, params: unknown, part: string, pick: (label: string) => boolean): string {
  const q = getQuestion(id)!;
  const p = q.parts.find((x) => x.name === part)!;
  if (p.kind !== 'choice') throw new Error('not a choice part');
  const found = p.options(params).filter((o) => pick(o.label));
  expect(found, `${id} ${part}: exactly one option fits`).toHaveLength(1);
  return found[0].id;
}

/** BERT uncased WordPiece for ASCII text, written from the curriculum's rules. */
function wordpiece(text: string, vocab: string[]): string[] {
  const words: string[] = [];
  for (const chunk of text.toLowerCase().split(/[ \t\n\r]+/)) {
    let current = '';
    for (const ch of chunk) {
      const code = ch.charCodeAt(0);
      const punct = (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
      if (punct) {
        if (current) words.push(current);
        words.push(ch);
        current = '';
      } else current += ch;
    }
    if (current) words.push(current);
  }
  const out: string[] = [];
  for (const w of words) {
    const pieces: string[] = [];
    let start = 0;
    let ok = true;
    while (start < w.length) {
      let end = w.length;
      let piece = '';
      for (; end > start; end--) {
        const cand = (start > 0 ? '##' : '') + w.slice(start, end);
        if (vocab.includes(cand)) {
          piece = cand;
          break;
        }
      }
      if (!piece) {
        ok = false;
        break;
      }
      pieces.push(piece);
      start = end;
    }
    out.push(...(ok && w.length <= 100 ? pieces : ['[UNK]']));
  }
  return out;
}

/** Rows of 0/1 of a TeX bmatrix label. */
function matrixOfLabel(label: string): number[][] {
  const body = /\\begin\{bmatrix\}(.*)\\end\{bmatrix\}/.exec(label)![1];
  return body.split('\\\\').map((r) => r.split('&').map((x) => Number(x.trim())));
}

type Expected = (p: any, id: string) => Record<string, unknown>;

const EXPECTED: Record<string, Expected> = {
  'foundations/cosine-angle': ({ a, b }) => {
    const dot = sum(a.map((x: number, i: number) => x * b[i]));
    const cos = dot / (Math.sqrt(sum(a.map((x: number) => x * x))) * Math.sqrt(sum(b.map((x: number) => x * x))));
    return { dot, cosine: cos, angle: (Math.acos(cos) * 180) / Math.PI };
  },
  'foundations/matmul-cost': ({ n, k, m, p }) => {
    const left = 2 * n * k * m + 2 * n * m * p;
    const right = 2 * k * m * p + 2 * n * k * p;
    return { multiplyAdds: n * k * m, flops: 2 * n * k * m, order: left < right ? 'a' : 'b', chainFlops: Math.min(left, right), squareFlops: { N: [[3, 54], [10, 2000]] } };
  },
  'foundations/softmax-jacobian': ({ x }) => {
    const p = softmax(x);
    return { probs: p, jacobian: p.map((pi, i) => p.map((pj, j) => (i === j ? pi - pi * pi : -pi * pj))) };
  },
  'tokens/wordpiece-pieces': (p, id) => {
    const tokens = wordpiece(p.text, p.vocab);
    const label = tokens.map((t) => `\`${t}\``).join(' ');
    return { tokens: optionWithLabel(id, p, 'tokens', (l) => l === label), count: tokens.length };
  },
  'tokens/masking-draws': ({ ids, special, draws, maskId }) => {
    const inputIds: number[] = [];
    const labels: number[] = [];
    ids.forEach((id: number, i: number) => {
      if (special[i] || draws.select[i] >= 0.15) {
        inputIds.push(id);
        labels.push(-100);
      } else {
        labels.push(id);
        inputIds.push(draws.action[i] < 0.8 ? maskId : draws.action[i] < 0.9 ? draws.randomId[i] : id);
      }
    });
    return { inputIds, labels, count: labels.filter((l) => l !== -100).length };
  },
  'tokens/mlm-loss-value': ({ logits, labels }) => {
    const ce = (row: number[], y: number) => Math.log(sum(row.map(Math.exp))) - row[y];
    const losses = labels.flatMap((y: number, i: number) => (y === -100 ? [] : [ce(logits[i], y)]));
    return { firstLoss: losses[0], loss: sum(losses) / losses.length };
  },
  'attention/score-variance': ({ d, a, b }) => ({ variance: d * a * b, scaledVariance: a * b, std: { 'd,s': [[4, 2, 8], [100, 0.5, 2.5]] } }),
  'attention/mask-choice': (p, id) => {
    const mask = Array.from({ length: p.n }, (_, i) => Array.from({ length: p.n }, (_, j) => (j < p.validLength && j <= i ? 1 : 0)));
    return { mask: optionWithLabel(id, p, 'mask', (l) => JSON.stringify(matrixOfLabel(l)) === JSON.stringify(mask)), allowed: sum(mask.flat()) };
  },
  'attention/mha-params': ({ d, heads, n }) => ({ params: 4 * d * d + 4 * d, headWidth: d / heads, weights: heads * n * n }),
  'position/wavelength': ({ dModel, column, pos }) => {
    const i = Math.floor(column / 2);
    const w = 1 / 10000 ** ((2 * i) / dModel);
    return { frequency: w, wavelength: (2 * Math.PI) / w, entry: Math.cos(pos * w) };
  },
  'position/shift-rotation': ({ dModel, pair, shift }) => {
    const t = shift / 10000 ** ((2 * pair) / dModel);
    return { angle: t, block: [[Math.cos(t), Math.sin(t)], [-Math.sin(t), Math.cos(t)]] };
  },
  'position/relative-dot': ({ dModel, p, q }) => {
    const pe = (pos: number) => Array.from({ length: dModel }, (_, c) => {
      const w = 1 / 10000 ** ((2 * Math.floor(c / 2)) / dModel);
      return c % 2 === 0 ? Math.sin(pos * w) : Math.cos(pos * w);
    });
    const a = pe(p);
    const b = pe(q);
    return { dot: sum(a.map((x, i) => x * b[i])), offset: { k: [[7, Math.cos(7) + Math.cos(0.07)], [-33.3, Math.cos(-33.3) + Math.cos(-0.333)]] } };
  },
  'transformer/layer-norm-row': ({ x, gamma, beta }) => {
    const mu = sum(x) / x.length;
    const v = sum(x.map((t: number) => (t - mu) ** 2)) / x.length;
    return { mean: mu, variance: v, output: x.map((t: number, j: number) => ((t - mu) / Math.sqrt(v + 1e-5)) * gamma[j] + beta[j]) };
  },
  'transformer/block-params': ({ d, dff }) => ({ attention: 4 * d * d + 4 * d, ffn: 2 * d * dff + dff + d, total: 4 * d * d + 4 * d + 2 * d * dff + dff + d + 4 * d }),
  'transformer/gelu-values': ({ x, y }) => {
    const g = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    return { positive: g(x), negative: g(y) };
  },
  'llm/temperature': ({ logits, temperature, a, b }) => ({
    probs: softmax(logits.map((l: number) => l / temperature)),
    ratio: { T: [[0.8, Math.exp((logits[a] - logits[b]) / 0.8)], [4, Math.exp((logits[a] - logits[b]) / 4)]] },
  }),
  'llm/top-k-draw': ({ logits, k, temperature, u }) => {
    const order = logits.map((_: number, i: number) => i).sort((i: number, j: number) => logits[j] - logits[i] || i - j).slice(0, k);
    const probs = softmax(order.map((i: number) => logits[i] / temperature));
    let run = 0;
    let sampled = order[k - 1];
    for (let t = 0; t < k; t++) {
      run += probs[t];
      if (run > u) {
        sampled = order[t];
        break;
      }
    }
    return { candidates: order.map(String).sort(), topProb: probs[0], sampled };
  },
  'llm/perplexity': ({ probs }) => {
    const ce = -sum(probs.map(Math.log)) / probs.length;
    return { crossEntropy: ce, perplexity: Math.exp(ce) };
  },
  'vision/vit-attention-cost': ({ imageSize, patchSize, dModel, heads }) => {
    const N = (imageSize / patchSize) ** 2 + 1;
    return { tokens: N, flops: 4 * N * N * dModel, memory: 4 * heads * N * N };
  },
  'vision/patch-scaling': ({ imageSize, patchSize, dModel }) => {
    const N = (p: number) => (imageSize / p) ** 2 + 1;
    const f = (S: number) => 4 * dModel * ((S / patchSize) ** 2 + 1) ** 2;
    return { ratio: (N(patchSize / 2) / N(patchSize)) ** 2, formula: { S: [[224, f(224)], [1000, f(1000)]] }, crossover: 2 * dModel };
  },
  'vision/conv-output': ({ size, channels, kernelSize, stride, padding, outChannels }) => {
    const out = Math.floor((size + 2 * padding - kernelSize) / stride) + 1;
    return { outSize: out, params: outChannels * channels * kernelSize ** 2 + outChannels, flops: 2 * channels * kernelSize ** 2 * outChannels * out * out };
  },
  'sam/prompt-tokens': ({ pointsWithBox, pointsAlone }) => ({ withBox: pointsWithBox + 2, pointsOnly: pointsAlone + 1, decoderTokens: pointsWithBox + 2 + 5 }),
  'sam/mask-losses': ({ logits, target }) => {
    const l = logits.flat() as number[];
    const t = target.flat() as number[];
    const p = l.map(sigmoid);
    const pred = l.map((v) => (v > 0 ? 1 : 0));
    const inter = sum(pred.map((v, i) => v * t[i]));
    const union = sum(pred.map((v, i) => (v || t[i] ? 1 : 0)));
    const focal = sum(p.map((pi, i) => {
      const bce = -(t[i] * Math.log(pi) + (1 - t[i]) * Math.log(1 - pi));
      const pt = t[i] === 1 ? pi : 1 - pi;
      return (t[i] === 1 ? 0.25 : 0.75) * (1 - pt) ** 2 * bce;
    })) / l.length;
    return { iou: union === 0 ? 1 : inter / union, dice: 1 - (2 * sum(p.map((pi, i) => pi * t[i])) + 1) / (sum(p) + sum(t) + 1), focal };
  },
  'sam/point-encoding': ({ height, width, x, y, gaussian }) => {
    const c = [(x + 0.5) / width, (y + 0.5) / height];
    const angles = [0, 1].map((f) => 2 * Math.PI * ((2 * c[0] - 1) * gaussian[0][f] + (2 * c[1] - 1) * gaussian[1][f]));
    return { coords: c, features: [...angles.map(Math.sin), ...angles.map(Math.cos)] };
  },
};

describe('the question bank', () => {
  it('has at least 3 questions per module, ids unique and apart from the exercise ids', () => {
    const ids = listQuestions().map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of MODULES) expect(ids.filter((id) => id.startsWith(`${m}/`)).length, m).toBeGreaterThanOrEqual(3);
    const exerciseIds = new Set(listExercises().map((e) => e.id));
    expect(ids.filter((id) => exerciseIds.has(id))).toEqual([]);
  });

  it('leaves the exercise catalog as it was: 37 exercises, no question among them', () => {
    expect(listExercises()).toHaveLength(37);
  });

  it('has an independent computation in this test for every question', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listQuestions().map((q) => q.id).sort());
  });

  for (const q of listQuestions()) {
    it(`${q.id}: the answers match the curriculum's formulas on ${SEEDS.length} seeds`, () => {
      for (const seed of SEEDS) {
        const params = questionParams(q, seed);
        const answers = q.answer(params);
        const expected = EXPECTED[q.id](structuredClone(params), q.id);
        expect(Object.keys(answers).sort(), `${q.id} seed ${seed}: parts`).toEqual(Object.keys(expected).sort());
        for (const [part, want] of Object.entries(expected)) {
          const where = `${q.id} seed ${seed} part ${part}`;
          if (want && typeof want === 'object' && !Array.isArray(want)) {
            // an expression: its values at the given points, { 'x,y': [[x, y, value], ...] }
            const [[name, points]] = Object.entries(want as Record<string, number[][]>);
            const names = name.split(',');
            for (const point of points) {
              const env = Object.fromEntries(names.map((n, i) => [n, point[i]]));
              expectClose(evaluateText(answers[part] as string, env), point[names.length], `${where} at ${JSON.stringify(env)}`);
            }
          } else expectClose(answers[part], want, where);
        }
      }
    });
  }

  it('gives the same variant for the same seed and different ones across seeds', () => {
    for (const q of listQuestions()) {
      expect(JSON.stringify(questionParams(q, 7))).toBe(JSON.stringify(questionParams(q, 7)));
      const distinct = new Set(SEEDS.map((s) => JSON.stringify(questionParams(q, s))));
      expect(distinct.size, q.id).toBeGreaterThan(3);
    }
  });
});
