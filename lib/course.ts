// The course as one learner sees it in the scope they work in (a cohort, or practice): the modules
// in curriculum order, each exercise with its status and best score there, and the totals. The
// catalog (exercises/) gives the structure; the database gives this learner's progress and
// submissions in that scope.
import type { Db } from './db.ts';
import { getExercise, listModules, MODULE_TITLES, toleranceOf } from '../exercises/catalog.ts';
import { exercisePromptHtml, exerciseVersion, readExerciseFile } from '../exercises/files.ts';
import { exerciseDeclarations } from '../exercises/declarations.ts';
import { knownExercise } from './limits.ts';
import type { ModuleId } from '../exercises/types.ts';
import { round2 } from './instructor/scoring.ts';
import { scopeKey, type LearnerScope } from './scope.ts';

export type ExerciseStatus = 'not_started' | 'attempted' | 'solved';

export interface ExerciseCard {
  id: string;
  module: ModuleId;
  slug: string;
  title: string;
  order: number;
  points: number;
  status: ExerciseStatus;
  /** Best score so far, in this exercise's points; null before the first graded submission. */
  bestScore: number | null;
  submissions: number;
  href: string;
}

export interface ModuleCard {
  id: ModuleId;
  number: number; // 1-based, curriculum order
  title: string;
  exercises: ExerciseCard[];
  solved: number;
  score: number;
  maxScore: number;
}

export interface CourseTotals {
  exercises: number;
  solved: number;
  attempted: number; // attempted but not solved
  score: number;
  maxScore: number;
  /** score / maxScore in percent, one decimal. */
  percent: number;
}

export interface CourseMap {
  modules: ModuleCard[];
  totals: CourseTotals;
}

export function exerciseHref(id: string): string {
  return `/exercises/${id}`;
}

export async function courseMap(db: Db, who: LearnerScope): Promise<CourseMap> {
  const { userId, cohortId } = who;
  const [progress, counts] = await Promise.all([
    db.progress.findMany({ where: { userId, scope: scopeKey(cohortId) }, select: { exerciseId: true, bestScore: true, maxScore: true, attempts: true, firstSolvedAt: true } }),
    db.submission.groupBy({ by: ['exerciseId'], where: { userId, cohortId, kind: 'submit' }, _count: { _all: true } }),
  ]);
  const byExercise = new Map(progress.map((p) => [p.exerciseId, p]));
  const submitted = new Map(counts.map((c) => [c.exerciseId, c._count._all]));

  const totals: CourseTotals = { exercises: 0, solved: 0, attempted: 0, score: 0, maxScore: 0, percent: 0 };
  const modules = listModules().map((m, i): ModuleCard => {
    const exercises = m.exercises.map((e): ExerciseCard => {
      const p = byExercise.get(e.id);
      const n = submitted.get(e.id) ?? 0;
      // Progress keeps the best score against the maxScore it was graded on; show it in today's points.
      const best = p && p.attempts > 0 && p.maxScore > 0 ? round2((p.bestScore / p.maxScore) * e.points) : null;
      const status: ExerciseStatus = p?.firstSolvedAt ? 'solved' : n > 0 || (p?.attempts ?? 0) > 0 ? 'attempted' : 'not_started';
      return { id: e.id, module: e.module, slug: e.slug, title: e.title, order: e.order, points: e.points, status, bestScore: best, submissions: n, href: exerciseHref(e.id) };
    });
    const card: ModuleCard = {
      id: m.id,
      number: i + 1,
      title: m.title,
      exercises,
      solved: exercises.filter((e) => e.status === 'solved').length,
      score: round2(exercises.reduce((s, e) => s + (e.bestScore ?? 0), 0)),
      maxScore: round2(exercises.reduce((s, e) => s + e.points, 0)),
    };
    totals.exercises += exercises.length;
    totals.solved += card.solved;
    totals.attempted += exercises.filter((e) => e.status === 'attempted').length;
    totals.score += card.score;
    totals.maxScore += card.maxScore;
    return card;
  });
  totals.score = round2(totals.score);
  totals.maxScore = round2(totals.maxScore);
  totals.percent = totals.maxScore > 0 ? Math.round((totals.score / totals.maxScore) * 1000) / 10 : 0;
  return { modules, totals };
}

export interface RecentSubmission {
  id: string;
  exerciseId: string;
  exerciseTitle: string;
  createdAt: Date;
  status: 'queued' | 'running' | 'graded' | 'error';
  score: number | null;
  maxScore: number | null;
}

/** The learner's latest submissions across the course in one scope, for the progress page. */
export async function recentSubmissions(db: Db, who: LearnerScope, take = 20): Promise<RecentSubmission[]> {
  const rows = await db.submission.findMany({
    where: { userId: who.userId, cohortId: who.cohortId, kind: 'submit' },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, exerciseId: true, createdAt: true, status: true, score: true, maxScore: true, exercise: { select: { title: true } } },
  });
  return rows.map(({ exercise, ...r }) => ({ ...r, exerciseTitle: exercise.title }));
}

export interface ExerciseView {
  id: string;
  title: string;
  moduleTitle: string;
  points: number;
  functionName: string;
  hints: string[];
  starter: string;
  declarations: string;
  tolerance: { atol: number; rtol: number };
  promptHtml: string;
}

// Rendering a prompt (Markdown + KaTeX) takes tens of ms; keep each content version's HTML.
const promptCache = new Map<string, Promise<string>>();

function cachedPromptHtml(id: string): Promise<string> {
  const key = `${id}@${exerciseVersion(id)}`;
  let html = promptCache.get(key);
  if (!html) {
    html = exercisePromptHtml(id);
    html.catch(() => promptCache.delete(key));
    promptCache.set(key, html);
  }
  return html;
}

/** What the exercise page shows of an exercise; null for an id that is not in the catalog. */
export async function exerciseView(id: string, opts: { prompt: boolean }): Promise<ExerciseView | null> {
  const known = knownExercise(id);
  const e = known ? getExercise(known) : undefined;
  if (!e) return null;
  return {
    id: e.id,
    title: e.title,
    moduleTitle: MODULE_TITLES[e.module],
    points: e.points,
    functionName: e.functionName,
    hints: e.hints,
    starter: readExerciseFile(e.id, 'starter.ts'),
    declarations: exerciseDeclarations(e),
    tolerance: { ...toleranceOf(e) },
    promptHtml: opts.prompt ? await cachedPromptHtml(e.id) : '',
  };
}
