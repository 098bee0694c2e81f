// The curriculum's rules, one worked example each (values derived by hand from the rule text).
import { describe, expect, it } from 'vitest';
import { attentionMask } from '../../engine/attention.ts';
import { cosineSimilarity } from '../../engine/linalg.ts';
import { sampleTopK } from '../../engine/llm.ts';
import { densePE, encodeBoxes, encodePoints, fourierFeatures, segmentationLosses } from '../../engine/sam.ts';
import { erf } from '../../engine/special.ts';
import { maskTokens, mlmLoss, wordpiece } from '../../engine/tokens.ts';
import { gelu } from '../../engine/transformer.ts';
import { conv2d, costModel } from '../../engine/vision.ts';

describe('wordpiece (BERT uncased)', () => {
  const vocab = ['[UNK]', 'hello', 'world', ',', '!', 'un', 'unaff', '##aff', '##able', 'cafe', 'a', '##a', '😀', '##😀', '$', '¿', '—', '«', 'x€'];

  it('lower-cases, strips accents and splits punctuation into words', () => {
    expect(wordpiece('Hello, WORLD!', vocab)).toEqual(['hello', ',', 'world', '!']);
    expect(wordpiece('Café', vocab)).toEqual(['cafe']);
    expect(wordpiece('$hello¿—«', vocab)).toEqual(['$', 'hello', '¿', '—', '«']);
  });

  it('treats only ASCII symbols and Unicode P as punctuation (a currency sign outside ASCII stays in the word)', () => {
    expect(wordpiece('x€', vocab)).toEqual(['x€']);
  });

  it('splits on space, tab, newline, carriage return and every Zs character', () => {
    expect(wordpiece('hello\u00a0world\u3000hello\u2003world\thello\nworld\rhello', vocab)).toEqual(['hello', 'world', 'hello', 'world', 'hello', 'world', 'hello']);
    expect(wordpiece('', vocab)).toEqual([]);
    expect(wordpiece(' \u00a0\t ', vocab)).toEqual([]);
  });

  it('matches greedily, longest first, with ## continuations; a word without a full split is one [UNK]', () => {
    expect(wordpiece('unaffable', vocab)).toEqual(['unaff', '##able']);
    expect(wordpiece('unaffablex hello', vocab)).toEqual(['[UNK]', 'hello']);
  });

  it('counts and matches code points, and a word over 100 of them is [UNK]', () => {
    expect(wordpiece('😀😀', vocab)).toEqual(['😀', '##😀']);
    expect(wordpiece('😀'.repeat(100), vocab)).toHaveLength(100);
    expect(wordpiece('a'.repeat(100), vocab)).toHaveLength(100);
    expect(wordpiece('a'.repeat(101), vocab)).toEqual(['[UNK]']);
    expect(wordpiece(`${'a'.repeat(100)}\u0301`, vocab)).toHaveLength(100); // the accent is stripped before counting
  });
});

describe('MLM', () => {
  it('selects below 0.15 only, then [MASK] below 0.8, random below 0.9, else keeps', () => {
    const ids = [10, 11, 12, 13, 14, 15];
    const special = [false, false, false, false, false, true];
    const draws = { select: [0.15, 0.1, 0.1, 0.1, 0.1499, 0.0], action: [0, 0.7999, 0.8, 0.9, 0.95, 0], randomId: [1, 2, 3, 4, 5, 6] };
    expect(maskTokens(ids, special, draws, 99)).toEqual({ inputIds: [10, 99, 3, 13, 14, 15], labels: [-100, 11, 12, 13, 14, -100] });
  });

  it('loss is the mean cross-entropy over labelled positions, 0 when none', () => {
    expect(mlmLoss([[1, 2], [3, 4]], [-100, -100])).toBe(0);
    expect(mlmLoss([[0, 0, 0, 0], [5, 1, 2, 3]], [2, -100])).toBeCloseTo(Math.log(4), 14);
    expect(mlmLoss([[1000, 0], [0, 1000]], [0, 0])).toBeCloseTo(500, 10); // stable at +-1000
  });
});

describe('attention masks', () => {
  it('allows key j iff j < validLength and (not causal or j <= i)', () => {
    const T = true;
    const F = false;
    expect(attentionMask(4, 2, true)).toEqual([[T, F, F, F], [T, T, F, F], [T, T, F, F], [T, T, F, F]]);
    expect(attentionMask(3, 2, false)).toEqual([[T, T, F], [T, T, F], [T, T, F]]);
  });
});

