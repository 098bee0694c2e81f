// Grading a question: the learner's answers (an object keyed by part name), part by part, against
// the answers of their variant. Pure and quick; never throws on what the learner sent.
//
// Rules, per part kind:
// - number, vector, matrix: each number within the part's tolerance. `{ atol, rtol }`:
//   |given - answer| <= atol + rtol |answer|. `{ sigFigs: n }`: the given number rounded to n
//   significant figures equals the answer rounded to n, or lies within half a unit of the answer's
//   n-th significant figure (so 1.235 passes for 1.2349 at 3 s.f.); an answer of 0 needs |given| < 1e-12.
//   A vector or matrix must have the answer's shape exactly. All or nothing.
// - choice: one answer: the right option. Several: score (right picks - wrong picks) / right
//   options, at least 0; passed only with every right option and no wrong one.
// - expression: equal to the answer at 8 points drawn from the variables' ranges (a fixed stream
//   per question and part), |given - answer| <= 1e-12 + rtol |answer| at each.
// A failed part names a misconception when the answer matches that misconception's wrong answer
// (by the same rule) and the misconception differs from the right answer on this variant.
// Messages say what is wrong with the given answer, never what the right answer is: the worked
// solution shows that, separately, after answering.
import { createRng } from '../engine/random.ts';
import type { Answers, ChoicePart, ExpressionPart, NumberTolerance, PartAnswer, PartKind, QuestionDefinition, QuestionPart } from '../exercises/question-types.ts';
import { formatNumber } from '../exercises/question-types.ts';
import { DEFAULT_EXPRESSION_RTOL, questionParams, questionPoints, toleranceOfPart } from '../exercises/question-variant.ts';
import { evaluate, parseExpression, type Expr } from './expression.ts';
import { isBlank, readChoice, readMatrix, readNumber, readVector, type Read } from './question-answers.ts';
import { jsonSafe, round } from './judge.ts';
import type { CaseKind, CaseVerdict, MisconceptionMatch, Verdict } from './verdict.ts';

/** How one part went. */
export interface PartResult {
  part: string;
  kind: PartKind;
  passed: boolean;
  /** Fraction of the part's points earned, 0..1. */
  score: number;
  /** Points earned (score x the part's points). */
  points: number;
  maxPoints: number;
  /** passed | wrong | shape | type (unreadable or missing) | nan */
  status: Extract<CaseKind, 'passed' | 'wrong' | 'shape' | 'type' | 'nan'>;
  message: string;
  misconception?: MisconceptionMatch;
  /** The answer as read (numbers, option ids, the formula's text); absent when it could not be read. */
  given?: PartAnswer;
}

/** Number of points at which two expressions are compared. */
export const EXPRESSION_POINTS = 8;

// ---------------------------------------------------------------------------------------------
// Numbers

const sigRound = (x: number, n: number) => Number(x.toPrecision(n));

/** Whether `given` matches `expected` under the tolerance (non-finite never matches). */
export function numberMatches(given: number, expected: number, t: NumberTolerance): boolean {
  if (!Number.isFinite(given) || !Number.isFinite(expected)) return false;
  if ('sigFigs' in t) {
    if (expected === 0) return Math.abs(given) < 1e-12;
    if (given !== 0 && sigRound(given, t.sigFigs) === sigRound(expected, t.sigFigs)) return true;
    return Math.abs(given - expected) <= halfUnit(expected, t.sigFigs) * (1 + 1e-12);
  }
  return Math.abs(given - expected) <= t.atol + t.rtol * Math.abs(expected);
}

function halfUnit(expected: number, n: number): number {
  const exponent = Math.floor(Math.log10(Math.abs(expected)));
  return 0.5 * Math.pow(10, exponent - n + 1);
}

