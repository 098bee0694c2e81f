// Every exercise, statically imported so bundlers (Next, the browser) see them all, in curriculum
// order; `npm run exercises:check` reports a folder missing here or a figures.ts not imported.
// Adding an exercise: import its exercise.ts (and its figures.ts, if any) and add its entry below.
import type { FigureSet } from './figures.ts';
import type { ExerciseDefinition } from './types.ts';

import foundationsDotProduct from './foundations/dot-product/exercise.ts';
import foundationsCosineSimilarity from './foundations/cosine-similarity/exercise.ts';
import foundationsMatmul from './foundations/matmul/exercise.ts';
import foundationsSoftmax from './foundations/softmax/exercise.ts';
import tokensWordpiece from './tokens/wordpiece/exercise.ts';
import tokensEmbeddingLookup from './tokens/embedding-lookup/exercise.ts';
import tokensMlmMasking from './tokens/mlm-masking/exercise.ts';
import tokensMlmLoss from './tokens/mlm-loss/exercise.ts';
import attentionQkv from './attention/qkv/exercise.ts';
import attentionScores from './attention/scores/exercise.ts';
import attentionScaledDotProduct from './attention/scaled-dot-product/exercise.ts';
import attentionMasks from './attention/masks/exercise.ts';
import attentionMultiHead from './attention/multi-head/exercise.ts';
import positionSinusoidal from './position/sinusoidal/exercise.ts';
import positionRelativeShift from './position/relative-shift/exercise.ts';
import positionEmbedWithPositions from './position/embed-with-positions/exercise.ts';
import transformerLayerNorm from './transformer/layer-norm/exercise.ts';
import transformerGelu from './transformer/gelu/exercise.ts';
import transformerFeedForward from './transformer/feed-forward/exercise.ts';
import transformerEncoderBlock from './transformer/encoder-block/exercise.ts';
import llmNextToken from './llm/next-token/exercise.ts';
import llmTopKSample from './llm/top-k-sample/exercise.ts';
import llmGreedyDecode from './llm/greedy-decode/exercise.ts';
import visionConv2d from './vision/conv2d/exercise.ts';
import visionPatchify from './vision/patchify/exercise.ts';
import visionPatchEmbedding from './vision/patch-embedding/exercise.ts';
import visionVitEmbeddings from './vision/vit-embeddings/exercise.ts';
import visionCostModel from './vision/cost-model/exercise.ts';
import visionVitClassify from './vision/vit-classify/exercise.ts';
import samFourierFeatures from './sam/fourier-features/exercise.ts';
import samPointPrompts from './sam/point-prompts/exercise.ts';
import samBoxPrompts from './sam/box-prompts/exercise.ts';
import samDensePositionalEncoding from './sam/dense-positional-encoding/exercise.ts';
import samPromptImageAttention from './sam/prompt-image-attention/exercise.ts';
import samTwoWayBlock from './sam/two-way-block/exercise.ts';
import samMaskLogits from './sam/mask-logits/exercise.ts';
import samLosses from './sam/losses/exercise.ts';

import { figures as attentionScaledDotProductFigures } from './attention/scaled-dot-product/figures.ts';
import { figures as attentionMasksFigures } from './attention/masks/figures.ts';
import { figures as attentionMultiHeadFigures } from './attention/multi-head/figures.ts';
import { figures as positionSinusoidalFigures } from './position/sinusoidal/figures.ts';
import { figures as positionRelativeShiftFigures } from './position/relative-shift/figures.ts';
import { figures as transformerEncoderBlockFigures } from './transformer/encoder-block/figures.ts';
import { figures as llmGreedyDecodeFigures } from './llm/greedy-decode/figures.ts';
import { figures as visionConv2dFigures } from './vision/conv2d/figures.ts';
import { figures as visionPatchifyFigures } from './vision/patchify/figures.ts';
import { figures as samFourierFeaturesFigures } from './sam/fourier-features/figures.ts';
import { figures as samDensePositionalEncodingFigures } from './sam/dense-positional-encoding/figures.ts';

export interface ExerciseEntry {
  /** `<module>/<slug>`: the folder the definition was imported from. */
  folder: string;
  definition: ExerciseDefinition;
  figures?: FigureSet;
}

export const entries: readonly ExerciseEntry[] = [
  { folder: 'foundations/dot-product', definition: foundationsDotProduct },
  { folder: 'foundations/cosine-similarity', definition: foundationsCosineSimilarity },
  { folder: 'foundations/matmul', definition: foundationsMatmul },
  { folder: 'foundations/softmax', definition: foundationsSoftmax },
  { folder: 'tokens/wordpiece', definition: tokensWordpiece },
  { folder: 'tokens/embedding-lookup', definition: tokensEmbeddingLookup },
  { folder: 'tokens/mlm-masking', definition: tokensMlmMasking },
  { folder: 'tokens/mlm-loss', definition: tokensMlmLoss },
  { folder: 'attention/qkv', definition: attentionQkv },
  { folder: 'attention/scores', definition: attentionScores },
  { folder: 'attention/scaled-dot-product', definition: attentionScaledDotProduct, figures: attentionScaledDotProductFigures },
  { folder: 'attention/masks', definition: attentionMasks, figures: attentionMasksFigures },
  { folder: 'attention/multi-head', definition: attentionMultiHead, figures: attentionMultiHeadFigures },
  { folder: 'position/sinusoidal', definition: positionSinusoidal, figures: positionSinusoidalFigures },
  { folder: 'position/relative-shift', definition: positionRelativeShift, figures: positionRelativeShiftFigures },
  { folder: 'position/embed-with-positions', definition: positionEmbedWithPositions },
  { folder: 'transformer/layer-norm', definition: transformerLayerNorm },
  { folder: 'transformer/gelu', definition: transformerGelu },
  { folder: 'transformer/feed-forward', definition: transformerFeedForward },
  { folder: 'transformer/encoder-block', definition: transformerEncoderBlock, figures: transformerEncoderBlockFigures },
  { folder: 'llm/next-token', definition: llmNextToken },
  { folder: 'llm/top-k-sample', definition: llmTopKSample },
  { folder: 'llm/greedy-decode', definition: llmGreedyDecode, figures: llmGreedyDecodeFigures },
  { folder: 'vision/conv2d', definition: visionConv2d, figures: visionConv2dFigures },
  { folder: 'vision/patchify', definition: visionPatchify, figures: visionPatchifyFigures },
  { folder: 'vision/patch-embedding', definition: visionPatchEmbedding },
  { folder: 'vision/vit-embeddings', definition: visionVitEmbeddings },
  { folder: 'vision/cost-model', definition: visionCostModel },
  { folder: 'vision/vit-classify', definition: visionVitClassify },
  { folder: 'sam/fourier-features', definition: samFourierFeatures, figures: samFourierFeaturesFigures },
  { folder: 'sam/point-prompts', definition: samPointPrompts },
  { folder: 'sam/box-prompts', definition: samBoxPrompts },
  { folder: 'sam/dense-positional-encoding', definition: samDensePositionalEncoding, figures: samDensePositionalEncodingFigures },
  { folder: 'sam/prompt-image-attention', definition: samPromptImageAttention },
  { folder: 'sam/two-way-block', definition: samTwoWayBlock },
  { folder: 'sam/mask-logits', definition: samMaskLogits },
  { folder: 'sam/losses', definition: samLosses },
];
