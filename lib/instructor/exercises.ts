// The catalog as instructors see it: everything about an exercise, hidden cases included (with
// their inputs and the reference's outputs for any seed, e.g. one student's), its version history,
// and "try any code against it" through the same grader the learners' submissions go through.
import type { Db } from '../db.ts';
import { codeSchema, firstMessage } from '../limits.ts';
import { limiters, retryMessage, type RateLimiter } from '../rate-limit.ts';
import { getExercise, listExercises, MODULE_TITLES, toleranceOf, type CatalogExercise } from '../../exercises/catalog.ts';
import { exercisePromptHtml, exerciseVersion, readExerciseFile } from '../../exercises/files.ts';
import { gradableExercise, runRuntime } from '../run.ts';
import { prepareCases } from '../../grader/cases.ts';
import type { SandboxPool } from '../../grader/pool.ts';
import type { Verdict } from '../../grader/verdict.ts';
import { type Actor, AccessDenied, InputError, requireStaff, taughtStudents } from './authorization.ts';

export interface CatalogRow {
  id: string;
  title: string;
  module: string;
  moduleTitle: string;
  order: number;
  points: number;
  functionName: string;
  misconceptions: number;
  version: string;
}

export async function instructorCatalog(db: Db, actor: Actor): Promise<CatalogRow[]> {
  await requireStaff(db, actor);
  return listExercises().map((e) => ({
    id: e.id,
    title: e.title,
    module: e.module,
    moduleTitle: MODULE_TITLES[e.module],
    order: e.order,
    points: e.points,
    functionName: e.functionName,
    misconceptions: e.misconceptions.length,
    version: exerciseVersion(e.id),
  }));
}

export interface CaseView {
  name: string;
  visible: boolean;
  args: unknown[];
  expected: unknown;
}

export interface ExerciseVersionRow {
  version: string;
  firstSeenAt: Date;
  current: boolean;
  submissions: number; // graded submits on it, by students the instructor teaches
}

export interface ExerciseDetail {
  id: string;
  title: string;
  module: string;
  moduleTitle: string;
  order: number;
  points: number;
  functionName: string;
  helpers: string[];
  hints: string[];
  prerequisites: string[];
  tolerance: { atol: number; rtol: number };
  exact: boolean;
  version: string; // of the files on disk
  syncedVersion: string | null; // as the database last recorded it
  promptHtml: string;
  starter: string;
  solution: string;
  seed: string;
  cases: CaseView[];
  casesError: string | null;
  misconceptions: { id: string; title: string; hint: string }[];
  versions: ExerciseVersionRow[];
}

export const PREVIEW_SEED = 'instructor-preview';

function catalogEntry(id: unknown): CatalogExercise {
  const e = typeof id === 'string' && id.length <= 200 ? getExercise(id) : undefined;
  if (!e) throw new AccessDenied('missing', 'exercise');
  return e;
}

/** The seed asked for (trimmed, at most 100 characters), or the preview seed. */
function seedOf(raw: unknown): string {
  return (typeof raw === 'string' ? raw.trim().slice(0, 100) : '') || PREVIEW_SEED;
}

/** Every case for the seed with its inputs and the reference's output; throws when a generator or the reference does. */
function caseViews(e: CatalogExercise, seed: string): CaseView[] {
  return prepareCases(e, e.reference, seed, false).map((c) => ({ name: c.name, visible: c.visible, args: c.args, expected: c.expected }));
}

export async function exerciseDetail(db: Db, actor: Actor, id: string, opts: { seed?: string | null } = {}): Promise<ExerciseDetail> {
  const staff = await requireStaff(db, actor);
  const e = catalogEntry(id);
  const seed = seedOf(opts.seed);
  let cases: CaseView[] = [];
  let casesError: string | null = null;
  try {
    cases = caseViews(e, seed);
  } catch (err) {
    casesError = err instanceof Error ? err.message : String(err);
  }
  const [row, versions, counts] = await Promise.all([
    db.exercise.findUnique({ where: { id: e.id }, select: { contentVersion: true } }),
    db.exerciseVersion.findMany({ where: { exerciseId: e.id }, orderBy: [{ firstSeenAt: 'desc' }, { contentVersion: 'asc' }] }),
    db.submission.groupBy({ by: ['exerciseVersion'], where: { exerciseId: e.id, kind: 'submit', status: 'graded', user: taughtStudents(staff) }, _count: { _all: true } }),
  ]);
  const perVersion = new Map(counts.map((c) => [c.exerciseVersion, c._count._all]));
  return {
    id: e.id,
    title: e.title,
    module: e.module,
    moduleTitle: MODULE_TITLES[e.module],
    order: e.order,
    points: e.points,
    functionName: e.functionName,
    helpers: e.helpers,
    hints: e.hints,
    prerequisites: e.prerequisites,
    tolerance: { ...toleranceOf(e) },
    exact: e.exact === true,
    version: exerciseVersion(e.id),
    syncedVersion: row?.contentVersion ?? null,
    promptHtml: await exercisePromptHtml(e.id),
    starter: readExerciseFile(e.id, 'starter.ts'),
    solution: readExerciseFile(e.id, 'solution.ts'),
    seed,
    cases,
    casesError,
    misconceptions: e.misconceptions.map((m) => ({ id: m.id, title: m.title, hint: m.hint })),
    versions: versions.map((v) => ({ version: v.contentVersion, firstSeenAt: v.firstSeenAt, current: v.contentVersion === row?.contentVersion, submissions: perVersion.get(v.contentVersion) ?? 0 })),
  };
}

export interface TryResult {
  verdict: Verdict;
  seed: string;
  /** The cases graded, in the verdict's order, with inputs and expected outputs (hidden ones too). */
  cases: CaseView[];
}

type GradeFn = typeof import('../../grader/grade.ts').grade;

/**
 * Grades any code against any exercise, every case, with the grader the queue uses (same
 * transpile, sandbox and comparison). Nothing is recorded. The seed picks the hidden inputs: the
 * preview seed by default, or a student's (their submissions carry it) to reproduce their grading.
 * In the web process the grader and its sandboxes are the ones Run uses (lib/run.ts loads them
 * outside the bundle); tests pass their own.
 */
export async function tryCode(
  db: Db,
  actor: Actor,
  input: { exerciseId: unknown; code: unknown; seed?: unknown },
  opts: { grader?: { grade: GradeFn; pool: SandboxPool }; limiter?: RateLimiter } = {},
): Promise<TryResult> {
  const staff = await requireStaff(db, actor);
  const e = catalogEntry(input.exerciseId);
  const code = codeSchema.safeParse(input.code);
  if (!code.success) throw new InputError(firstMessage(code.error), 'code');
  const seed = seedOf(input.seed);
  // Per instructor, on every web process: trying code shares the sandboxes with the learners' Run.
  const gate = await (opts.limiter ?? limiters(db).tryCode).consume(staff.id);
  if (!gate.ok) throw new InputError(`Too many tries in a minute. ${retryMessage(gate.retryAfterMs)}`);
  const { grade, pool } = opts.grader ?? (await runRuntime());
  const exercise = gradableExercise(e);
  const verdict = await grade(exercise, code.data, { seed, pool });
  let cases: CaseView[] = [];
  try {
    cases = caseViews(exercise, seed);
  } catch {
    cases = []; // the verdict already says what failed
  }
  return { verdict, seed, cases };
}
