// Every wrong-variant option of the engine gives an answer the grader can tell apart from the
// reference at the learners' tolerance, on an ordinary input (or, for options that only matter at an
// extreme such as overflow, on the input that exposes them).
import { describe, expect, it } from 'vitest';
import { allclose, DEFAULT_TOLERANCE } from '../../engine/allclose.ts';
import { attention, attentionMask, attentionScores, multiHeadAttention, projectQKV } from '../../engine/attention.ts';
import {
  binaryTarget, blockParams, boxEmbeddings, boxes, gaussianMatrix, logitsAwayFromZero, matrix, mhaWeights, pixelPoints, pointEmbeddings,
  samAttentionWeights, tensor3, tinyGPT, tinyViT, twoWayParams, unitCoords, vector, weight,
} from '../../engine/generate.ts';
import { cosineSimilarity, matmul } from '../../engine/linalg.ts';
import { greedyDecode, nextTokenProbs, sampleTopK } from '../../engine/llm.ts';
import { embedWithPositions, shiftMatrix, sinusoidalEncoding } from '../../engine/position.ts';
import { createRng } from '../../engine/random.ts';
import { densePE, encodeBoxes, encodePoints, fourierFeatures, maskLogits, samAttention, segmentationLosses, twoWayBlock } from '../../engine/sam.ts';
import { softmax } from '../../engine/softmax.ts';
import { embed, maskTokens, mlmLoss, wordpiece } from '../../engine/tokens.ts';
import { encoderBlock, feedForward, gelu, layerNorm } from '../../engine/transformer.ts';
import { conv2d, costModel, patchEmbed, patchify, vitClassify, vitEmbeddings } from '../../engine/vision.ts';

const rng = createRng('misconceptions');
const n = 4;
const d = 6;
const X = matrix(rng, n, d);
const Y = matrix(rng, 5, d);
const w = mhaWeights(rng, d);
const [S, T] = [matrix(rng, 4, 4), matrix(rng, 4, 4)];
const causal = attentionMask(n, n, true);
const cross = [[true, false, true, true, false], [true, true, false, false, false], [false, true, true, true, true], [true, true, true, true, true]];
const block = blockParams(rng, d, 12);
const image = tensor3(rng, 2, 4, 6);
const G = gaussianMatrix(rng, 2, 3);
const vocab = ['[UNK]', 'play', '##ing', 'cafe', 'un', '##aff', '##able', '.', '!', 'x'];
// Two blocks (with one, the causal mask cannot change the last position); seed 'd' is a model whose
// greedy path all three variants change (many random models repeat a token whatever the variant).
const gpt = tinyGPT(createRng('d'), { vocab: 9, d: 4, tMax: 8, numBlocks: 2, numHeads: 2, dFF: 8 });
const vit = tinyViT(rng, { channels: 2, imageSize: 4, patchSize: 2, d: 6, numHeads: 2, dFF: 8, classes: 3 });
const sam = samAttentionWeights(rng, 8, 4);
const q = matrix(rng, 3, 8);
const kv = matrix(rng, 5, 8);
const two = twoWayParams(rng, 8, 16);
const [qPE, kPE] = [matrix(rng, 3, 8), matrix(rng, 5, 8)];
const size: [number, number] = [8, 12];
const logits = logitsAwayFromZero(rng, 4, 5);
const target = binaryTarget(rng, 4, 5);

