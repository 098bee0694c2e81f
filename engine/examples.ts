// One ordinary, valid argument list per curriculum id, drawn from an Rng: for tests, benchmarks and
// smoke checks that need "some case" of an exercise (exercise folders define the real case sets).
import { attentionMask } from './attention.ts';
import {
  binaryTarget, blockParams, boxEmbeddings, boxes, gaussianMatrix, kernel, layerNormParams, logitsAwayFromZero, matrix, mhaWeights, mlmDraws,
  pixelPoints, pointEmbeddings, pointLabels, randomMask, samAttentionWeights, tensor3, tinyGPTDecodingCase, tinyViT, tokenIds, topKDraw,
  twoWayParams, unitCoords, vector, weight, WORDPIECE_VOCAB, wordpieceText, bias,
} from './generate.ts';
import type { Rng } from './random.ts';

type Maker = (rng: Rng) => unknown[];

const makers: Record<string, Maker> = {
  'foundations/dot-product': (r) => { const n = r.int(1, 8); return [vector(r, n), vector(r, n)]; },
  'foundations/cosine-similarity': (r) => { const n = r.int(1, 8); return [vector(r, n), vector(r, n)]; },
  'foundations/matmul': (r) => { const [n, k, m] = [r.int(1, 5), r.int(1, 5), r.int(1, 5)]; return [matrix(r, n, k), matrix(r, k, m)]; },
  'foundations/softmax': (r) => [matrix(r, r.int(1, 4), r.int(1, 6), 5)],
  'tokens/wordpiece': (r) => [wordpieceText(r), [...WORDPIECE_VOCAB]],
  'tokens/embedding-lookup': (r) => { const V = r.int(2, 8); return [tokenIds(r, r.int(1, 5), V), matrix(r, V, r.int(1, 5))]; },
  'tokens/mlm-masking': (r) => {
    const n = r.int(1, 10);
    const ids = tokenIds(r, n, 30);
    return [ids, ids.map(() => r.bool(0.2)), mlmDraws(r, n, 30), 103];
  },
  'tokens/mlm-loss': (r) => {
    const [n, V] = [r.int(1, 6), r.int(2, 8)];
    return [matrix(r, n, V, 3), Array.from({ length: n }, () => (r.bool(0.4) ? -100 : r.int(0, V - 1)))];
  },
  'attention/qkv': (r) => { const [n, d, dk] = [r.int(1, 5), r.int(1, 6), r.int(1, 4)]; return [matrix(r, n, d), weight(r, d, dk), weight(r, d, dk), weight(r, d, dk)]; },
  'attention/scores': (r) => { const dk = r.int(1, 6); return [matrix(r, r.int(1, 5), dk), matrix(r, r.int(1, 5), dk)]; },
  'attention/scaled-dot-product': (r) => {
    const [n, m, dk] = [r.int(1, 5), r.int(1, 5), r.int(1, 5)];
    return [matrix(r, n, dk), matrix(r, m, dk), matrix(r, m, r.int(1, 4)), randomMask(r, n, m)];
  },
  'attention/masks': (r) => { const n = r.int(1, 7); return [n, r.int(1, n), r.bool()]; },
  'attention/multi-head': (r) => {
    const [h, dh, n, m] = [r.int(1, 3), r.int(1, 3), r.int(1, 5), r.int(1, 5)];
    const d = h * dh;
    return [matrix(r, n, d), matrix(r, m, d), mhaWeights(r, d), h, randomMask(r, n, m)];
  },
  'position/sinusoidal': (r) => [r.int(1, 8), 2 * r.int(1, 5)],
  'position/relative-shift': (r) => [r.int(-6, 6), 2 * r.int(1, 5)],
  'position/embed-with-positions': (r) => { const V = r.int(2, 8); return [tokenIds(r, r.int(1, 6), V), matrix(r, V, 2 * r.int(1, 4))]; },
  'transformer/layer-norm': (r) => { const d = r.int(2, 8); const ln = layerNormParams(r, d); return [matrix(r, r.int(1, 4), d, 3), ln.gamma, ln.beta, 1e-5]; },
  'transformer/gelu': (r) => [matrix(r, r.int(1, 4), r.int(1, 5), 4)],
  'transformer/feed-forward': (r) => {
    const [d, f] = [r.int(1, 6), r.int(1, 10)];
    return [matrix(r, r.int(1, 4), d), weight(r, d, f), bias(r, f), weight(r, f, d), bias(r, d)];
  },
  'transformer/encoder-block': (r) => {
    const [h, n] = [r.int(1, 2), r.int(1, 5)];
    const d = 2 * h;
    return [matrix(r, n, d), blockParams(r, d, 2 * d), h, attentionMask(n, n, true)];
  },
  'llm/next-token': (r) => [vector(r, r.int(1, 8), 3), r.uniform(0.3, 2)],
  'llm/top-k-sample': (r) => {
    const logits = vector(r, r.int(1, 8), 3);
    const k = r.int(1, logits.length);
    const t = r.uniform(0.3, 2);
    return [logits, k, t, topKDraw(r, logits, k, t)];
  },
  'llm/greedy-decode': (r) => {
    const { prompt, model } = tinyGPTDecodingCase(r, { vocab: 7, d: 4, tMax: 6, numBlocks: 2, numHeads: 2, dFF: 8 }, 2, 3);
    return [prompt, model, 3];
  },
  'vision/conv2d': (r) => {
    const [C, O, k] = [r.int(1, 2), r.int(1, 2), r.int(1, 3)];
    return [tensor3(r, C, r.int(k, 6), r.int(k, 6)), kernel(r, O, C, k), bias(r, O), r.int(1, 2), r.int(0, 1)];
  },
  'vision/patchify': (r) => { const p = r.int(1, 2); return [tensor3(r, r.int(1, 2), p * r.int(1, 3), p * r.int(1, 3)), p]; },
  'vision/patch-embedding': (r) => {
    const [C, p, D] = [r.int(1, 2), r.int(1, 2), r.int(1, 4)];
    return [tensor3(r, C, p * r.int(1, 3), p * r.int(1, 3)), weight(r, C * p * p, D), bias(r, D), p];
  },
  'vision/vit-embeddings': (r) => { const [N, D] = [r.int(1, 5), r.int(1, 5)]; return [matrix(r, N, D), vector(r, D), matrix(r, N + 1, D)]; },
  'vision/cost-model': (r) => {
    const patchSize = r.pick([2, 4, 8, 16]);
    return [{ imageSize: patchSize * r.int(1, 14), patchSize, channels: r.int(1, 3), dModel: r.pick([64, 192, 768]), kernelSize: r.pick([1, 3, 5]), convChannels: r.pick([8, 16, 64]) }];
  },
  'vision/vit-classify': (r) => {
    const c = { channels: r.int(1, 2), imageSize: 4, patchSize: 2, d: 4, numHeads: 2, dFF: 8, classes: r.int(2, 4) };
    return [tensor3(r, c.channels, 4, 4), tinyViT(r, c)];
  },
  'sam/fourier-features': (r) => [unitCoords(r, r.int(1, 5)), gaussianMatrix(r, 2, r.int(1, 4))],
  'sam/point-prompts': (r) => {
    const size: [number, number] = [r.int(4, 16), r.int(4, 16)];
    const [n, F] = [r.int(1, 4), r.int(1, 4)];
    return [pixelPoints(r, n, size), pointLabels(r, n), size, gaussianMatrix(r, 2, F), pointEmbeddings(r, 2 * F), r.bool()];
  },
  'sam/box-prompts': (r) => {
    const size: [number, number] = [r.int(4, 16), r.int(4, 16)];
    const F = r.int(1, 4);
    return [boxes(r, r.int(1, 3), size), size, gaussianMatrix(r, 2, F), boxEmbeddings(r, 2 * F)];
  },
  'sam/dense-positional-encoding': (r) => [r.int(1, 4), r.int(1, 4), gaussianMatrix(r, 2, r.int(1, 3))],
  'sam/prompt-image-attention': (r) => {
    const [h, m] = [r.int(1, 2), r.int(1, 6)];
    const dInt = 2 * h;
    const d = 2 * dInt;
    const k = matrix(r, m, d);
    return [matrix(r, r.int(1, 4), d), k, matrix(r, m, d), samAttentionWeights(r, d, dInt), h];
  },
  'sam/two-way-block': (r) => {
    const [nq, nk, d] = [r.int(1, 3), r.int(2, 6), 8];
    return [matrix(r, nq, d), matrix(r, nk, d), matrix(r, nq, d), matrix(r, nk, d), twoWayParams(r, d, 16), 2, r.bool()];
  },
  'sam/mask-logits': (r) => { const C = r.int(1, 4); return [matrix(r, r.int(1, 3), C), tensor3(r, C, r.int(1, 4), r.int(1, 4))]; },
  'sam/losses': (r) => { const [h, w] = [r.int(1, 4), r.int(1, 5)]; return [logitsAwayFromZero(r, h, w), binaryTarget(r, h, w)]; },
};

/** A valid argument list for the exercise `id`, drawn from `rng`. */
export function exampleArgs(id: string, rng: Rng): unknown[] {
  const make = makers[id];
  if (!make) throw new Error(`exampleArgs: unknown exercise id "${id}"`);
  return make(rng);
}