/** How far off, in units of the tolerance (> 1 fails): picks the worst entry. */
function badness(given: number, expected: number, t: NumberTolerance): number {
  if (!Number.isFinite(given)) return Infinity;
  if (numberMatches(given, expected, t)) return 0;
  const unit = 'sigFigs' in t ? (expected === 0 ? 1e-12 : halfUnit(expected, t.sigFigs)) : t.atol + t.rtol * Math.abs(expected);
  return unit > 0 ? Math.abs(given - expected) / unit : Math.abs(given - expected) > 0 ? Infinity : 0;
}

/** How the numbers were compared, for messages: "to 3 significant figures", "(compared exactly)". */
function describeTol(t: NumberTolerance): string {
  if ('sigFigs' in t) return `to ${t.sigFigs} significant figure${t.sigFigs === 1 ? '' : 's'}`;
  if (t.atol === 0 && t.rtol === 0) return '(compared exactly)';
  if (t.rtol === 0) return `(compared within ${t.atol})`;
  return `(compared within ${t.atol} + ${t.rtol} × |answer|)`;
}

const show = (x: number) => formatNumber(x, 8);

// ---------------------------------------------------------------------------------------------
// Comparisons per kind: null when equal, else what is wrong (without the right answer).

type Mismatch = { status: 'wrong' | 'shape'; message: string; score?: number };

function compareNumbers(given: number[][], expected: number[][], t: NumberTolerance, kind: 'number' | 'vector' | 'matrix'): Mismatch | null {
  if (kind === 'vector' && given[0].length !== expected[0].length) {
    return { status: 'shape', message: `the vector has ${given[0].length} entries, expected ${expected[0].length}` };
  }
  if (kind === 'matrix' && (given.length !== expected.length || given[0].length !== expected[0].length)) {
    return { status: 'shape', message: `the matrix is ${given.length} x ${given[0].length}, expected ${expected.length} x ${expected[0].length}` };
  }
  let off = 0;
  let total = 0;
  let worst = { i: 0, j: 0, bad: -1 };
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i].length; j++) {
      total++;
      const b = badness(given[i][j], expected[i][j], t);
      if (b > 0) {
        off++;
        if (b > worst.bad) worst = { i, j, bad: b };
      }
    }
  }
  if (off === 0) return null;
  const v = given[worst.i][worst.j];
  if (kind === 'number') return { status: 'wrong', message: `${show(v)} is not right ${describeTol(t)}` };
  const where = kind === 'vector' ? `[${worst.j}]` : `[${worst.i}][${worst.j}]`;
  const of = `${off} of ${total} entries ${off === 1 ? 'is' : 'are'} off ${describeTol(t)}`;
  return { status: 'wrong', message: `${of}; the worst is entry ${where}, where you gave ${show(v)}` };
}

function asGrid(x: PartAnswer, kind: 'number' | 'vector' | 'matrix'): number[][] {
  return kind === 'number' ? [[x as number]] : kind === 'vector' ? [x as number[]] : (x as number[][]);
}

/** The fixed points an expression part is compared at; each makes `reference` finite. */
export function expressionPoints(questionId: string, part: ExpressionPart<unknown>, reference: Expr): Record<string, number>[] {
  const rng = createRng(`expression:${questionId}:${part.name}`);
  const points: Record<string, number>[] = [];
  for (let tries = 0; points.length < EXPRESSION_POINTS && tries < 400; tries++) {
    const env: Record<string, number> = {};
    for (const v of part.variables) env[v.name] = v.integer ? rng.int(Math.ceil(v.min), Math.floor(v.max)) : rng.uniform(v.min, v.max);
    if (Number.isFinite(evaluate(reference, env))) points.push(env);
  }
  return points;
}

function compareExpressions(given: Expr, expected: Expr, points: Record<string, number>[], rtol: number): Mismatch | null {
  for (const env of points) {
    const e = evaluate(expected, env);
    const g = evaluate(given, env);
    if (!(Number.isFinite(g) && Math.abs(g - e) <= 1e-12 + rtol * Math.abs(e))) {
      const at = Object.entries(env).map(([k, v]) => `${k} = ${formatNumber(v, 4)}`).join(', ');
      const value = Number.isFinite(g) ? `gives ${show(g)}` : `is not a finite number (${g})`;
      return { status: 'wrong', message: `the formula differs from the answer at ${at || 'every point'}: there it ${value}` };
    }
  }
  return null;
}