/** [what, reference output, wrong variant's output] */
type Row = [string, unknown, unknown];
const rows: Row[] = [
  ['cosine: squared norms', cosineSimilarity(X[0], X[1]), cosineSimilarity(X[0], X[1], { squaredNorms: true })],
  ['cosine: first norm only', cosineSimilarity(X[0], X[1]), cosineSimilarity(X[0], X[1], { normalizeFirstOnly: true })],
  ['matmul: B read transposed', matmul(S, T), matmul(S, T, { transposeB: true })],
  ['matmul: element-wise', matmul(S, T), matmul(S, T, { elementwise: true })],
  ['softmax: columns', softmax(X), softmax(X, { axis: 'columns' })],
  ['softmax: unstable (logits near 1000)', softmax([[1000, 999, -1000]]), softmax([[1000, 999, -1000]], { stable: false })],
  ['wordpiece: cased', wordpiece('Playing', vocab), wordpiece('Playing', vocab, { lowercase: false })],
  ['wordpiece: accents kept', wordpiece('café', vocab), wordpiece('café', vocab, { stripAccents: false })],
  ['wordpiece: punctuation glued', wordpiece('play!', vocab), wordpiece('play!', vocab, { splitPunctuation: false })],
  ['wordpiece: no ## prefix', wordpiece('playing', vocab), wordpiece('playing', vocab, { continuationPrefix: '' })],
  ['wordpiece: partial pieces before [UNK]', wordpiece('playzz', vocab), wordpiece('playzz', vocab, { unkWholeWord: false })],
  ['embed: by column', embed([0, 2], X), embed([0, 2], X, { byColumn: true })],
  ['embed: one-based', embed([1, 2], X), embed([1, 2], X, { oneBased: true })],
  ...(() => {
    const ids = [5, 6, 7, 8, 9];
    const special = [true, false, false, false, false];
    const draws = { select: [0.01, 0.5, 0.1, 0.05, 0.12], action: [0.5, 0.3, 0.85, 0.95, 0.2], randomId: [1, 2, 3, 4, 5] };
    const ref = maskTokens(ids, special, draws, 0);
    return [
      ['maskTokens: specials selectable', ref, maskTokens(ids, special, draws, 0, { ignoreSpecial: true })],
      ['maskTokens: every position labelled', ref, maskTokens(ids, special, draws, 0, { labelAll: true })],
      ['maskTokens: always [MASK]', ref, maskTokens(ids, special, draws, 0, { alwaysMask: true })],
    ] as Row[];
  })(),
  ['mlmLoss: mean over all positions', mlmLoss(Y, [1, -100, 3, -100, 0]), mlmLoss(Y, [1, -100, 3, -100, 0], { meanOver: 'all' })],
  ['mlmLoss: unstable (logits near 1000)', mlmLoss([[1000, 0, -5]], [1]), mlmLoss([[1000, 0, -5]], [1], { stable: false })],
  ['projectQKV: weights transposed', projectQKV(X, w.Wq, w.Wk, w.Wv), projectQKV(X, w.Wq, w.Wk, w.Wv, { transposeWeights: true })],
  ['scores: no scale', attentionScores(X, Y), attentionScores(X, Y, { scale: false })],
  ['scores: scaled by d instead of sqrt(d)', attentionScores(X, Y), attentionScores(X, Y, { scaleDim: d * d })],
  ['attention: no scale', attention(X, Y, Y), attention(X, Y, Y, undefined, { scale: false })],
  ['attention: mask after softmax', attention(X, Y, Y, cross), attention(X, Y, Y, cross, { maskAfterSoftmax: true })],
  ['attention: softmax over queries', attention(X, Y, Y), attention(X, Y, Y, undefined, { softmaxAxis: 'queries' })],
  ['attention: unstable softmax (scores near 1000)', attention([[100, 100]], [[100, 100], [99, 100]], [[1], [2]]), attention([[100, 100]], [[100, 100], [99, 100]], [[1], [2]], undefined, { stable: false })],
  ['mask: strict causal', attentionMask(4, 3, true), attentionMask(4, 3, true, { strictCausal: true })],
  ['mask: inverted', attentionMask(4, 3, false), attentionMask(4, 3, false, { inverted: true })],
  ['mask: padding on queries', attentionMask(4, 3, false), attentionMask(4, 3, false, { padQueries: true })],
  ['MHA: interleaved heads', multiHeadAttention(X, Y, w, 3, cross), multiHeadAttention(X, Y, w, 3, cross, { headSplit: 'interleaved' })],
  ['MHA: scaled by sqrt(d)', multiHeadAttention(X, Y, w, 3), multiHeadAttention(X, Y, w, 3, undefined, { scaleBy: 'd' })],
  ['MHA: no output projection', multiHeadAttention(X, Y, w, 3), multiHeadAttention(X, Y, w, 3, undefined, { outputProjection: false })],
  ['MHA: no biases', multiHeadAttention(X, Y, w, 3), multiHeadAttention(X, Y, w, 3, undefined, { biases: false })],
  ['MHA: no scale', multiHeadAttention(X, X, w, 2, causal), multiHeadAttention(X, X, w, 2, causal, { scale: false })],
  ['MHA: mask after softmax', multiHeadAttention(X, X, w, 2, causal), multiHeadAttention(X, X, w, 2, causal, { maskAfterSoftmax: true })],
  ['MHA: softmax over queries', multiHeadAttention(X, X, w, 2), multiHeadAttention(X, X, w, 2, undefined, { softmaxAxis: 'queries' })],
  ['sinusoidal: concatenated layout', sinusoidalEncoding(5, 8), sinusoidalEncoding(5, 8, { layout: 'concatenated' })],
  ['sinusoidal: exponent i', sinusoidalEncoding(5, 8), sinusoidalEncoding(5, 8, { exponent: 'i' })],
  ['sinusoidal: exponent from the column index', sinusoidalEncoding(5, 8), sinusoidalEncoding(5, 8, { exponent: 'column' })],
  ['shift: transposed blocks', shiftMatrix(2, 6), shiftMatrix(2, 6, { transposed: true })],
  ['embedWithPositions: embeddings scaled by sqrt(d)', embedWithPositions([0, 3], X), embedWithPositions([0, 3], X, { scaleEmbeddings: true })],
  ['embedWithPositions: concatenated layout', embedWithPositions([0, 3], X), embedWithPositions([0, 3], X, { layout: 'concatenated' })],
  ['layerNorm: unbiased variance', layerNorm(X, block.ln1.gamma, block.ln1.beta, 1e-5), layerNorm(X, block.ln1.gamma, block.ln1.beta, 1e-5, { variance: 'unbiased' })],
  ['layerNorm: eps outside the sqrt', layerNorm(X, block.ln1.gamma, block.ln1.beta, 0.1), layerNorm(X, block.ln1.gamma, block.ln1.beta, 0.1, { epsPlacement: 'outside' })],
  ['layerNorm: over columns', layerNorm(X, block.ln1.gamma, block.ln1.beta, 1e-5), layerNorm(X, block.ln1.gamma, block.ln1.beta, 1e-5, { axis: 'columns' })],
  ['gelu: erf form', gelu(X), gelu(X, { form: 'erf' })],
  ['gelu: relu', gelu(X), gelu(X, { form: 'relu' })],
  ['gelu: sigmoid approximation', gelu(X), gelu(X, { form: 'sigmoid' })],
  ['feedForward: relu', feedForward(X, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2), feedForward(X, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2, { activation: 'relu' })],
  ['feedForward: no second bias', feedForward(X, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2), feedForward(X, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2, { secondBias: false })],
  ['encoderBlock: post-LN', encoderBlock(X, block, 2, causal), encoderBlock(X, block, 2, causal, { norm: 'post' })],
  ['encoderBlock: no residuals', encoderBlock(X, block, 2), encoderBlock(X, block, 2, undefined, { residual: false })],
  ['encoderBlock: erf GELU', encoderBlock(X, block, 2), encoderBlock(X, block, 2, undefined, { activation: 'erf' })],
  ['encoderBlock: unbiased variance', encoderBlock(X, block, 2), encoderBlock(X, block, 2, undefined, { variance: 'unbiased' })],
  ['encoderBlock: attention scaled by sqrt(d)', encoderBlock(X, block, 2), encoderBlock(X, block, 2, undefined, { attention: { scaleBy: 'd' } })],
  ['nextToken: temperature multiplied', nextTokenProbs(X[0], 0.5), nextTokenProbs(X[0], 0.5, { temperature: 'multiply' })],
  ['nextToken: temperature ignored', nextTokenProbs(X[0], 0.5), nextTokenProbs(X[0], 0.5, { temperature: 'ignore' })],
  ['topK: ties to the higher index', sampleTopK([1, 3, 2, 3], 1, 1, 0.5), sampleTopK([1, 3, 2, 3], 1, 1, 0.5, { ties: 'higher' })],
  ['topK: walked in index order', sampleTopK([0.1, 2, 1], 3, 1, 0.05), sampleTopK([0.1, 2, 1], 3, 1, 0.05, { order: 'index' })],
  ['topK: not renormalised', sampleTopK([3, 2, 1, 0.5], 2, 1, 0.7), sampleTopK([3, 2, 1, 0.5], 2, 1, 0.7, { renormalize: false })],
  ['topK: >= u', sampleTopK([1, 1], 2, 1, 0.5), sampleTopK([1, 1], 2, 1, 0.5, { comparison: '>=' })],
  ['topK: temperature ignored', sampleTopK([2, 1.5, 0], 3, 5, 0.5), sampleTopK([2, 1.5, 0], 3, 5, 0.5, { temperature: 'ignore' })],
  ['greedy: no causal mask', greedyDecode([1, 2, 3], gpt, 4), greedyDecode([1, 2, 3], gpt, 4, { causal: false })],
  ['greedy: no positions', greedyDecode([1, 2, 3], gpt, 4), greedyDecode([1, 2, 3], gpt, 4, { positions: false })],
  ['greedy: no final norm', greedyDecode([1, 2, 3], gpt, 4), greedyDecode([1, 2, 3], gpt, 4, { finalNorm: false })],
  ['conv2d: flipped kernel', conv2d(image, [tensor3(rng, 2, 3, 3)], [0.1], 1, 1), undefined],
  ['patchify: channels last', patchify(image, 2), patchify(image, 2, { order: 'yxc' })],
  ['patchify: column-major grid', patchify(image, 2), patchify(image, 2, { grid: 'column' })],
  ['patchEmbed: channels last', patchEmbed(image, weight(rng, 8, 3), vector(rng, 3), 2), undefined],
  ['vitEmbeddings: no CLS', vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4)), vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4), { cls: false })],
  ['vitEmbeddings: CLS last', vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4)), vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4), { clsAt: 'last' })],
  ['vitEmbeddings: no positions', vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4)), vitEmbeddings(X.slice(0, 3), X[3], Y.slice(0, 4), { positions: false })],
  ...(() => {
    const c = { imageSize: 32, patchSize: 8, channels: 3, dModel: 64, kernelSize: 3, convChannels: 16 };
    return [
      ['costModel: no CLS', costModel(c), costModel(c, { noCls: true })],
      ['costModel: MACs not FLOPs', costModel(c), costModel(c, { flopsPerMultiplyAdd: 1 })],
      ['costModel: no conv bias', costModel(c), costModel(c, { convBias: false })],
    ] as Row[];
  })(),
  ['vitClassify: mean readout', vitClassify(tensor3(rng, 2, 4, 4), vit), undefined],
  ['fourier: no centring', fourierFeatures(unitCoords(rng, 3), G), undefined],
  ['encodePoints: no +0.5', encodePoints([[3, 5], [11, 0]], [1, 0], size, G, pointEmbeddings(rng, 6), true), undefined],
  ['encodeBoxes: no +0.5', encodeBoxes(boxes(rng, 2, size), size, G, boxEmbeddings(rng, 6)), undefined],
  ['densePE: no +0.5', densePE(2, 3, G), undefined],
  ['samAttention: scaled by sqrt(d)', samAttention(q, kv, kv, sam, 2), samAttention(q, kv, kv, sam, 2, { scaleBy: 'd' })],
  ['samAttention: scaled by sqrt(d_int)', samAttention(q, kv, kv, sam, 2), samAttention(q, kv, kv, sam, 2, { scaleBy: 'dInt' })],
  ['samAttention: interleaved heads', samAttention(q, kv, kv, sam, 2), samAttention(q, kv, kv, sam, 2, { headSplit: 'interleaved' })],
  ['samAttention: no output projection', samAttention(q, kv, kv, sam, 2), samAttention(q, kv, kv, sam, 2, { outputProjection: false })],
  ['twoWay: skip flag ignored', twoWayBlock(q, kv, qPE, kPE, two, 2, true), twoWayBlock(q, kv, qPE, kPE, two, 2, true, { skipPE: 'never' })],
  ['twoWay: always skipping', twoWayBlock(q, kv, qPE, kPE, two, 2, false), twoWayBlock(q, kv, qPE, kPE, two, 2, false, { skipPE: 'always' })],
  ['twoWay: no PE', twoWayBlock(q, kv, qPE, kPE, two, 2, false), twoWayBlock(q, kv, qPE, kPE, two, 2, false, { usePE: false })],
  ['twoWay: PE on values', twoWayBlock(q, kv, qPE, kPE, two, 2, false), twoWayBlock(q, kv, qPE, kPE, two, 2, false, { peOnValues: true })],
  ['twoWay: GELU MLP', twoWayBlock(q, kv, qPE, kPE, two, 2, false), twoWayBlock(q, kv, qPE, kPE, two, 2, false, { mlpActivation: 'tanh' })],
  ['twoWay: attention without scale', twoWayBlock(q, kv, qPE, kPE, two, 2, false), twoWayBlock(q, kv, qPE, kPE, two, 2, false, { attention: { scale: false } })],
  ['maskLogits: sigmoid', maskLogits(X.slice(0, 2).map((r) => r.slice(0, 2)), image), maskLogits(X.slice(0, 2).map((r) => r.slice(0, 2)), image, { sigmoid: true })],
  ['losses: naive BCE (logits near +-40)', segmentationLosses([[40, -40]], [[0, 1]]), segmentationLosses([[40, -40]], [[0, 1]], { naiveBce: true })],
  ['losses: no dice smoothing', segmentationLosses(logits, target), segmentationLosses(logits, target, { diceSmoothing: false })],
  ['losses: alpha swapped', segmentationLosses(logits, target), segmentationLosses(logits, target, { focalAlpha: 'swapped' })],
  ['losses: no alpha', segmentationLosses(logits, target), segmentationLosses(logits, target, { focalAlpha: 'none' })],
  ['losses: gamma 0', segmentationLosses(logits, target), segmentationLosses(logits, target, { focalGamma: 0 })],
  ['losses: focal summed', segmentationLosses(logits, target), segmentationLosses(logits, target, { focalReduction: 'sum' })],
  ['losses: dice on the binary prediction', segmentationLosses(logits, target), segmentationLosses(logits, target, { diceOn: 'binary' })],
  ['losses: iou 0 when both empty', segmentationLosses([[-1, -2]], [[0, 0]]), segmentationLosses([[-1, -2]], [[0, 0]], { emptyIou: 0 })],
];

