// grade(exercise, code) -> Verdict: transpile, prepare the cases and their expected outputs on the
// host, run the submission in a sandbox worker, then judge every case.
import { references } from '../engine/registry.ts';
import type { ExerciseDefinition } from '../exercises/types.ts';
import { encodedArgs, prepareCases, type PreparedCase, type ReferenceFunction } from './cases.ts';
import { compare, type CompareOptions } from './compare.ts';
import { matchMisconception, type KnownMistake } from './misconceptions.ts';
import { defaultPool, type SandboxPool } from './pool.ts';
import type { CaseOutcome, LoadOutcome, SandboxJob } from './sandbox-protocol.ts';
import { importLine, originalPosition, transpile } from './transpile.ts';
import type { CaseKind, CaseVerdict, Verdict } from './verdict.ts';

export const DEFAULT_LIMITS = { perCaseMs: 2000, totalMs: 10_000, memoryMb: 128 };

/** A definition graded with host-side cases and reference (the built-in exercises, test fixtures). */
export type GradableExercise = Omit<ExerciseDefinition, 'reference'> & {
  /** Content hash of the exercise (the catalog's); '' when absent. */
  version?: string;
  /** The reference; default: the engine registry's entry for exercise.id. */
  reference?: ReferenceFunction;
  prepare?: undefined;
};

/** An exercise whose cases, expected outputs and misconception outputs are computed elsewhere
 *  (an authored exercise's own isolate, grader/content); the grader only compares. */
export type PreparedExercise = Pick<ExerciseDefinition, 'id' | 'functionName' | 'points' | 'tolerance' | 'exact' | 'timeLimitMs' | 'helpers'> & {
  misconceptions: readonly KnownMistake[];
  version?: string;
  prepare: (seed: number | string, visibleOnly: boolean) => Promise<PreparedCase[]>;
};

export type AnyGradable = GradableExercise | PreparedExercise;

