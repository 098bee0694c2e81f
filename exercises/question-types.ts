// The shape of one question's definition (`question.ts` of a question folder:
// `export default defineQuestion({...})`). A question is answered, not programmed: the learner
// types numbers, a vector or matrix, picks options, or writes a short formula, one answer per
// part. `generate(rng)` draws the learner's parameters from their seed, `answer(params)` computes
// the right answers with the engine, and each misconception is a classic wrong answer of one part.
//
// A question folder (`exercises/<module>/<slug>/`, next to the exercises, ids unique across both):
//   question.ts   export default defineQuestion({...})
//   prompt.md     the question, `{{name}}` placeholders filled from params and `text(params)`
//   solution.md   the worked solution, shown after answering; also `{{answer.<part>}}` and `worked(params)`
// See docs/authoring.md, "Questions".
import type { Rng } from '../engine/random.ts';

/** Comparison of one number: `|given - answer| <= atol + rtol |answer|`, or significant figures (see grader/question-grade.ts). */
export type NumberTolerance = { atol: number; rtol: number } | { sigFigs: number };

/** Exactly equal (counts, sizes, indices). */
export const EXACT_NUMBER: NumberTolerance = Object.freeze({ atol: 0, rtol: 0 });

/** Every part has a name (the key of the learner's answer object), a label and its points. */
interface PartBase<P> {
  /** The key of this part in the answers object; an identifier (`variance`, `probs`). */
  name: string;
  /** What the part asks, in one line of Markdown (KaTeX allowed; the prompt's `{{placeholders}}` too): "$\operatorname{Var}(q \cdot k)$". */
  label: string;
  /** Points of this part; the question is worth the sum. Partial credit is per part. */
  points: number;
  /** Optional note shown with the input ("to 3 significant figures"). Defaults from the tolerance. */
  note?: string;
  /** Only to type `P` in the part's functions; never set. */
  readonly _params?: P;
}

/** One real number. Learners type "0.125", "1/8", "1e-3", "-2.5" or "1,024". */
export interface NumberPart<P> extends PartBase<P> {
  kind: 'number';
  /** Default: atol 1e-6, rtol 1e-5 (the exercises' default). */
  tolerance?: NumberTolerance;
}

/** A vector of numbers, entry by entry with the tolerance; its length is the right answer's. */
export interface VectorPart<P> extends PartBase<P> {
  kind: 'vector';
  tolerance?: NumberTolerance;
}

/** A matrix `[row][col]`, entry by entry with the tolerance; its shape is the right answer's. */
export interface MatrixPart<P> extends PartBase<P> {
  kind: 'matrix';
  tolerance?: NumberTolerance;
}

export interface ChoiceOption {
  /** Short id the learner answers with: "a", "b", ... */
  id: string;
  /** Markdown with KaTeX. */
  label: string;
}

/** Multiple choice. `answer` gives an option id (one answer) or ids (`multiple`). */
export interface ChoicePart<P> extends PartBase<P> {
  kind: 'choice';
  /** Several right options: the learner picks every right one (partial credit, see the grader). */
  multiple?: boolean;
  /** The options of a variant (shuffle them with a seed kept in params, never by their meaning). */
  options: (params: P) => ChoiceOption[];
}

/** The range a variable of an expression is sampled from when two expressions are compared. */
export interface VariableRange {
  name: string;
  min: number;
  max: number;
  /** Only whole numbers (sizes): sampled among the integers of [min, max]. */
  integer?: boolean;
}

/**
 * A short formula in the given variables: numbers, the variables, + - * / ^, parentheses, unary
 * minus, sqrt, exp, log (natural), sin, cos, pi, e. The answer is an expression string in the same
 * language; two expressions are equal when they agree at random points of the ranges.
 */
export interface ExpressionPart<P> extends PartBase<P> {
  kind: 'expression';
  variables: VariableRange[];
  /** Relative tolerance at each point; default 1e-6. */
  rtol?: number;
}

/** Names an expression variable may not take: the functions and constants of the formula language (grader/expression.ts). */
export const EXPRESSION_RESERVED_NAMES: readonly string[] = ['sqrt', 'exp', 'log', 'ln', 'sin', 'cos', 'pi', 'e'];

