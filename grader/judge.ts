// Judging: what a run of the learner's code did (a SandboxOutcome) becomes a Verdict. The one place
// that decides verdicts: the server grader (grade.ts, after the isolated-vm sandbox) and the
// browser's Run (grader/browser/, after its Web Worker) both call judgeOutcome, so the same
// outcome gives the same cases, messages, misconception matches and hidden/visible rules.
// Pure: no transpiler, no sandbox, no Node; it runs in the browser too.
import type { PreparedCase } from './cases.ts';
import { compare, type CompareOptions } from './compare.ts';
import { matchMisconception, type KnownMistake } from './misconceptions.ts';
import type { CaseOutcome, LoadOutcome, SandboxOutcome } from './sandbox-protocol.ts';
import { importLine } from './source-map.ts';
import type { CaseKind, CaseVerdict, Verdict } from './verdict.ts';

/** The fields of an exercise that judging reads. */
export interface JudgedExercise {
  functionName: string;
  points: number;
  tolerance?: { atol: number; rtol: number };
  exact?: boolean;
  helpers: readonly string[];
  misconceptions: readonly KnownMistake[];
}

export type VerdictHead = Pick<Verdict, 'exerciseId' | 'exerciseVersion' | 'maxScore'>;

/** A 1-based (line, column) of the transpiled code -> the same place in the learner's source. */
export type PositionMap = (line?: number, column?: number) => { line: number; column: number } | undefined;

export interface JudgeInput {
  head: VerdictHead;
  exercise: JudgedExercise;
  /** The learner's source, for messages that point into it (imports, undeclared exports). */
  code: string;
  cases: PreparedCase[];
  outcome: Pick<SandboxOutcome, 'load' | 'cases' | 'console' | 'cpuMs'>;
  position: PositionMap;
  /** Read when the verdict is complete, so the time covers the judging too. */
  wallMs: () => number;
}

/** What a hidden case may say: fixed text, so nothing about the hidden inputs can leak through it. */
const HIDDEN_MESSAGES: Record<CaseKind, string> = {
  passed: 'passed',
  wrong: 'wrong values on this hidden case',
  shape: 'the output has the wrong shape on this hidden case',
  type: 'the output has the wrong type on this hidden case',
  nan: 'the output contains NaN or Infinity on this hidden case',
  mutated: 'your function changed its inputs on this hidden case; copy them before modifying',
  threw: 'your function threw an error on this hidden case',
  timeout: 'your function took longer than the time limit on this hidden case',
  memory: 'your function ran out of memory on this hidden case',
  invalid_output: 'your function returned something other than plain data (numbers, strings, booleans, arrays, plain objects) on this hidden case',
  missing_export: 'the function is not exported',
};

export function judgeOutcome({ head, exercise, code, cases, outcome, position, wallMs: elapsed }: JudgeInput): Verdict {
  const load = outcome.load;
  if (!load.ok) {
    if (load.kind === 'internal') return errorVerdict(head, load.message, elapsed());
    if (load.kind === 'syntax') {
      const at = position(load.line, load.column) ?? { line: 1, column: 1 };
      return { ...head, status: 'compile_error', score: 0, cases: [], compileError: { message: load.message, ...at }, cpuMs: round(outcome.cpuMs), wallMs: elapsed() };
    }
    if (load.kind === 'import') {
      const specifier = load.specifiers?.[0] ?? '';
      const granted = exercise.helpers.length ? `granted helpers are globals: ${exercise.helpers.join(', ')}` : 'this exercise grants no helpers';
      const message = `imports are not available (${JSON.stringify(specifier)}); ${granted}`;
      return { ...head, status: 'compile_error', score: 0, cases: [], compileError: { message, ...importLine(code, specifier) }, cpuMs: round(outcome.cpuMs), wallMs: elapsed() };
    }
  }

  if (load.ok && outcome.cases.length !== cases.length) {
    return errorVerdict(head, `the sandbox answered ${outcome.cases.length} of ${cases.length} cases`, elapsed());
  }
  const compareOptions: CompareOptions = { tolerance: exercise.tolerance, exact: exercise.exact };
  const verdicts = cases.map((c, i): CaseVerdict => {
    if (!load.ok) return loadFailureCase(c, load, position, code, exercise.functionName);
    return judgeCase(c, outcome.cases[i], exercise, compareOptions, position);
  });
  const passed = verdicts.filter((v) => v.passed).length;
  const points = verdicts.length ? exercise.points / verdicts.length : 0;
  for (const v of verdicts) v.points = v.passed ? round(points) : 0;
  return {
    ...head,
    status: verdicts.length > 0 && passed === verdicts.length ? 'passed' : 'failed',
    score: round(passed * points),
    cases: verdicts,
    ...(outcome.console ? { console: outcome.console } : {}),
    cpuMs: round(outcome.cpuMs),
    wallMs: elapsed(),
  };
}

