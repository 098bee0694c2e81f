// The `attention-lab` module: everything an exercise folder may import. An authored exercise
// (outside the app's tree) imports from this module only; the grader bundles it into the isolate
// that runs the exercise's own code, so the names below are the whole surface an author can reach.
//
// - defineExercise and the definition types;
// - the engine's math under its engine names (matmul, transpose, softmax, attention, layerNorm, ...),
//   each with the options that name its classic wrong variants (softmax(x, { stable: false }));
// - seeded randomness (the Rng type, createRng) and the generators of engine/generate.ts
//   (vector, matrix, causalMask, paddingMask, weight, ...);
// - helpers for cases people read: shortVector, shortMatrix, round, roundAll;
// - the figure types a figures.ts returns;
// - defineQuestion, the question types and the formatting helpers of prompt and solution templates
//   (formatNumber, texMatrix, lettered, ...), for a question folder's question.ts.
export * from '../engine/types.ts';
export * from '../engine/random.ts';
export * from '../engine/linalg.ts';
export * from '../engine/softmax.ts';
export * from '../engine/special.ts';
export * from '../engine/tokens.ts';
export * from '../engine/attention.ts';
export * from '../engine/position.ts';
export * from '../engine/transformer.ts';
export * from '../engine/llm.ts';
export * from '../engine/vision.ts';
export * from '../engine/sam.ts';
export * from '../engine/allclose.ts';
export * from '../engine/generate.ts';
export * as generate from '../engine/generate.ts';
export * from './cases.ts';
export { defineExercise } from './types.ts';
export type { CaseSpec, ExerciseDefinition, ExerciseInput, Misconception } from './types.ts';
export type { Figure, FigureSet, HeatmapFigure } from './figures.ts';
export { defineQuestion, EXACT_NUMBER, formatNumber, lettered, optionIds, roundTo, texMatrix, texNumber, texVector, textVector } from './question-types.ts';
export type {
  Answers,
  ChoiceOption,
  ChoicePart,
  ExpressionPart,
  MatrixPart,
  NumberPart,
  NumberTolerance,
  PartAnswer,
  QuestionDefinition,
  QuestionInput,
  QuestionMisconception,
  QuestionPart,
  TemplateValues,
  VariableRange,
  VectorPart,
} from './question-types.ts';