export type QuestionPart<P = any> = NumberPart<P> | VectorPart<P> | MatrixPart<P> | ChoicePart<P> | ExpressionPart<P>;
export type PartKind = QuestionPart['kind'];

/** The right answer of a part of each kind. */
export type PartAnswer = number | number[] | number[][] | string | string[];
export type Answers = Record<string, PartAnswer>;

/** A classic wrong answer of one part, computed from the params, and the hint shown when a learner gives it. */
export interface QuestionMisconception<P = any> {
  id: string; // kebab-case, unique within the question
  title: string; // "the variances added instead of multiplied"
  hint: string; // what to check, in the learner's words; never the answer
  /** The part it belongs to. */
  part: string;
  /** The wrong answer of that part, in the part's answer type. */
  compute: (params: P) => PartAnswer;
}

/** Values placed in a template: numbers are formatted (see formatValue), strings go in as they are. */
export type TemplateValues = Record<string, string | number>;

export interface QuestionDefinition<P = any> {
  id: string; // "<module>/<slug>", kebab-case, unique across exercises and questions
  title: string;
  /** Position inside the module's questions, 1-based. */
  order: number;
  /** Exercises whose derivation the question draws on (ids); informative. */
  exercises?: string[];
  parts: QuestionPart<P>[];
  /** A learner's parameters from their seed; plain JSON data (they are shown with the prompt). Never put answers in them. */
  generate: (rng: Rng) => P;
  /** The right answer of every part, computed with the engine. */
  answer: (params: P) => Answers;
  /** Placeholder values for prompt.md and solution.md beyond params' own scalar fields (formatted inputs: matrices in TeX, ...). No answers. */
  text?: (params: P) => TemplateValues;
  /** Placeholder values for solution.md only: intermediate results of the worked solution. */
  worked?: (params: P) => TemplateValues;
  misconceptions: QuestionMisconception<P>[];
}

/** What question.ts writes: misconceptions may be left out (none). */
export type QuestionInput<P> = Omit<QuestionDefinition<P>, 'misconceptions'> & { misconceptions?: QuestionMisconception<P>[] };

export function defineQuestion<P>(def: QuestionInput<P>): QuestionDefinition<P> {
  return { ...def, misconceptions: def.misconceptions ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers for `text` and `worked` (pure; TeX for inside $...$).

/** A number for prose and TeX: whole numbers in full, others to `digits` significant figures (trailing zeros dropped). */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const s = x.toPrecision(digits);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    return `${trimZeros(m)}e${e}`;
  }
  return trimZeros(s);
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A number in TeX: 1.5e-7 becomes 1.5 \times 10^{-7}; whole numbers get thin-space thousands groups. */
export function texNumber(x: number, digits = 6): string {
  const s = formatNumber(x, digits);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${Number(m[2])}}`;
  if (/^-?\d{5,}$/.test(s)) return s.replace(/\B(?=(\d{3})+(?!\d))/g, '\\,');
  return s;
}

/** A matrix in TeX (bmatrix), entries formatted with texNumber or given as strings. */
export function texMatrix(M: readonly (readonly (number | string)[])[], digits = 4): string {
  const rows = M.map((row) => row.map((v) => (typeof v === 'number' ? texNumber(v, digits) : v)).join(' & '));
  return `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`;
}

/** A vector in TeX as a row: (1, 2, 3). */
export function texVector(v: readonly (number | string)[], digits = 4): string {
  return `(${v.map((x) => (typeof x === 'number' ? texNumber(x, digits) : x)).join(',\\ ')})`;
}

/** A vector as plain text: [1, 2, 3]. */
export function textVector(v: readonly number[], digits = 6): string {
  return `[${v.map((x) => formatNumber(x, digits)).join(', ')}]`;
}

/** Option ids a, b, c, ... */
export function optionIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
}

/** x rounded to `decimals` places (for drawing readable parameters). */
export function roundTo(x: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  return Math.round(x * f) / f;
}

/** Options a, b, c, ... from labels, in the order given (shuffle the labels first, with a seed in params). */
export function lettered(labels: readonly string[]): ChoiceOption[] {
  const ids = optionIds(labels.length);
  return labels.map((label, i) => ({ id: ids[i], label }));
}
