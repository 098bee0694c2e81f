// grade(exercise, code) -> Verdict: transpile, prepare the cases and their expected outputs on the
// host, run the submission in a sandbox worker, then judge every case (judge.ts, which the
// browser's Run shares).
import { references } from '../engine/registry.ts';
import type { ExerciseDefinition } from '../exercises/types.ts';
import { encodedArgs, prepareCases, type PreparedCase, type ReferenceFunction } from './cases.ts';
import { compileErrorVerdict, errorVerdict, judgeOutcome, round, type VerdictHead } from './judge.ts';
import type { KnownMistake } from './misconceptions.ts';
import { defaultPool, type SandboxPool } from './pool.ts';
import { DEFAULT_LIMITS, timeLimitsOf, type SandboxJob } from './sandbox-protocol.ts';
import { originalPosition, transpile } from './transpile.ts';
import type { Verdict } from './verdict.ts';

export { jsonSafe } from './judge.ts';

export { DEFAULT_LIMITS } from './sandbox-protocol.ts';

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

type Head = VerdictHead;

async function gradeUnsafe(exercise: AnyGradable, code: string, options: GradeOptions, head: Head, started: number): Promise<Verdict> {
  const wallMs = () => round(performance.now() - started);

  const transpiled = await transpile(code);
  if (!transpiled.ok) return compileErrorVerdict(head, transpiled.error, wallMs());

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
    limits: { ...timeLimitsOf(exercise), memoryMb: options.memoryMb ?? DEFAULT_LIMITS.memoryMb },
  };
  const result = await (options.pool ?? defaultPool()).run(job);
  if (!result.ok) return errorVerdict(head, result.error, wallMs());
  const outcome = result.outcome;
  const position = (line?: number, column?: number) =>
    line === undefined || column === undefined ? undefined : originalPosition(transpiled.mappings, line, column);
  return judgeOutcome({ head, exercise, code, cases, outcome: result.outcome, position, wallMs });
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