export interface GradeOptions {
  /** The learner's seed for hidden cases; default 0. */
  seed?: number | string;
  /** Only the visible cases (the editor's "run"). */
  visibleOnly?: boolean;
  /** Default: the process-wide pool. */
  pool?: SandboxPool;
  memoryMb?: number;
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

/** Never rejects: anything that goes wrong in the grader itself becomes status "error". */
export async function grade(exercise: AnyGradable, code: string, options: GradeOptions = {}): Promise<Verdict> {
  const started = performance.now();
  const head = { exerciseId: exercise.id, exerciseVersion: exercise.version ?? '', maxScore: exercise.points };
  try {
    return await gradeUnsafe(exercise, code, options, head, started);
  } catch (err) {
    return errorVerdict(head, `grader failure: ${err instanceof Error ? err.message : String(err)}`, round(performance.now() - started));
  }
}

type Head = Pick<Verdict, 'exerciseId' | 'exerciseVersion' | 'maxScore'>;

async function gradeUnsafe(exercise: AnyGradable, code: string, options: GradeOptions, head: Head, started: number): Promise<Verdict> {
  const wallMs = () => round(performance.now() - started);

  const transpiled = await transpile(code);
  if (!transpiled.ok) {
    return { ...head, status: 'compile_error', score: 0, cases: [], compileError: transpiled.error, cpuMs: 0, wallMs: wallMs() };
  }

  let cases: PreparedCase[];
  try {
    if (exercise.prepare) {
      cases = await exercise.prepare(options.seed ?? 0, options.visibleOnly === true);
    } else {
      const reference = exercise.reference ?? references[exercise.id];
      if (!reference) return errorVerdict(head, `no reference implementation for ${exercise.id}`, wallMs());
      cases = prepareCases(exercise, reference, options.seed ?? 0, options.visibleOnly === true);
    }
  } catch (err) {
    return errorVerdict(head, err instanceof Error ? err.message : String(err), wallMs());
  }

  const job: SandboxJob = {
    code: transpiled.js,
    functionName: exercise.functionName,
    helpers: exercise.helpers,
    cases: cases.map((c) => ({ args: encodedArgs(c), visible: c.visible })),
    limits: {
      perCaseMs: exercise.timeLimitMs?.perCase ?? DEFAULT_LIMITS.perCaseMs,
      totalMs: exercise.timeLimitMs?.total ?? DEFAULT_LIMITS.totalMs,
      memoryMb: options.memoryMb ?? DEFAULT_LIMITS.memoryMb,
    },
  };
  const result = await (options.pool ?? defaultPool()).run(job);
  if (!result.ok) return errorVerdict(head, result.error, wallMs());
  const outcome = result.outcome;
  const position = (line?: number, column?: number) =>
    line === undefined || column === undefined ? undefined : originalPosition(transpiled.mappings, line, column);

  const load = outcome.load;
  if (!load.ok) {
    if (load.kind === 'internal') return errorVerdict(head, load.message, wallMs());
    if (load.kind === 'syntax') {
      const at = position(load.line, load.column) ?? { line: 1, column: 1 };
      return { ...head, status: 'compile_error', score: 0, cases: [], compileError: { message: load.message, ...at }, cpuMs: round(outcome.cpuMs), wallMs: wallMs() };
    }
    if (load.kind === 'import') {
      const specifier = load.specifiers?.[0] ?? '';
      const granted = exercise.helpers.length ? `granted helpers are globals: ${exercise.helpers.join(', ')}` : 'this exercise grants no helpers';
      const message = `imports are not available (${JSON.stringify(specifier)}); ${granted}`;
      return { ...head, status: 'compile_error', score: 0, cases: [], compileError: { message, ...importLine(code, specifier) }, cpuMs: round(outcome.cpuMs), wallMs: wallMs() };
    }
  }

  if (load.ok && outcome.cases.length !== cases.length) {
    return errorVerdict(head, `the sandbox answered ${outcome.cases.length} of ${cases.length} cases`, wallMs());
  }
  const compareOptions: CompareOptions = { tolerance: exercise.tolerance, exact: exercise.exact };
  const verdicts = cases.map((c, i): CaseVerdict => {
    if (!load.ok) return loadFailureCase(c, load, position, code, exercise.functionName);
    return judge(c, outcome.cases[i], exercise, compareOptions, position);
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
    wallMs: wallMs(),
  };
}

/** Looks the exercise up in the catalog (exercises/catalog.ts) and grades it. */
export async function gradeById(id: string, code: string, options: GradeOptions = {}): Promise<Verdict> {
  const exercise = await catalogExercise(id);
  if (!exercise) throw new UnknownExerciseError(id);
  return grade(exercise, code, options);
}

export class UnknownExerciseError extends Error {
  readonly exerciseId: string;
  constructor(id: string) {
    super(`unknown exercise "${id}"`);
    this.exerciseId = id;
  }
}

// one stamped object per catalog definition: prepareCases caches expected outputs per object
const stamped = new WeakMap<object, GradableExercise>();

/** The catalog's definition with its content version (exercises/files.ts hashes the folder). */
export async function catalogExercise(id: string): Promise<GradableExercise | undefined> {
  // dynamic: grader tests and ad-hoc exercises never load the catalog
  const { getExercise } = await import('../exercises/catalog.ts');
  const exercise = getExercise(id) as GradableExercise | undefined;
  if (!exercise) return undefined;
  if (exercise.version !== undefined) return exercise;
  let result = stamped.get(exercise);
  if (!result) {
    let version = '';
    try {
      const { exerciseVersion } = await import('../exercises/files.ts');
      version = exerciseVersion(id);
    } catch {
      // no exercise files on disk (e.g. a bundle): grade without a version
    }
    result = { ...exercise, version };
    stamped.set(exercise, result);
  }
  return result;
}

type Position = (line?: number, column?: number) => { line: number; column: number } | undefined;

function judge(c: PreparedCase, o: CaseOutcome, exercise: AnyGradable, options: CompareOptions, position: Position): CaseVerdict {
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

function loadFailureCase(c: PreparedCase, load: Exclude<LoadOutcome, { ok: true }>, position: Position, code: string, functionName: string): CaseVerdict {
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

function errorVerdict(head: Head, error: string, wallMs: number): Verdict {
  return { ...head, status: 'error', score: 0, cases: [], error, cpuMs: 0, wallMs };
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

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
