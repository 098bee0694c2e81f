// The TypeScript declarations a learner's file is checked against: in the browser (Monaco's extra
// lib) and in `npm run exercises:check` (the compiler API). One text, built here, used by both.
// The learner's code runs in a sandbox with the ES2023 library, `console`, and the helpers the
// exercise grants, nothing else (no DOM, no Node): compile with lib ["es2023"] and these globals.
// File-free on purpose: browser and edge code may import it.
import { helperDeclarations } from '../engine/helpers.ts';

/** The math types of engine/types.ts as global declarations (test/exercises/declarations.test.ts keeps them equal). */
export const GLOBAL_TYPES = `/** A vector: number[]. */
type Vector = number[];
/** A matrix indexed [row][col]. */
type Matrix = number[][];
/** An image or feature map indexed [channel][y][x]. */
type Tensor3 = number[][][];
/** A conv kernel indexed [out][in][ky][kx]. */
type Kernel = number[][][][];
/** An attention mask, queries x keys; true means "query i may attend to key j". */
type Mask = boolean[][];

/** Linear maps act on the right: Q = X Wq; every matrix is d x d, every bias has d entries. */
interface MHAWeights {
  Wq: Matrix; Wk: Matrix; Wv: Matrix; Wo: Matrix;
  bq: Vector; bk: Vector; bv: Vector; bo: Vector;
}

interface LayerNormParams { gamma: Vector; beta: Vector }

/** W1 is d x d_ff, W2 is d_ff x d. */
interface FeedForwardParams { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector }

/** Pre-LN encoder block: h = x + MHA(LN1(x)), out = h + FFN(LN2(h)). */
interface BlockParams {
  ln1: LayerNormParams;
  attn: MHAWeights;
  ln2: LayerNormParams;
  ffn: FeedForwardParams;
}

interface TinyGPT {
  /** V x d, also the output layer (tied weights). */
  tokenEmbedding: Matrix;
  /** Tmax x d, learned. */
  positionEmbedding: Matrix;
  blocks: BlockParams[];
  lnF: LayerNormParams;
  numHeads: number;
}

interface TinyViT {
  patchSize: number;
  /** (C p p) x D */
  W: Matrix;
  b: Vector;
  cls: Vector;
  /** (N + 1) x D */
  pos: Matrix;
  block: BlockParams;
  lnF: LayerNormParams;
  /** W is D x classes. */
  head: { W: Matrix; b: Vector };
  numHeads: number;
}

interface CostConfig {
  imageSize: number; patchSize: number; channels: number;
  dModel: number; kernelSize: number; convChannels: number;
}

interface CostReport {
  tokens: number; attentionScores: number; attentionFlops: number;
  convParams: number; convFlops: number;
}

interface MlmDraws { select: Vector; action: Vector; randomId: Vector }
interface MlmResult { inputIds: number[]; labels: number[] }

interface PointEmbeddings { notAPoint: Vector; negative: Vector; positive: Vector }
interface BoxEmbeddings { topLeft: Vector; bottomRight: Vector }

/** SAM's Attention with a downsample rate: Wq, Wk, Wv are d x d_int, Wo is d_int x d. */
interface SamAttentionWeights {
  Wq: Matrix; bq: Vector; Wk: Matrix; bk: Vector;
  Wv: Matrix; bv: Vector; Wo: Matrix; bo: Vector;
}

interface TwoWayParams {
  selfAttn: SamAttentionWeights;
  norm1: LayerNormParams;
  crossTokenToImage: SamAttentionWeights;
  norm2: LayerNormParams;
  /** ReLU MLP, W1 is d x mlpDim. */
  mlp: FeedForwardParams;
  norm3: LayerNormParams;
  crossImageToToken: SamAttentionWeights;
  norm4: LayerNormParams;
}

interface TwoWayResult { queries: Matrix; keys: Matrix }

interface SegmentationLosses { focal: number; dice: number; iou: number }

/** Tolerance of a numeric comparison: |actual - expected| <= atol + rtol |expected|. */
interface Tolerance { atol: number; rtol: number }
`;

/** The sandbox's console: output of visible cases is shown under the verdict. */
export const CONSOLE_DECLARATION = `declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
};
`;

/** The compiler options the declarations are written for (the editor should use the same). */
export const LEARNER_COMPILER_OPTIONS = {
  target: 'ES2023',
  lib: ['es2023'],
  module: 'ESNext',
  strict: true,
  noEmit: true,
} as const;

/** Global types + `declare function` lines for the granted helpers (in the given order) + console. */
export function buildDeclarations(helpers: readonly string[]): string {
  const unknown = helpers.filter((h) => !Object.hasOwn(helperDeclarations, h));
  if (unknown.length > 0) {
    throw new Error(`unknown helper${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see engine/helpers.ts)`);
  }
  const helperLines = helpers.map((h) => helperDeclarations[h]).join('\n');
  return [
    '// Attention Lab: the globals available to your code.',
    GLOBAL_TYPES,
    helpers.length > 0 ? `// Helpers granted in this exercise\n${helperLines}\n` : '// No helpers in this exercise.\n',
    CONSOLE_DECLARATION,
  ].join('\n');
}

/** The declarations of one exercise (its granted helpers). */
export function exerciseDeclarations(exercise: { helpers: readonly string[] }): string {
  return buildDeclarations(exercise.helpers);
}
