// Engine functions an exercise may grant the learner as globals (exercise.helpers lists the names),
// with the TypeScript declaration the editor shows for each. A helper takes the curriculum's arguments
// only: the wrappers drop anything past them, so learners cannot reach the misconception options.
import { attention, attentionMask, attentionScores, multiHeadAttention, projectQKV } from './attention.ts';
import { add, addBias, argmax, cosineSimilarity, dot, linear, matmul, relu, scale, sigmoid, transpose } from './linalg.ts';
import { greedyDecode, nextTokenProbs, sampleTopK } from './llm.ts';
import { embedWithPositions, shiftMatrix, sinusoidalEncoding } from './position.ts';
import { densePE, encodeBoxes, encodePoints, fourierFeatures, maskLogits, samAttention, segmentationLosses, twoWayBlock } from './sam.ts';
import { softmax, softmaxVector } from './softmax.ts';
import { embed, maskTokens, mlmLoss, wordpiece } from './tokens.ts';
import { encoderBlock, feedForward, gelu, layerNorm } from './transformer.ts';
import { conv2d, costModel, patchEmbed, patchify, vitClassify, vitEmbeddings } from './vision.ts';

// The sandbox injects plain functions; the declarations below carry the real types.
type AnyFunction = (...args: any[]) => unknown;