function judgeCase(c: PreparedCase, o: CaseOutcome, exercise: JudgedExercise, options: CompareOptions, position: PositionMap): CaseVerdict {
  const shown = c.visible ? { input: jsonSafe(c.args) as unknown[], expected: jsonSafe(c.expected) } : {};
  const fail = (kind: CaseKind, message: string, extra: Partial<CaseVerdict> = {}): CaseVerdict => ({
    name: c.name,
    visible: c.visible,
    passed: false,
    points: 0,
    kind,
    message: c.visible ? message : HIDDEN_MESSAGES[kind],
    ...extra,
    ...shown,
  });
  switch (o.status) {
    case 'threw': {
      const at = position(o.line, o.column);
      return fail('threw', `threw ${o.message}${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
    }
    case 'timeout':
      return fail('timeout', o.message);
    case 'memory':
      return fail('memory', o.message);
    case 'invalid':
      return fail('invalid_output', o.message);
    case 'ok':
      break;
  }
  const actual = c.visible ? { actual: jsonSafe(o.value) } : {};
  if (o.mutated) {
    return fail('mutated', `your function changed its input: ${o.mutated}; copy inputs before changing them (e.g. row.slice())`, actual);
  }
  const mismatch = compare(c.expected, o.value, options);
  if (!mismatch) return { name: c.name, visible: c.visible, passed: true, points: 0, kind: 'passed', message: 'passed', ...shown, ...actual };
  const misconception = mismatch.kind === 'type' ? undefined : matchMisconception(exercise.misconceptions, c, o.value, options);
  const worst = c.visible && mismatch.kind === 'wrong' && mismatch.worst ? { worst: mismatch.worst } : {};
  return fail(mismatch.kind, mismatch.message, { ...worst, ...(misconception ? { misconception } : {}), ...actual });
}

function loadFailureCase(c: PreparedCase, load: Exclude<LoadOutcome, { ok: true }>, position: PositionMap, code: string, functionName: string): CaseVerdict {
  // the module loads before any case runs, so what it says cannot depend on hidden inputs
  let kind: CaseKind;
  let message: string;
  switch (load.kind) {
    case 'missing_export': {
      kind = 'missing_export';
      const declared =
        !load.exports?.includes(functionName) &&
        new RegExp(`\\bfunction\\s+${functionName}\\b|\\b(const|let|var)\\s+${functionName}\\b`).test(code);
      message = load.message + (declared ? `; \`${functionName}\` is declared but not exported: add \`export\`` : '');
      break;
    }
    case 'timeout':
      kind = 'timeout';
      message = load.message;
      break;
    case 'memory':
      kind = 'memory';
      message = `loading the module ${load.message}`;
      break;
    default: {
      kind = 'threw';
      const at = position(load.line, load.column);
      message = `the module threw while loading: ${load.message}${at ? ` (line ${at.line}, column ${at.column})` : ''}`;
    }
  }
  const shown = c.visible ? { input: jsonSafe(c.args) as unknown[], expected: jsonSafe(c.expected) } : {};
  return { name: c.name, visible: c.visible, passed: false, points: 0, kind, message, ...shown };
}

export function errorVerdict(head: VerdictHead, error: string, wallMs: number): Verdict {
  return { ...head, status: 'error', score: 0, cases: [], error, cpuMs: 0, wallMs };
}

/** A verdict for code that did not compile (the transpiler's error, already in source positions). */
export function compileErrorVerdict(head: VerdictHead, compileError: Verdict['compileError'] & object, wallMs: number): Verdict {
  return { ...head, status: 'compile_error', score: 0, cases: [], compileError, cpuMs: 0, wallMs };
}

/** The verdict is stored and sent as JSON: NaN and the infinities become the strings "NaN", "Infinity", "-Infinity". */
export function jsonSafe(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  if (Array.isArray(x)) return x.map(jsonSafe);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) Object.defineProperty(out, k, { value: jsonSafe(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return x;
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