// Rows whose variant needs the same random inputs as the reference: built here so both see one draw.
function fill(label: string, make: (o?: object) => unknown, options: object): void {
  const i = rows.findIndex(([l]) => l === label);
  rows[i] = [label, make(), make(options)];
}
{
  const k = [tensor3(rng, 2, 3, 3)];
  fill('conv2d: flipped kernel', (o) => conv2d(image, k, [0.1], 1, 1, o), { flipKernel: true });
  const [W, b] = [weight(rng, 8, 3), vector(rng, 3)];
  fill('patchEmbed: channels last', (o) => patchEmbed(image, W, b, 2, o), { order: 'yxc' });
  const img = tensor3(rng, 2, 4, 4);
  fill('vitClassify: mean readout', (o) => vitClassify(img, vit, o), { readout: 'mean' });
  rows.push(['vitClassify: no final norm', vitClassify(img, vit), vitClassify(img, vit, { finalNorm: false })]);
  rows.push(['vitClassify: channels-last patches', vitClassify(img, vit), vitClassify(img, vit, { order: 'yxc' })]);
  const coords = unitCoords(rng, 3);
  fill('fourier: no centring', (o) => fourierFeatures(coords, G, o), { centre: false });
  rows.push(['fourier: no 2 pi', fourierFeatures(coords, G), fourierFeatures(coords, G, { twoPi: false })]);
  rows.push(['fourier: cos block first', fourierFeatures(coords, G), fourierFeatures(coords, G, { order: 'cos-sin' })]);
  rows.push(['fourier: x and y swapped', fourierFeatures(coords, G), fourierFeatures(coords, G, { swapXY: true })]);
  const pts = pixelPoints(rng, 3, size);
  const emb = pointEmbeddings(rng, 6);
  const points = (o?: object) => encodePoints(pts, [1, 0, -1], size, G, emb, true, o);
  fill('encodePoints: no +0.5', points, { shift: false });
  rows.push(['encodePoints: [W, H] read as [H, W]', points(), points({ normalizeBy: 'wh' })]);
  rows.push(['encodePoints: notAPoint added, not replacing', points(), points({ padAdds: true })]);
  rows.push(['encodePoints: labels swapped', points(), points({ swapLabels: true })]);
  rows.push(['encodePoints: x and y swapped', points(), points({ swapXY: true })]);
  const bx = boxes(rng, 2, size);
  const bemb = boxEmbeddings(rng, 6);
  const box = (o?: object) => encodeBoxes(bx, size, G, bemb, o);
  fill('encodeBoxes: no +0.5', box, { shift: false });
  rows.push(['encodeBoxes: [W, H] read as [H, W]', box(), box({ normalizeBy: 'wh' })]);
  rows.push(['encodeBoxes: corner embeddings swapped', box(), box({ swapCornerEmbeddings: true })]);
  fill('densePE: no +0.5', (o) => densePE(2, 3, G, o), { shift: false });
  rows.push(['densePE: h and w swapped in the normalisation', densePE(2, 3, G), densePE(2, 3, G, { normalizeBy: 'wh' })]);
  rows.push(['densePE: channels last', densePE(2, 3, G), densePE(2, 3, G, { layout: 'hwc' })]);
  rows.push(['densePE: x and y swapped', densePE(2, 3, G), densePE(2, 3, G, { swapXY: true })]);
}

describe('misconception options', () => {
  it.each(rows.map((r) => [r[0], r] as const))('%s changes the output', (_label, [, reference, variant]) => {
    expect(variant).toBeDefined();
    expect(allclose(variant, reference, DEFAULT_TOLERANCE)).toBe(false);
  });

  it('the options are off by default: passing {} gives the reference', () => {
    expect(multiHeadAttention(X, Y, w, 3, cross, {})).toEqual(multiHeadAttention(X, Y, w, 3, cross));
    expect(segmentationLosses(logits, target, {})).toEqual(segmentationLosses(logits, target));
    expect(encodePoints([[1, 2]], [1], size, G, pointEmbeddings(createRng(1), 6), true, {})).toEqual(encodePoints([[1, 2]], [1], size, G, pointEmbeddings(createRng(1), 6), true));
  });
});