describe('foundations and blocks', () => {
  it('cosine similarity of a zero vector is 0', () => {
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(cosineSimilarity([3, 4], [6, 8])).toBeCloseTo(1, 15);
  });

  it('tanh GELU: gelu(0) = 0 and gelu(x) - gelu(-x) = x', () => {
    const xs = [-3, -0.5, 0, 0.25, 2];
    const g = gelu([xs])[0];
    const h = gelu([xs.map((x) => -x)])[0];
    expect(g[2]).toBe(0);
    xs.forEach((x, i) => expect(g[i] - h[i]).toBeCloseTo(x, 14));
  });

  it('erf matches reference values', () => {
    const table: [number, number][] = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [2.7, 0.9998656672600594], [3, 0.9999779095030014], [-1.5, -0.9661051464753108], [5, 0.9999999999984626]];
    for (const [x, e] of table) expect(Math.abs(erf(x) - e)).toBeLessThan(2e-15);
  });
});

describe('top-k sampling', () => {
  it('keeps the k largest (ties: lower index first) and walks them by probability', () => {
    expect(sampleTopK([2, 5, 5, 1], 2, 1, 0.4)).toBe(1); // kept 1 and 2, 0.5 each, in index order
    expect(sampleTopK([2, 5, 5, 1], 2, 1, 0.6)).toBe(2);
    expect(sampleTopK([5, 9, 5, 5], 2, 1, 0.999)).toBe(0); // the tie at 5 keeps index 0
    expect(sampleTopK([0, Math.log(3)], 2, 1, 0.74)).toBe(1); // probabilities 0.25, 0.75
    expect(sampleTopK([0, Math.log(3)], 2, 1, 0.76)).toBe(0);
  });
});

describe('vision', () => {
  it('conv2d output side is floor((H + 2 padding - k) / stride) + 1, zero padded', () => {
    const image = [[[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]];
    const ones = [[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]];
    const out = conv2d(image, ones, [0.5], 2, 1);
    expect(out[0]).toEqual([[6.5, 18.5, 18.5], [9.5, 27.5, 27.5], [6.5, 18.5, 18.5]]);
  });

  it('cost model counts the CLS token and 2 FLOPs per multiply-add', () => {
    expect(costModel({ imageSize: 32, patchSize: 8, channels: 3, dModel: 64, kernelSize: 3, convChannels: 16 }))
      .toEqual({ tokens: 17, attentionScores: 289, attentionFlops: 73984, convParams: 448, convFlops: 884736 });
  });
});

describe('SAM prompts', () => {
  const G = [[0.3, -1.2], [0.8, 0.5]];
  const emb = { notAPoint: [9, 9, 9, 9], negative: [-1, -1, -1, -1], positive: [1, 2, 3, 4] };
  const plus = (a: number[], b: number[]) => a.map((x, i) => x + b[i]);

  it('points: +0.5, x / W and y / H, then the label embedding; pad appends a not-a-point row', () => {
    const out = encodePoints([[3, 1], [0, 5]], [1, -1], [8, 12], G, emb, true);
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual(plus(fourierFeatures([[3.5 / 12, 1.5 / 8]], G)[0], emb.positive));
    expect(out[1]).toEqual(emb.notAPoint);
    expect(out[2]).toEqual(emb.notAPoint);
    expect(encodePoints([[0, 5]], [0], [8, 12], G, emb, false)).toEqual([plus(fourierFeatures([[0.5 / 12, 5.5 / 8]], G)[0], emb.negative)]);
  });

  it('boxes: two rows per box, corners shifted and normalised, plus the corner embeddings', () => {
    const corners = { topLeft: [1, 1, 1, 1], bottomRight: [2, 2, 2, 2] };
    const out = encodeBoxes([[1, 2, 7, 5]], [8, 12], G, corners);
    expect(out).toEqual([
      plus(fourierFeatures([[1.5 / 12, 2.5 / 8]], G)[0], corners.topLeft),
      plus(fourierFeatures([[7.5 / 12, 5.5 / 8]], G)[0], corners.bottomRight),
    ]);
  });

  it('dense PE: cell (y, x) encodes ((x + 0.5) / w, (y + 0.5) / h), channel first', () => {
    const pe = densePE(2, 3, G);
    expect(pe).toHaveLength(4);
    const cell = fourierFeatures([[2.5 / 3, 0.5 / 2]], G)[0];
    cell.forEach((v, ch) => expect(pe[ch][0][2]).toBe(v));
  });

  it('losses: iou 1 when prediction and target are both empty; dice uses +1 smoothing', () => {
    const l = segmentationLosses([[-2, -3]], [[0, 0]]);
    expect(l.iou).toBe(1);
    const p = [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(3))];
    expect(l.dice).toBeCloseTo(1 - 1 / (p[0] + p[1] + 1), 14);
    expect(segmentationLosses([[2, -1], [3, 4]], [[1, 1], [0, 1]]).iou).toBeCloseTo(2 / 4, 15);
  });
});
