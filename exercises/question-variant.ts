// One learner's variant of a question: its params from the seed, the prompt with them substituted,
// the parts as the answer form needs them (never the answers), and the worked solution. Pure (the
// templates are passed in; question-files.ts reads them from the folder).
//
// Templates use `{{name}}` placeholders:
//   prompt.md    the params' own fields whose values are numbers or strings, and `text(params)`
//   solution.md  the same, plus `worked(params)` and `{{answer.<part>}}`
// A placeholder with no value is an error (the check reports it), so the prompt cannot name an answer.
// Numbers are written with formatNumber (6 significant figures, whole numbers in full); strings go in
// as they are. `{{answer.<part>}}` of a vector or matrix is TeX (put it inside $...$), of a choice
// the option id(s), of an expression its text.
import { createRng } from '../engine/random.ts';
import {
  EXACT_NUMBER,
  formatNumber,
  texMatrix,
  texVector,
  type Answers,
  type ChoiceOption,
  type NumberTolerance,
  type PartAnswer,
  type PartKind,
  type QuestionDefinition,
  type QuestionPart,
  type TemplateValues,
  type VariableRange,
} from './question-types.ts';

/** The tolerance of number, vector and matrix parts that name none. */
export const DEFAULT_NUMBER_TOLERANCE: NumberTolerance = Object.freeze({ atol: 1e-6, rtol: 1e-5 });
/** Relative tolerance of expression parts that name none. */
export const DEFAULT_EXPRESSION_RTOL = 1e-6;

/** The rng seed of a learner's variant: `question:<id>:<seed>`. */
export function questionSeed(id: string, seed: number | string): string {
  return `question:${id}:${seed}`;
}

/** The params of a learner's variant (same seed, same params, always). */
export function questionParams<P>(q: QuestionDefinition<P>, seed: number | string): P {
  return q.generate(createRng(questionSeed(q.id, seed)));
}

export function toleranceOfPart(part: QuestionPart): NumberTolerance {
  return part.kind === 'number' || part.kind === 'vector' || part.kind === 'matrix' ? (part.tolerance ?? DEFAULT_NUMBER_TOLERANCE) : EXACT_NUMBER;
}

/** "to 3 significant figures", "exactly", "to within 1e-6 + 1e-5 x |answer|". */
export function describeTolerance(t: NumberTolerance): string {
  if ('sigFigs' in t) return `to ${t.sigFigs} significant figure${t.sigFigs === 1 ? '' : 's'}`;
  if (t.atol === 0 && t.rtol === 0) return 'exactly';
  if (t.rtol === 0) return `to within ${t.atol}`;
  if (t.atol === 0) return `to within a relative ${t.rtol}`;
  return `to within ${t.atol} + ${t.rtol} × |answer|`;
}

/** A part as the answer form needs it: what to type, never the answer. */
export interface PartSpec {
  name: string;
  kind: PartKind;
  label: string;
  points: number;
  /** How it is compared, in words ("to 3 significant figures"; for a vector, per entry). */
  note: string;
  /** choice */
  options?: ChoiceOption[];
  multiple?: boolean;
  /** vector: its number of entries */
  length?: number;
  /** matrix: [rows, columns] */
  shape?: [number, number];
  /** expression: the variables it may use */
  variables?: VariableRange[];
}

export interface QuestionVariant<P = unknown> {
  questionId: string;
  title: string;
  seed: number | string;
  /** The sum of the parts' points. */
  points: number;
  params: P;
  /** prompt.md with the params substituted (Markdown with KaTeX). */
  prompt: string;
  parts: PartSpec[];
}

export function questionPoints(q: Pick<QuestionDefinition, 'parts'>): number {
  return Math.round(q.parts.reduce((s, p) => s + p.points, 0) * 100) / 100;
}