const entries: ReadonlyArray<readonly [name: string, fn: AnyFunction, declaration: string]> = [
  // generic helpers
  ['transpose', transpose, 'declare function transpose(A: Matrix): Matrix;'],
  ['add', add, 'declare function add(A: Matrix, B: Matrix): Matrix;'],
  ['scale', scale, 'declare function scale(A: Matrix, s: number): Matrix;'],
  ['addBias', addBias, 'declare function addBias(X: Matrix, b: Vector): Matrix;'],
  ['linear', linear, 'declare function linear(X: Matrix, W: Matrix, b?: Vector): Matrix;'],
  ['relu', relu, 'declare function relu(X: Matrix): Matrix;'],
  ['sigmoid', sigmoid, 'declare function sigmoid(X: Matrix): Matrix;'],
  ['argmax', argmax, 'declare function argmax(v: Vector): number;'],
  ['softmaxVector', softmaxVector, 'declare function softmaxVector(x: Vector): Vector;'],
  // 1. foundations
  ['dot', dot, 'declare function dot(a: Vector, b: Vector): number;'],
  ['cosineSimilarity', cosineSimilarity, 'declare function cosineSimilarity(a: Vector, b: Vector): number;'],
  ['matmul', matmul, 'declare function matmul(A: Matrix, B: Matrix): Matrix;'],
  ['softmax', softmax, 'declare function softmax(x: Matrix): Matrix;'],
  // 2. tokens
  ['wordpiece', wordpiece, 'declare function wordpiece(text: string, vocab: string[]): string[];'],
  ['embed', embed, 'declare function embed(ids: number[], table: Matrix): Matrix;'],
  ['maskTokens', maskTokens, 'declare function maskTokens(ids: number[], special: boolean[], draws: MlmDraws, maskId: number): MlmResult;'],
  ['mlmLoss', mlmLoss, 'declare function mlmLoss(logits: Matrix, labels: number[]): number;'],
  // 3. attention
  ['projectQKV', projectQKV, 'declare function projectQKV(X: Matrix, Wq: Matrix, Wk: Matrix, Wv: Matrix): { Q: Matrix; K: Matrix; V: Matrix };'],
  ['attentionScores', attentionScores, 'declare function attentionScores(Q: Matrix, K: Matrix): Matrix;'],
  ['attention', attention, 'declare function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix;'],
  ['attentionMask', attentionMask, 'declare function attentionMask(n: number, validLength: number, causal: boolean): Mask;'],
  ['multiHeadAttention', multiHeadAttention, 'declare function multiHeadAttention(Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask): Matrix;'],
  // 4. position
  ['sinusoidalEncoding', sinusoidalEncoding, 'declare function sinusoidalEncoding(seqLen: number, dModel: number): Matrix;'],
  ['shiftMatrix', shiftMatrix, 'declare function shiftMatrix(k: number, dModel: number): Matrix;'],
  ['embedWithPositions', embedWithPositions, 'declare function embedWithPositions(ids: number[], table: Matrix): Matrix;'],
  // 5. transformer
  ['layerNorm', layerNorm, 'declare function layerNorm(x: Matrix, gamma: Vector, beta: Vector, eps: number): Matrix;'],
  ['gelu', gelu, 'declare function gelu(x: Matrix): Matrix;'],
  ['feedForward', feedForward, 'declare function feedForward(x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector): Matrix;'],
  ['encoderBlock', encoderBlock, 'declare function encoderBlock(x: Matrix, p: BlockParams, numHeads: number, mask?: Mask): Matrix;'],
  // 6. language models
  ['nextTokenProbs', nextTokenProbs, 'declare function nextTokenProbs(logits: Vector, temperature: number): Vector;'],
  ['sampleTopK', sampleTopK, 'declare function sampleTopK(logits: Vector, k: number, temperature: number, u: number): number;'],
  ['greedyDecode', greedyDecode, 'declare function greedyDecode(prompt: number[], model: TinyGPT, steps: number): number[];'],
  // 7. vision
  ['conv2d', conv2d, 'declare function conv2d(image: Tensor3, kernel: Kernel, bias: Vector, stride: number, padding: number): Tensor3;'],
  ['patchify', patchify, 'declare function patchify(image: Tensor3, patchSize: number): Matrix;'],
  ['patchEmbed', patchEmbed, 'declare function patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number): Matrix;'],
  ['vitEmbeddings', vitEmbeddings, 'declare function vitEmbeddings(patchTokens: Matrix, cls: Vector, pos: Matrix): Matrix;'],
  ['costModel', costModel, 'declare function costModel(c: CostConfig): CostReport;'],
  ['vitClassify', vitClassify, 'declare function vitClassify(image: Tensor3, p: TinyViT): Vector;'],
  // 8. SAM
  ['fourierFeatures', fourierFeatures, 'declare function fourierFeatures(coords: Matrix, gaussian: Matrix): Matrix;'],
  ['encodePoints', encodePoints, 'declare function encodePoints(points: Matrix, labels: number[], imageSize: [number, number], gaussian: Matrix, emb: PointEmbeddings, pad: boolean): Matrix;'],
  ['encodeBoxes', encodeBoxes, 'declare function encodeBoxes(boxes: Matrix, imageSize: [number, number], gaussian: Matrix, emb: BoxEmbeddings): Matrix;'],
  ['densePE', densePE, 'declare function densePE(h: number, w: number, gaussian: Matrix): Tensor3;'],
  ['samAttention', samAttention, 'declare function samAttention(q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, numHeads: number): Matrix;'],
  ['twoWayBlock', twoWayBlock, 'declare function twoWayBlock(queries: Matrix, keys: Matrix, queryPE: Matrix, keyPE: Matrix, p: TwoWayParams, numHeads: number, skipFirstLayerPE: boolean): TwoWayResult;'],
  ['maskLogits', maskLogits, 'declare function maskLogits(hyperIn: Matrix, upscaled: Tensor3): Tensor3;'],
  ['segmentationLosses', segmentationLosses, 'declare function segmentationLosses(logits: Matrix, target: Matrix): SegmentationLosses;'],
];

/** Number of parameters in a declaration line: the curriculum arity of the helper. */
function arity(declaration: string): number {
  const params = declaration.slice(declaration.indexOf('(') + 1, declaration.lastIndexOf('):'));
  let depth = 0;
  let count = params.trim() ? 1 : 0;
  for (const ch of params) {
    if (ch === '{' || ch === '[' || ch === '(' || ch === '<') depth++;
    else if (ch === '}' || ch === ']' || ch === ')' || ch === '>') depth--;
    else if (ch === ',' && depth === 0) count++;
  }
  return count;
}

/** Global name -> function, called with the curriculum's arguments only. */
export const helpers: Record<string, AnyFunction> = Object.freeze(Object.fromEntries(entries.map(([name, fn, decl]) => {
  const n = arity(decl);
  const wrapped = { [name]: (...args: unknown[]) => fn(...args.slice(0, n)) }[name]; // keeps fn.name for stack traces
  return [name, wrapped];
})));

/** Global name -> its TypeScript declaration line, for the editor. */
export const helperDeclarations: Record<string, string> = Object.freeze(Object.fromEntries(entries.map(([name, , decl]) => [name, decl])));