function compareChoices(given: string[], expected: string[], multiple: boolean): Mismatch | null {
  const right = new Set(expected);
  const wrong = given.filter((id) => !right.has(id));
  const hits = given.filter((id) => right.has(id)).length;
  const missing = expected.length - hits;
  if (wrong.length === 0 && missing === 0) return null;
  if (!multiple) return { status: 'wrong', message: `option ${given[0]} is not the right one` };
  const parts: string[] = [];
  if (wrong.length > 0) parts.push(`${wrong.join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not right`);
  if (missing > 0) parts.push(`${missing} right option${missing === 1 ? ' is' : 's are'} missing`);
  return { status: 'wrong', message: parts.join('; '), score: Math.max(0, (hits - wrong.length) / expected.length) };
}

// ---------------------------------------------------------------------------------------------
// One part

/** What a part's answer reads as: a comparable value. */
type Readable = { grid: number[][] } | { choice: string[] } | { expr: Expr; text: string };

function readPart(part: QuestionPart, raw: unknown, params: unknown): Read<Readable> {
  switch (part.kind) {
    case 'number': {
      const r = readNumber(raw);
      return r.ok ? { ok: true, value: { grid: [[r.value]] } } : r;
    }
    case 'vector': {
      const r = readVector(raw);
      return r.ok ? { ok: true, value: { grid: [r.value] } } : r;
    }
    case 'matrix': {
      const r = readMatrix(raw);
      return r.ok ? { ok: true, value: { grid: r.value } } : r;
    }
    case 'choice': {
      const r = readChoice(raw, (part as ChoicePart<unknown>).options(params), part.multiple === true);
      return r.ok ? { ok: true, value: { choice: r.value } } : r;
    }
    case 'expression': {
      const p = parseExpression(raw, part.variables.map((v) => v.name));
      return p.ok ? { ok: true, value: { expr: p.expr, text: String(raw).trim() } } : { ok: false, kind: 'type', message: p.error };
    }
  }
}

/** The author's value of a part (an answer or a misconception's) as comparable; throws if it does not fit the part (a bug the check reports). */
function authored(part: QuestionPart, value: PartAnswer, params: unknown): Readable {
  const r = readPart(part, part.kind === 'choice' && !Array.isArray(value) ? [value] : value, params);
  if (!r.ok) throw new Error(`part ${part.name}: the author's value does not fit a ${part.kind} part: ${r.message}`);
  return r.value;
}

function compareReadable(part: QuestionPart, questionId: string, given: Readable, expected: Readable): Mismatch | null {
  if ('grid' in given && 'grid' in expected) return compareNumbers(given.grid, expected.grid, toleranceOfPart(part), part.kind as 'number');
  if ('choice' in given && 'choice' in expected) return compareChoices(given.choice, expected.choice, part.kind === 'choice' && part.multiple === true);
  if ('expr' in given && 'expr' in expected && part.kind === 'expression') {
    return compareExpressions(given.expr, expected.expr, expressionPoints(questionId, part, expected.expr), part.rtol ?? DEFAULT_EXPRESSION_RTOL);
  }
  return { status: 'wrong', message: 'not comparable' };
}

/** Whether two authored values of a part are the same answer by the part's rule (the check uses it). */
export function sameAnswer(q: Pick<QuestionDefinition, 'id'>, part: QuestionPart, a: PartAnswer, b: PartAnswer, params: unknown): boolean {
  return compareReadable(part, q.id, authored(part, a, params), authored(part, b, params)) === null;
}

function givenValue(v: Readable, kind: PartKind): PartAnswer {
  if ('grid' in v) return kind === 'number' ? v.grid[0][0] : kind === 'vector' ? v.grid[0] : v.grid;
  if ('choice' in v) return v.choice;
  return v.text;
}