function partSpec<P>(part: QuestionPart<P>, params: P, answer: PartAnswer | undefined): PartSpec {
  const base = { name: part.name, kind: part.kind, label: part.label, points: part.points };
  switch (part.kind) {
    case 'number':
      return { ...base, note: part.note ?? describeTolerance(toleranceOfPart(part)) };
    case 'vector':
      return { ...base, note: part.note ?? `each entry ${describeTolerance(toleranceOfPart(part))}`, length: Array.isArray(answer) ? answer.length : undefined };
    case 'matrix': {
      const M = answer as number[][] | undefined;
      return { ...base, note: part.note ?? `each entry ${describeTolerance(toleranceOfPart(part))}`, shape: Array.isArray(M) && Array.isArray(M[0]) ? [M.length, M[0].length] : undefined };
    }
    case 'choice':
      return { ...base, note: part.note ?? (part.multiple ? 'pick every right option' : 'pick one option'), options: part.options(params), multiple: part.multiple === true };
    case 'expression':
      return { ...base, note: part.note ?? `a formula in ${part.variables.map((v) => v.name).join(', ')}`, variables: part.variables.map((v) => ({ ...v })) };
  }
}

/** Placeholder values of the prompt: the params' scalar fields, then text(params). */
export function promptValues<P>(q: QuestionDefinition<P>, params: P): TemplateValues {
  const own: TemplateValues = {};
  if (params && typeof params === 'object') {
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
      if (typeof v === 'number' || typeof v === 'string') own[k] = v;
    }
  }
  return { ...own, ...(q.text ? q.text(params) : {}) };
}

/** An answer as it appears in the worked solution. */
export function formatAnswer(part: QuestionPart, value: PartAnswer): string {
  switch (part.kind) {
    case 'number':
      return formatNumber(value as number);
    case 'vector':
      return texVector(value as number[], 6);
    case 'matrix':
      return texMatrix(value as number[][], 6);
    case 'choice':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'expression':
      return String(value);
  }
}

/** Fills `{{name}}` placeholders; throws naming every placeholder without a value. */
export function fillTemplate(template: string, values: TemplateValues, what = 'template'): string {
  const missing = new Set<string>();
  const out = template.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_m, name: string) => {
    if (!Object.hasOwn(values, name)) {
      missing.add(name);
      return '';
    }
    const v = values[name];
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
  if (missing.size > 0) throw new Error(`${what}: no value for ${[...missing].map((m) => `{{${m}}}`).join(', ')}`);
  return out;
}

/** The variant a learner with this seed gets (prompt.md's text is the template). */
export function questionVariant<P>(q: QuestionDefinition<P>, seed: number | string, promptTemplate: string): QuestionVariant<P> {
  const params = questionParams(q, seed);
  const answers = q.answer(params);
  const values = promptValues(q, params);
  return {
    questionId: q.id,
    title: q.title,
    seed,
    points: questionPoints(q),
    params,
    prompt: fillTemplate(promptTemplate, values, 'prompt.md'),
    // labels may use the prompt's placeholders too
    parts: q.parts.map((part) => ({ ...partSpec(part, params, answers[part.name]), label: fillTemplate(part.label, values, `label of part ${part.name}`) })),
  };
}

/** The worked solution of a variant (solution.md's text is the template), with the answers. Show it only after answering. */
export function workedSolution<P>(q: QuestionDefinition<P>, seed: number | string, solutionTemplate: string): string {
  const params = questionParams(q, seed);
  return workedSolutionOf(q, params, q.answer(params), solutionTemplate);
}

export function workedSolutionOf<P>(q: QuestionDefinition<P>, params: P, answers: Answers, solutionTemplate: string): string {
  const values: TemplateValues = { ...promptValues(q, params), ...(q.worked ? q.worked(params) : {}) };
  for (const part of q.parts) {
    if (Object.hasOwn(answers, part.name)) values[`answer.${part.name}`] = formatAnswer(part, answers[part.name]);
  }
  return fillTemplate(solutionTemplate, values, 'solution.md');
}
