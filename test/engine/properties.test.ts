// Properties the math must have whatever the inputs: the identities the course derives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allclose } from '../../engine/allclose.ts';
import { attention, attentionMask, multiHeadAttention } from '../../engine/attention.ts';
import { blockParams, matrix, mhaWeights, tensor3, tinyGPT, vector, weight } from '../../engine/generate.ts';
import { cosineSimilarity, dot, linear, matmul, transpose } from '../../engine/linalg.ts';
import { greedyDecode, sampleTopK } from '../../engine/llm.ts';
import { embedWithPositions, shiftMatrix, sinusoidalEncoding } from '../../engine/position.ts';
import { createRng } from '../../engine/random.ts';
import { fourierFeatures, segmentationLosses } from '../../engine/sam.ts';
import { softmax } from '../../engine/softmax.ts';
import { embed, maskTokens, wordpiece } from '../../engine/tokens.ts';
import { encoderBlock, layerNorm } from '../../engine/transformer.ts';
import { conv2d, patchEmbed } from '../../engine/vision.ts';
import type { Kernel, Matrix } from '../../engine/types.ts';

const tight = { atol: 1e-12, rtol: 1e-10 };
const runs = { numRuns: 60 };

const real = (lo = -10, hi = 10) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
const matrixArb = (rows: number, cols: number, lo = -10, hi = 10) => fc.array(fc.array(real(lo, hi), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const sized = <T>(f: (r: number, c: number) => fc.Arbitrary<T>) => fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([r, c]) => f(r, c));
/** A seed for the engine's own generators: shapes and weights from createRng, cases from fast-check. */
const seed = fc.integer({ min: 0, max: 1_000_000 });

describe('softmax', () => {
  it('rows are probability distributions', () => {
    fc.assert(fc.property(sized((r, c) => matrixArb(r, c, -1000, 1000)), (x) => {
      for (const row of softmax(x)) {
        expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
    }), runs);
  });

  it('is invariant to adding a constant to a row', () => {
    fc.assert(fc.property(sized((r, c) => matrixArb(r, c)), real(-500, 500), (x, c) => {
      expect(allclose(softmax(x.map((row) => row.map((v) => v + c))), softmax(x), tight)).toBe(true);
    }), runs);
  });
});

describe('attention', () => {
  it('with a one-hot mask returns the allowed value row', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), (s, n, m) => {
      const rng = createRng(s);
      const [Q, K, V] = [matrix(rng, n, 4), matrix(rng, m, 4), matrix(rng, m, 3)];
      const allowed = Array.from({ length: n }, () => rng.int(0, m - 1));
      const mask = allowed.map((j) => Array.from({ length: m }, (_, t) => t === j));
      expect(allclose(attention(Q, K, V, mask), allowed.map((j) => V[j]), tight)).toBe(true);
    }), runs);
  });

  it('an all-true mask is the same as no mask', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const [Q, K, V] = [matrix(rng, 3, 4), matrix(rng, 5, 4), matrix(rng, 5, 2)];
      const all = Array.from({ length: 3 }, () => new Array<boolean>(5).fill(true));
      expect(attention(Q, K, V, all)).toEqual(attention(Q, K, V));
    }), runs);
  });

  it('multi-head attention with one head is single-head attention of the projections', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), (s, n, m, masked) => {
      const rng = createRng(s);
      const d = 4;
      const [Xq, Xkv, w] = [matrix(rng, n, d), matrix(rng, m, d), mhaWeights(rng, d)];
      const mask = masked ? Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => j <= i % m)) : undefined;
      const single = attention(linear(Xq, w.Wq, w.bq), linear(Xkv, w.Wk, w.bk), linear(Xkv, w.Wv, w.bv), mask);
      expect(allclose(multiHeadAttention(Xq, Xkv, w, 1, mask), linear(single, w.Wo, w.bo), tight)).toBe(true);
    }), runs);
  });

  it('self-attention without a mask is permutation-equivariant', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const X = matrix(rng, 5, 6);
      const w = mhaWeights(rng, 6);
      const perm = rng.shuffle([0, 1, 2, 3, 4]);
      const PX = perm.map((i) => X[i]);
      const out = multiHeadAttention(X, X, w, 3);
      expect(allclose(multiHeadAttention(PX, PX, w, 3), perm.map((i) => out[i]), tight)).toBe(true);
    }), runs);
  });

  it('causal masks are lower triangular and padding blocks the same key columns in every row', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (n, valid, causal) => {
      const mask = attentionMask(n, valid, causal);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(mask[i][j]).toBe(j < valid && (!causal || j <= i));
    }), runs);
  });
});

