// The course as one learner sees it in the scope they work in (a cohort, or practice): the modules
// in curriculum order, each exercise and question with its status and best score there, and the totals. The
// catalog (exercises/) gives the structure; the database gives this learner's progress and
// submissions in that scope.
import type { Db } from './db.ts';
import { getExercise, listModules, MODULE_TITLES, toleranceOf } from '../exercises/catalog.ts';
import { exercisePromptHtml, exerciseVersion, readExerciseFile } from '../exercises/files.ts';
import { exerciseDeclarations } from '../exercises/declarations.ts';
import { exerciseIdSchema, knownExercise } from './limits.ts';
import { listedCourses } from './instructor/courses.ts';
import { openAuthored, type Viewer } from './authoring/live.ts';
import { DEFAULT_TOLERANCE, EXACT } from '../engine/allclose.ts';
import { renderFigureHtml, type Figure } from '../exercises/figures.ts';
import { renderAuthoredPrompt } from '../exercises/prompt.ts';
import type { AuthoredExercise } from '../grader/content/exercise.ts';
import { decodeData } from '../grader/content/data-codec.ts';
import type { ModuleId } from '../exercises/types.ts';
import { questionsOfModule } from '../exercises/questions.ts';
import { questionPoints } from '../exercises/question-variant.ts';
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
  /** The module's questions (answered, not programmed); they do not count in the exercise totals. */
  questions: ExerciseCard[];
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

export interface QuestionTotals {
  questions: number;
  solved: number;
  score: number;
  maxScore: number;
}

export interface CourseMap {
  modules: ModuleCard[];
  /** The exercises' totals (code). */
  totals: CourseTotals;
  questionTotals: QuestionTotals;
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
  const questionTotals: QuestionTotals = { questions: 0, solved: 0, score: 0, maxScore: 0 };
  const modules = listModules().map((m, i): ModuleCard => {
    const questions = questionsOfModule(m.id).map((q) => exerciseCard({ ...q, points: questionPoints(q) }, byExercise, submitted));
    const card = { ...moduleCard(m.id, i + 1, m.title, m.exercises.map((e) => exerciseCard(e, byExercise, submitted))), questions };
    questionTotals.questions += questions.length;
    questionTotals.solved += questions.filter((q) => q.status === 'solved').length;
    questionTotals.score += questions.reduce((sum, q) => sum + (q.bestScore ?? 0), 0);
    questionTotals.maxScore += questions.reduce((sum, q) => sum + q.points, 0);
    totals.exercises += card.exercises.length;
    totals.solved += card.solved;
    totals.attempted += card.exercises.filter((e) => e.status === 'attempted').length;
    totals.score += card.score;
    totals.maxScore += card.maxScore;
    return card;
  });
  const listed = await listedModules(db, who, byExercise, submitted, modules.length);
  const shown = new Set(listed.flatMap((m) => [...m.exercises, ...m.questions].map((e) => e.id)));
  for (const m of [...listed, ...(await authoredModules(db, who, byExercise, submitted, modules.length + listed.length, shown))]) {
    modules.push(m);
    questionTotals.questions += m.questions.length;
    questionTotals.solved += m.questions.filter((q) => q.status === 'solved').length;
    questionTotals.score += m.questions.reduce((sum, q) => sum + (q.bestScore ?? 0), 0);
    questionTotals.maxScore += m.questions.reduce((sum, q) => sum + q.points, 0);
    totals.exercises += m.exercises.length;
    totals.solved += m.solved;
    totals.attempted += m.exercises.filter((e) => e.status === 'attempted').length;
    totals.score += m.score;
    totals.maxScore += m.maxScore;
  }
  totals.score = round2(totals.score);
  totals.maxScore = round2(totals.maxScore);
  totals.percent = totals.maxScore > 0 ? Math.round((totals.score / totals.maxScore) * 1000) / 10 : 0;
  questionTotals.score = round2(questionTotals.score);
  questionTotals.maxScore = round2(questionTotals.maxScore);
  return { modules, totals, questionTotals };
}

type ProgressRow = { exerciseId: string; bestScore: number; maxScore: number; attempts: number; firstSolvedAt: Date | null };

/** The authored exercises assigned to the cohort the learner works in, one card per module, after the built-in course (none in practice). */
async function authoredModules(db: Db, who: LearnerScope, progress: Map<string, ProgressRow>, submitted: Map<string, number>, numbered: number, shown: Set<string>): Promise<ModuleCard[]> {
  if (who.cohortId === null) return [];
  const rows = await db.exercise.findMany({
    where: { source: 'authored', assignments: { some: { cohortId: who.cohortId, cohort: { enrollments: { some: { userId: who.userId } } } } } },
    orderBy: [{ module: 'asc' }, { order: 'asc' }, { id: 'asc' }],
    select: { id: true, title: true, module: true, order: true, points: true, kind: true },
  });
  const byModule = new Map<string, typeof rows>();
  for (const r of rows) if (!shown.has(r.id)) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
  return [...byModule].map(([module, list], i) => moduleCard(module, numbered + i + 1, moduleTitle(module), list.map((e) => ({ ...exerciseCard(e, progress, submitted), kind: e.kind }))));
}