export function gradePart<P>(q: QuestionDefinition<P>, part: QuestionPart<P>, params: P, answers: Answers, raw: unknown): PartResult {
  const base = { part: part.name, kind: part.kind, maxPoints: part.points };
  const failed = (status: PartResult['status'], message: string, extra: Partial<PartResult> = {}): PartResult => ({
    ...base,
    passed: false,
    score: 0,
    points: 0,
    status,
    message,
    ...extra,
  });
  if (isBlank(raw)) return failed('type', 'no answer given');
  const read = readPart(part, raw, params);
  if (!read.ok) return failed(read.kind, read.message);
  const given = read.value;
  const expected = authored(part, answers[part.name], params);
  const mismatch = compareReadable(part, q.id, given, expected);
  const givenShown = givenValue(given, part.kind);
  if (!mismatch) return { ...base, passed: true, score: 1, points: part.points, status: 'passed', message: 'right', given: givenShown };
  let misconception: MisconceptionMatch | undefined;
  for (const m of q.misconceptions) {
    if (m.part !== part.name) continue;
    let wrong: Readable;
    try {
      wrong = authored(part, m.compute(params), params);
    } catch {
      continue;
    }
    if (compareReadable(part, q.id, wrong, expected) === null) continue; // on this variant it is the right answer
    if (compareReadable(part, q.id, given, wrong) === null) {
      misconception = { id: m.id, title: m.title, hint: m.hint };
      break;
    }
  }
  const score = mismatch.score ?? 0;
  return {
    ...base,
    passed: false,
    score,
    points: score * part.points,
    status: mismatch.status,
    message: mismatch.message,
    given: givenShown,
    ...(misconception ? { misconception } : {}),
  };
}

/** Every part of a variant given its params (answers computed once). */
export function gradeParts<P>(q: QuestionDefinition<P>, params: P, learnerAnswers: unknown): PartResult[] {
  const answers = q.answer(params);
  const object = learnerAnswers !== null && typeof learnerAnswers === 'object' && !Array.isArray(learnerAnswers) ? (learnerAnswers as Record<string, unknown>) : undefined;
  return q.parts.map((part) => {
    if (!object) return gradePartSafe(q, part, params, answers, undefined, 'the answers must be an object keyed by part name');
    return gradePartSafe(q, part, params, answers, Object.hasOwn(object, part.name) ? object[part.name] : undefined);
  });
}

function gradePartSafe<P>(q: QuestionDefinition<P>, part: QuestionPart<P>, params: P, answers: Answers, raw: unknown, overall?: string): PartResult {
  const r = gradePart(q, part, params, answers, raw);
  return overall && r.status === 'type' ? { ...r, message: overall } : r;
}

export interface GradeQuestionOptions {
  /** The content version of the question folder (question-files.ts); '' when absent. */
  version?: string;
}

export interface QuestionGrading {
  verdict: Verdict;
  parts: PartResult[];
}

/** The verdict of a learner's answers, in the exercises' Verdict shape: one case per part, maxScore = the question's points. */
export function gradeQuestion<P>(q: QuestionDefinition<P>, seed: number | string, learnerAnswers: unknown, options: GradeQuestionOptions = {}): QuestionGrading {
  const started = performance.now();
  const parts = gradeParts(q, questionParams(q, seed), learnerAnswers);
  const cases: CaseVerdict[] = parts.map((p) => ({
    name: p.part,
    visible: true,
    passed: p.passed,
    points: round(p.points),
    kind: p.status,
    message: p.message,
    ...(p.misconception ? { misconception: p.misconception } : {}),
    ...(p.given !== undefined ? { actual: jsonSafe(p.given) } : {}),
  }));
  const elapsed = round(performance.now() - started);
  const verdict: Verdict = {
    exerciseId: q.id,
    exerciseVersion: options.version ?? '',
    status: parts.every((p) => p.passed) ? 'passed' : 'failed',
    score: round(parts.reduce((s, p) => s + p.points, 0)),
    maxScore: questionPoints(q),
    cases,
    cpuMs: elapsed,
    wallMs: elapsed,
  };
  return { verdict, parts };
}