describe('positional encoding', () => {
  it('shiftMatrix(k) moves PE[pos] to PE[pos + k]', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -30, max: 30 }), (half, pos, k) => {
      fc.pre(pos + k >= 0);
      const d = 2 * half;
      const pe = sinusoidalEncoding(Math.max(pos, pos + k) + 1, d);
      const shifted = matmul(shiftMatrix(k, d), transpose([pe[pos]])).map((r) => r[0]);
      expect(allclose(shifted, pe[pos + k], { atol: 1e-9, rtol: 1e-9 })).toBe(true);
    }), runs);
  });

  it('embedWithPositions is the embedding rows plus the encoding', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const table = matrix(rng, 7, 6);
      const ids = Array.from({ length: rng.int(1, 5) }, () => rng.int(0, 6));
      const pe = sinusoidalEncoding(ids.length, 6);
      expect(allclose(embedWithPositions(ids, table), embed(ids, table).map((r, i) => r.map((x, j) => x + pe[i][j])), tight)).toBe(true);
    }), runs);
  });
});

describe('foundations', () => {
  it('cosine similarity is invariant to positive scaling and flips sign under negative scaling', () => {
    fc.assert(fc.property(seed, real(0.01, 100), real(0.01, 100), (s, a, b) => {
      const rng = createRng(s);
      const [u, v] = [vector(rng, 5), vector(rng, 5)];
      const c = cosineSimilarity(u, v);
      expect(Math.abs(cosineSimilarity(u.map((x) => a * x), v.map((x) => b * x)) - c)).toBeLessThan(1e-12);
      expect(Math.abs(cosineSimilarity(u.map((x) => -a * x), v) + c)).toBeLessThan(1e-12);
      expect(Math.abs(cosineSimilarity(u, u) - 1)).toBeLessThan(1e-12);
    }), runs);
  });

  it('matmul agrees with dot products of rows and columns', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), (s, n, k, m) => {
      const rng = createRng(s);
      const [A, B] = [matrix(rng, n, k), matrix(rng, k, m)];
      const C = matmul(A, B);
      const Bt = transpose(B);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) expect(C[i][j]).toBe(dot(A[i], Bt[j]));
    }), runs);
  });
});

describe('transformer', () => {
  it('layer norm with gamma 1, beta 0 gives rows of mean 0 and variance var / (var + eps)', () => {
    fc.assert(fc.property(sized((r, c) => matrixArb(r, c + 1)), (x) => {
      const d = x[0].length;
      const out = layerNorm(x, new Array(d).fill(1), new Array(d).fill(0), 1e-5);
      out.forEach((row, i) => {
        const mean = x[i].reduce((a, b) => a + b, 0) / d;
        const v = x[i].reduce((a, b) => a + (b - mean) ** 2, 0) / d;
        expect(Math.abs(row.reduce((a, b) => a + b, 0) / d)).toBeLessThan(1e-9);
        expect(Math.abs(row.reduce((a, b) => a + b * b, 0) / d - v / (v + 1e-5))).toBeLessThan(1e-9);
      });
    }), runs);
  });

  it('an encoder block whose branches output zero is the identity (the residual path)', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const p = blockParams(rng, 4, 8);
      const zero = (M: Matrix) => M.map((r) => r.map(() => 0));
      p.attn.Wo = zero(p.attn.Wo);
      p.attn.bo = p.attn.bo.map(() => 0);
      p.ffn.W2 = zero(p.ffn.W2);
      p.ffn.b2 = p.ffn.b2.map(() => 0);
      const x = matrix(rng, 3, 4);
      expect(encoderBlock(x, p, 2)).toEqual(x);
    }), runs);
  });
});

describe('language models', () => {
  it('top-k with k = 1 is the argmax, and any k returns one of the k largest logits', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 8 }), real(0.1, 3), fc.double({ min: 0, max: 0.999999, noNaN: true }), (s, V, t, u) => {
      const logits = vector(createRng(s), V, 3);
      const best = logits.indexOf(Math.max(...logits));
      expect(sampleTopK(logits, 1, t, u)).toBe(best);
      const k = 1 + (s % V);
      const kth = [...logits].sort((a, b) => b - a)[k - 1];
      expect(logits[sampleTopK(logits, k, t, u)]).toBeGreaterThanOrEqual(kth);
    }), runs);
  });

  it('greedy decoding is a prefix of longer greedy decoding', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const model = tinyGPT(rng, { vocab: 7, d: 4, tMax: 8, numBlocks: 2, numHeads: 2, dFF: 8 });
      const prompt = [rng.int(0, 6), rng.int(0, 6)];
      const long = greedyDecode(prompt, model, 5);
      expect(greedyDecode(prompt, model, 3)).toEqual(long.slice(0, 3));
      expect(greedyDecode([...prompt, ...long.slice(0, 2)], model, 3)).toEqual(long.slice(2));
    }), { numRuns: 20 });
  });
});