/** One exercise's card: the learner's status and best score in this scope. */
function exerciseCard(e: { id: string; title: string; module: string; order: number; points: number }, progress: Map<string, ProgressRow>, submitted: Map<string, number>): ExerciseCard {
  const p = progress.get(e.id);
  const n = submitted.get(e.id) ?? 0;
  // Progress keeps the best score against the maxScore it was graded on; show it in today's points.
  const best = p && p.attempts > 0 && p.maxScore > 0 ? round2((p.bestScore / p.maxScore) * e.points) : null;
  const status: ExerciseStatus = p?.firstSolvedAt ? 'solved' : n > 0 || (p?.attempts ?? 0) > 0 ? 'attempted' : 'not_started';
  return { id: e.id, module: e.module as ModuleId, slug: e.id.split('/')[1], title: e.title, order: e.order, points: e.points, status, bestScore: best, submissions: n, href: exerciseHref(e.id) };
}

/** A module's card: its exercises and their totals; cards of kind 'question' are listed as its questions. */
function moduleCard(id: string, number: number, title: string, items: (ExerciseCard & { kind?: 'code' | 'question' })[]): ModuleCard {
  const exercises = items.filter((e) => e.kind !== 'question').map(({ kind: _kind, ...card }) => card);
  const questions = items.filter((e) => e.kind === 'question').map(({ kind: _kind, ...card }) => card);
  return {
    questions,
    id: id as ModuleId,
    number,
    title,
    exercises,
    solved: exercises.filter((e) => e.status === 'solved').length,
    score: round2(exercises.reduce((s, e) => s + (e.bestScore ?? 0), 0)),
    maxScore: round2(exercises.reduce((s, e) => s + e.points, 0)),
  };
}

/** The modules of the instructors' own courses listed on the cohort the learner works in (none in practice). */
async function listedModules(db: Db, who: LearnerScope, progress: Map<string, ProgressRow>, submitted: Map<string, number>, numbered: number): Promise<ModuleCard[]> {
  if (who.cohortId === null) return [];
  const courses = await listedCourses(db, who.cohortId);
  const out: ModuleCard[] = [];
  for (const c of courses) {
    for (const m of c.modules) {
      if (m.items.length === 0) continue;
      out.push(moduleCard(`${c.id}:${m.title}`, numbered + out.length + 1, `${c.title}: ${m.title}`, m.items.map((i) => ({ ...exerciseCard(i.exercise, progress, submitted), kind: i.exercise.kind }))));
    }
  }
  return out;
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

/** A module id as a title, for authored modules ("transformer-extras" -> "Transformer extras"). */
export function moduleTitle(id: string): string {
  if (Object.hasOwn(MODULE_TITLES, id)) return MODULE_TITLES[id as ModuleId];
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const authoredPromptCache = new Map<string, Promise<string>>();

async function authoredView(db: Db, viewer: Viewer, id: string, prompt: boolean): Promise<ExerciseView | null> {
  const exerciseIdOk = exerciseIdSchema.safeParse(id).success;
  const opened = exerciseIdOk ? await openAuthored(db, viewer, id) : null;
  if (!opened) return null;
  const e = opened.exercise;
  let promptHtml = '';
  if (prompt) {
    const key = `${id}@${opened.version}`;
    let html = authoredPromptCache.get(key);
    if (!html) {
      html = authoredPromptHtml(e);
      html.catch(() => authoredPromptCache.delete(key));
      authoredPromptCache.set(key, html);
      if (authoredPromptCache.size > 200) authoredPromptCache.delete(authoredPromptCache.keys().next().value!);
    }
    promptHtml = await html;
  }
  return {
    id: e.id,
    title: e.title,
    moduleTitle: moduleTitle(id.split('/')[0]),
    points: e.points,
    functionName: e.functionName,
    hints: e.hints,
    starter: e.files['starter.ts'] ?? '',
    declarations: exerciseDeclarations(e),
    tolerance: { ...(e.exact ? EXACT : (e.tolerance ?? DEFAULT_TOLERANCE)) },
    promptHtml,
  };
}

/** An authored prompt: its own title line dropped (the page shows the title), raw HTML dropped, figures drawn from their data. */
export async function authoredPromptHtml(e: Pick<AuthoredExercise, 'files' | 'figures'>): Promise<string> {
  const markdown = (e.files['prompt.md'] ?? '').replace(/^# [^\n]*\n+/, '');
  return renderAuthoredPrompt(markdown, (name) => {
    const f = e.figures[name];
    if (!f?.ok) return '';
    try {
      return renderFigureHtml(decodeData(f.value) as Figure, name);
    } catch {
      return '';
    }
  });
}

/**
 * What the exercise page shows of an exercise; null for an id that is neither in the catalog nor an
 * authored exercise `viewer` may open (see lib/authoring/live.ts).
 */
export async function exerciseView(id: string, opts: { prompt: boolean; db?: Db; viewer?: Viewer }): Promise<ExerciseView | null> {
  const known = knownExercise(id);
  const e = known ? getExercise(known) : undefined;
  if (!e) return opts.db && opts.viewer ? authoredView(opts.db, opts.viewer, id, opts.prompt) : null;
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
