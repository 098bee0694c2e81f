// The one mapping from curriculum exercise id to reference function. The catalog, the grader and the
// reference CLI all read it; called with the curriculum's arguments only (no options).
import { attention, attentionMask, attentionScores, multiHeadAttention, projectQKV } from './attention.ts';
import { cosineSimilarity, dot, matmul } from './linalg.ts';
import { greedyDecode, nextTokenProbs, sampleTopK } from './llm.ts';
import { embedWithPositions, shiftMatrix, sinusoidalEncoding } from './position.ts';
import { densePE, encodeBoxes, encodePoints, fourierFeatures, maskLogits, samAttention, segmentationLosses, twoWayBlock } from './sam.ts';
import { softmax } from './softmax.ts';
import { embed, maskTokens, mlmLoss, wordpiece } from './tokens.ts';
import { encoderBlock, feedForward, gelu, layerNorm } from './transformer.ts';
import { conv2d, costModel, patchEmbed, patchify, vitClassify, vitEmbeddings } from './vision.ts';

export type ReferenceFunction = (...args: any[]) => unknown;

/** Curriculum id -> [function name the learner writes, reference]; in curriculum order. */
const table: ReadonlyArray<readonly [id: string, functionName: string, fn: ReferenceFunction]> = [
  ['foundations/dot-product', 'dot', dot],
  ['foundations/cosine-similarity', 'cosineSimilarity', cosineSimilarity],
  ['foundations/matmul', 'matmul', matmul],
  ['foundations/softmax', 'softmax', softmax],
  ['tokens/wordpiece', 'wordpiece', wordpiece],
  ['tokens/embedding-lookup', 'embed', embed],
  ['tokens/mlm-masking', 'maskTokens', maskTokens],
  ['tokens/mlm-loss', 'mlmLoss', mlmLoss],
  ['attention/qkv', 'projectQKV', projectQKV],
  ['attention/scores', 'attentionScores', attentionScores],
  ['attention/scaled-dot-product', 'attention', attention],
  ['attention/masks', 'attentionMask', attentionMask],
  ['attention/multi-head', 'multiHeadAttention', multiHeadAttention],
  ['position/sinusoidal', 'sinusoidalEncoding', sinusoidalEncoding],
  ['position/relative-shift', 'shiftMatrix', shiftMatrix],
  ['position/embed-with-positions', 'embedWithPositions', embedWithPositions],
  ['transformer/layer-norm', 'layerNorm', layerNorm],
  ['transformer/gelu', 'gelu', gelu],
  ['transformer/feed-forward', 'feedForward', feedForward],
  ['transformer/encoder-block', 'encoderBlock', encoderBlock],
  ['llm/next-token', 'nextTokenProbs', nextTokenProbs],
  ['llm/top-k-sample', 'sampleTopK', sampleTopK],
  ['llm/greedy-decode', 'greedyDecode', greedyDecode],
  ['vision/conv2d', 'conv2d', conv2d],
  ['vision/patchify', 'patchify', patchify],
  ['vision/patch-embedding', 'patchEmbed', patchEmbed],
  ['vision/vit-embeddings', 'vitEmbeddings', vitEmbeddings],
  ['vision/cost-model', 'costModel', costModel],
  ['vision/vit-classify', 'vitClassify', vitClassify],
  ['sam/fourier-features', 'fourierFeatures', fourierFeatures],
  ['sam/point-prompts', 'encodePoints', encodePoints],
  ['sam/box-prompts', 'encodeBoxes', encodeBoxes],
  ['sam/dense-positional-encoding', 'densePE', densePE],
  ['sam/prompt-image-attention', 'samAttention', samAttention],
  ['sam/two-way-block', 'twoWayBlock', twoWayBlock],
  ['sam/mask-logits', 'maskLogits', maskLogits],
  ['sam/losses', 'segmentationLosses', segmentationLosses],
];

/** Every curriculum id, in curriculum order. */
export const exerciseIds: readonly string[] = Object.freeze(table.map(([id]) => id));

/** Curriculum id -> reference function. */
export const references: Record<string, ReferenceFunction> = Object.freeze(Object.fromEntries(table.map(([id, , fn]) => [id, fn])));

/** Curriculum id -> the name of the function the learner writes ("attention/multi-head" -> "multiHeadAttention"). */
export const functionNames: Record<string, string> = Object.freeze(Object.fromEntries(table.map(([id, name]) => [id, name])));
