// Published authored exercises for learners and the web process: who may open one, and the
// exercise itself, loaded at run time in this process's sandbox pool (lib/run.ts).
//
// The rule: a learner sees an authored exercise only while it is published and assigned to a cohort
// they are enrolled in, or in a course listed on such a cohort; its authors (owner, co-authors,
// viewers) and admins see it always.
import type { Db } from '../db.ts';
import type { AuthoredExercise } from '../../grader/content/exercise.ts';
import type { AuthoredQuestion } from '../../grader/content/question.ts';
import { exerciseIdSchema } from '../limits.ts';
import { nativeImport } from '../native-import.ts';
import { runRuntime } from '../run.ts';

type LoaderModule = typeof import('./loader.ts');

export interface Viewer {
  id: string;
  role?: string;
}

/** The current published version of the exercise `id` when `viewer` may open it; null otherwise (or when `id` is not an authored exercise). */
export async function openAuthored(db: Db, viewer: Viewer, id: string): Promise<{ exercise: AuthoredExercise; version: string } | null> {
  const row = await db.exercise.findUnique({ where: { id }, select: { source: true, kind: true, contentVersion: true } });
  if (!row || row.source !== 'authored' || row.kind !== 'code') return null;
  if (!(await mayOpen(db, viewer, id))) return null;
  const exercise = await loadAuthored(db, id, row.contentVersion);
  return exercise ? { exercise, version: row.contentVersion } : null;
}

export async function mayOpen(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  const inMyCohorts = { archived: false, enrollments: { some: { userId: viewer.id } } };
  const [authored, assigned, listed] = await Promise.all([
    db.authoredExercise.count({ where: { id, OR: [{ ownerId: viewer.id }, { authors: { some: { userId: viewer.id } } }] } }),
    db.assignment.count({ where: { exerciseId: id, cohort: inMyCohorts } }),
    db.courseItem.count({ where: { exerciseId: id, module: { course: { cohorts: { some: { cohort: inMyCohorts } } } } } }),
  ]);
  return authored + assigned + listed > 0;
}

/** The authored exercise at `version`, loaded (and cached by id and hash) in this process's pool. */
export async function loadAuthored(db: Db, id: string, version: string): Promise<AuthoredExercise | undefined> {
  const [rt, loader] = await Promise.all([runRuntime(), nativeImport<LoaderModule>('lib/authoring/loader.ts')]);
  return loader.authoredExercise(db, rt.pool, id, version);
}

/** The authored question `id` at `version`, loaded (and cached by id and hash) in this process's pool. */
export async function loadAuthoredQuestionAt(db: Db, id: string, version: string): Promise<AuthoredQuestion | undefined> {
  const [rt, loader] = await Promise.all([runRuntime(), nativeImport<LoaderModule>('lib/authoring/loader.ts')]);
  return loader.authoredQuestion(db, rt.pool, id, version);
}

/** `id` when it names a published authored exercise (code, not a question) `viewer` may open; null for anything else a client sends. */
export async function openableAuthoredId(db: Db, viewer: Viewer, id: unknown): Promise<string | null> {
  const parsed = exerciseIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const row = await db.exercise.findUnique({ where: { id: parsed.data }, select: { source: true, kind: true } });
  return row?.source === 'authored' && row.kind === 'code' && (await mayOpen(db, viewer, parsed.data)) ? parsed.data : null;
}