describe('vision', () => {
  it('patchEmbed equals conv2d with kernel = stride = p, read in raster order', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (s, C, p, gh, gw) => {
      const rng = createRng(s);
      const D = 3;
      const image = tensor3(rng, C, gh * p, gw * p);
      const W = weight(rng, C * p * p, D);
      const b = vector(rng, D);
      // a Conv2d weight (D, C, p, p) flattened (c, y, x) is a column of W
      const kernel: Kernel = Array.from({ length: D }, (_, o) => Array.from({ length: C }, (_, c) =>
        Array.from({ length: p }, (_, y) => Array.from({ length: p }, (_, x) => W[c * p * p + y * p + x][o]))));
      const conv = conv2d(image, kernel, b, p, 0); // (D, gh, gw)
      const tokens = Array.from({ length: gh * gw }, (_, n) => conv.map((plane) => plane[Math.floor(n / gw)][n % gw]));
      expect(allclose(patchEmbed(image, W, b, p), tokens, tight)).toBe(true);
    }), runs);
  });
});

describe('tokens', () => {
  it('wordpiece pieces of covered words concatenate back to the lower-cased words', () => {
    const vocab = ['play', 'run', 'cat', '##s', '##ing', '##er', '##ed', '[UNK]'];
    const word = fc.tuple(fc.constantFrom('play', 'run', 'cat', 'PLAY', 'Cat'), fc.constantFrom('', 's', 'ing', 'er', 'ed'));
    fc.assert(fc.property(fc.array(word, { minLength: 0, maxLength: 5 }), (words) => {
      const text = words.map(([a, b]) => a + b).join(' ');
      const joined = wordpiece(text, vocab).reduce((acc, t) => (t.startsWith('##') ? acc + t.slice(2) : acc ? `${acc} ${t}` : t), '');
      expect(joined).toBe(text.toLowerCase());
    }), runs);
  });

  it('maskTokens labels exactly the selected non-special positions and keeps the others', () => {
    fc.assert(fc.property(seed, fc.integer({ min: 1, max: 12 }), (s, n) => {
      const rng = createRng(s);
      const ids = Array.from({ length: n }, () => rng.int(0, 20));
      const special = ids.map(() => rng.bool(0.2));
      const draws = { select: ids.map(() => rng.next() * 0.3), action: ids.map(() => rng.next()), randomId: ids.map(() => rng.int(0, 20)) };
      const { inputIds, labels } = maskTokens(ids, special, draws, 99);
      ids.forEach((id, i) => {
        const selected = !special[i] && draws.select[i] < 0.15;
        expect(labels[i]).toBe(selected ? id : -100);
        if (!selected) expect(inputIds[i]).toBe(id);
      });
    }), runs);
  });
});

describe('SAM', () => {
  it('fourier features pair sin and cos of the same angle', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const F = rng.int(1, 5);
      const out = fourierFeatures(matrix(rng, 4, 2, 1).map((r) => r.map((x) => (x + 1) / 2)), matrix(rng, 2, F, 2));
      for (const row of out) for (let f = 0; f < F; f++) expect(Math.abs(row[f] ** 2 + row[F + f] ** 2 - 1)).toBeLessThan(1e-12);
    }), runs);
  });

  it('segmentation losses stay in range, and a confident correct prediction scores iou 1, dice near 0', () => {
    fc.assert(fc.property(seed, (s) => {
      const rng = createRng(s);
      const logits = matrix(rng, 3, 4, 5);
      const target = logits.map((r) => r.map(() => rng.int(0, 1)));
      const l = segmentationLosses(logits, target);
      expect(l.focal).toBeGreaterThanOrEqual(0);
      expect(l.dice >= 0 && l.dice < 1).toBe(true);
      expect(l.iou >= 0 && l.iou <= 1).toBe(true);
      const perfect = segmentationLosses(target.map((r) => r.map((t) => (t ? 30 : -30))), target);
      expect(perfect.iou).toBe(1);
      expect(perfect.dice).toBeLessThan(1e-9);
      expect(perfect.focal).toBeLessThan(1e-20);
    }), runs);
  });
});
