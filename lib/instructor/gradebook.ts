// The gradebook: a cohort's students by its assignments, each cell the student's score under the
// assignment's rules (scoring.ts), with attempts and a late marker; and one student's drill-down.
// Only work done in this cohort counts (a student's submits for another cohort, or in practice,
// are not its business). Scores are computed from the submissions on every read, so a regrade or
// an extension shows at once. A student who deleted their account keeps their row and scores,
// named "Deleted student", without email or code (lib/account/delete.ts removed both).
import type { Db } from '../db.ts';
import type { SubmissionStatus } from '../generated/prisma/enums.ts';
import { assignmentOrder, termsOf, type AssignmentTerms } from './assignments.ts';
import { type Actor, requireCohort, requireStudentOf } from './authorization.ts';
import { DELETED_STUDENT } from '../account/tombstone.ts';
import { policyFor, round2, scoreAssignment, type AssignmentScore, type AttemptResult, type ScoredSubmission } from './scoring.ts';

export interface GradebookColumn extends AssignmentTerms {
  assignmentId: string;
}

export interface GradebookCell extends Omit<AssignmentScore, 'results'> {
  dueAt: Date; // this student's due date
  extended: boolean;
}

export interface GradebookStudent {
  userId: string;
  email: string; // '' for a deleted account
  name: string | null; // "Deleted student" for a deleted account
  deleted?: boolean;
}

/** A student as staff pages show them: a deleted account has no email or name left to show. */
export function asStudent(u: { id: string; email: string; name: string | null; deletedAt: Date | null }): GradebookStudent {
  return u.deletedAt ? { userId: u.id, email: '', name: DELETED_STUDENT, deleted: true } : { userId: u.id, email: u.email, name: u.name, deleted: false };
}

export interface GradebookRow extends GradebookStudent {
  cells: Record<string, GradebookCell>; // by assignment id
  total: number;
  maxTotal: number;
}

export type GradebookSortKey = 'name' | 'email' | 'total' | `assignment:${string}`;

export interface GradebookOptions {
  module?: string | null;
  sort?: GradebookSortKey | string | null;
  dir?: 'asc' | 'desc' | string | null;
}

export interface Gradebook {
  cohort: { id: string; name: string; archived: boolean };
  modules: string[]; // the modules the cohort has assignments in, curriculum order
  module: string | null; // the filter applied
  sort: GradebookSortKey;
  dir: 'asc' | 'desc';
  columns: GradebookColumn[];
  rows: GradebookRow[];
}

type AssignmentWithExercise = Awaited<ReturnType<typeof loadAssignments>>[number];

/** The cohort's assignments in curriculum order (assignmentOrder): the stable column order of the gradebook and the CSV. */
export async function loadAssignments(db: Db, cohortId: string, module?: string | null) {
  return db.assignment.findMany({
    where: { cohortId, ...(module ? { exercise: { module } } : {}) },
    include: { exercise: { select: { id: true, title: true, module: true, moduleOrder: true, order: true, points: true, contentVersion: true } }, extensions: { select: { userId: true, dueAt: true } } },
    orderBy: assignmentOrder,
  });
}

export function columnOf(a: AssignmentWithExercise): GradebookColumn {
  return { assignmentId: a.id, ...termsOf(a) };
}

/** One student's cell of an assignment (their extension applied), and the per-submit results behind it. */
function cellOf(a: AssignmentWithExercise, userId: string, subs: readonly ScoredSubmission[]): { cell: GradebookCell; results: AttemptResult[] } {
  const ext = a.extensions.find((e) => e.userId === userId)?.dueAt ?? null;
  const policy = policyFor(a, ext);
  const { results, ...score } = scoreAssignment(policy, subs);
  return { cell: { ...score, dueAt: policy.dueAt, extended: ext !== null }, results };
}

/** A student's total over their cells, in assignment order. */
function totalOf(cells: readonly GradebookCell[]): { total: number; maxTotal: number } {
  let total = 0;
  let maxTotal = 0;
  for (const c of cells) {
    total += c.score ?? 0;
    maxTotal += c.maxScore;
  }
  return { total: round2(total), maxTotal: round2(maxTotal) };
}

interface SubmitRow {
  id: string;
  userId: string;
  exerciseId: string;
  createdAt: Date;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
}

/** The rows for a batch of the cohort's students (the CSV streams batch by batch). */
export async function rowsFor(db: Db, cohortId: string, assignments: AssignmentWithExercise[], students: GradebookStudent[]): Promise<GradebookRow[]> {
  if (students.length === 0) return [];
  const exerciseIds = [...new Set(assignments.map((a) => a.exerciseId))];
  const subs: SubmitRow[] = exerciseIds.length
    ? await db.submission.findMany({
        where: { kind: 'submit', cohortId, userId: { in: students.map((s) => s.userId) }, exerciseId: { in: exerciseIds } },
        select: { id: true, userId: true, exerciseId: true, createdAt: true, status: true, score: true, maxScore: true },
      })
    : [];
  const byKey = new Map<string, SubmitRow[]>();
  for (const s of subs) {
    const k = `${s.userId}\u0000${s.exerciseId}`;
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  return students.map((st) => {
    const list = assignments.map((a) => cellOf(a, st.userId, byKey.get(`${st.userId}\u0000${a.exerciseId}`) ?? []).cell);
    return { ...st, cells: Object.fromEntries(assignments.map((a, i) => [a.id, list[i]])), ...totalOf(list) };
  });
}

export async function cohortStudents(db: Db, cohortId: string, page?: { skip: number; take: number }): Promise<GradebookStudent[]> {
  const rows = await db.enrollment.findMany({
    where: { cohortId, role: 'student' },
    select: { user: { select: { id: true, email: true, name: true, deletedAt: true } } },
    // email is unique (a tombstone for deleted accounts): a total order, so pages never overlap or skip
    orderBy: { user: { email: 'asc' } },
    ...(page ?? {}),
  });
  return rows.map((r) => asStudent(r.user));
}

function compareRows(sort: GradebookSortKey, dir: 'asc' | 'desc') {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: GradebookRow, b: GradebookRow) => (a.name ?? a.email).localeCompare(b.name ?? b.email) || a.email.localeCompare(b.email);
  return (a: GradebookRow, b: GradebookRow): number => {
    if (sort === 'name') return sign * byName(a, b);
    if (sort === 'email') return sign * a.email.localeCompare(b.email);
    const va = sort === 'total' ? a.total : (a.cells[sort.slice('assignment:'.length)]?.score ?? null);
    const vb = sort === 'total' ? b.total : (b.cells[sort.slice('assignment:'.length)]?.score ?? null);
    // students without a score sort last whichever the direction
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  };
}

export async function gradebook(db: Db, actor: Actor, cohortId: string, opts: GradebookOptions = {}): Promise<Gradebook> {
  const { cohort } = await requireCohort(db, actor, cohortId);
  const all = await loadAssignments(db, cohortId);
  const modules = [...new Set(all.map((a) => a.exercise.module))];
  const module = opts.module && modules.includes(opts.module) ? opts.module : null;
  const assignments = module ? all.filter((a) => a.exercise.module === module) : all;
  const sort: GradebookSortKey =
    opts.sort === 'email' || opts.sort === 'total' || (typeof opts.sort === 'string' && opts.sort.startsWith('assignment:') && assignments.some((a) => `assignment:${a.id}` === opts.sort))
      ? (opts.sort as GradebookSortKey)
      : 'name';
  const dir = opts.dir === 'desc' ? 'desc' : opts.dir === 'asc' ? 'asc' : sort === 'name' || sort === 'email' ? 'asc' : 'desc';
  const rows = await rowsFor(db, cohortId, assignments, await cohortStudents(db, cohortId));
  rows.sort(compareRows(sort, dir));
  return { cohort: { id: cohort.id, name: cohort.name, archived: cohort.archived }, modules, module, sort, dir, columns: assignments.map(columnOf), rows };
}

export interface DrilldownSubmission extends AttemptResult {
  status: SubmissionStatus;
  code: string;
  verdict: unknown;
  score: number | null; // the verdict's own score
  maxScore: number | null;
  exerciseVersion: string;
  seed: string; // the learner's hidden-case seed: the exercise view can show their hidden inputs
  stale: boolean; // graded on an older version of the exercise
  gradedAt: Date | null;
  regrades: { exerciseVersion: string; score: number | null; maxScore: number | null; gradedAt: Date | null; replacedAt: Date }[];
}

export interface Drilldown {
  cohort: { id: string; name: string };
  student: GradebookStudent;
  assignments: { column: GradebookColumn; cell: GradebookCell; submissions: DrilldownSubmission[] }[];
  total: number;
  maxTotal: number;
}

/** Every submit of one student in the cohort on its assignments: code, verdict, time, late or not. */
export async function studentDrilldown(db: Db, actor: Actor, cohortId: string, userId: string): Promise<Drilldown> {
  const { cohort } = await requireCohort(db, actor, cohortId);
  const user = await requireStudentOf(db, cohortId, userId);
  const student = asStudent(user);
  const assignments = await loadAssignments(db, cohortId);
  const subs = await db.submission.findMany({
    where: { userId, cohortId, kind: 'submit', exerciseId: { in: assignments.map((a) => a.exerciseId) } },
    include: { regrades: { orderBy: { replacedAt: 'asc' } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const out = assignments.map((a) => {
    const mine = subs.filter((s) => s.exerciseId === a.exerciseId);
    const { cell, results } = cellOf(a, userId, mine);
    const byId = new Map(mine.map((s) => [s.id, s]));
    return {
      column: columnOf(a),
      cell,
      submissions: results.map((r) => {
        const s = byId.get(r.id)!;
        return {
          ...r,
          status: s.status,
          code: s.code,
          verdict: s.verdict,
          score: s.score,
          maxScore: s.maxScore,
          exerciseVersion: s.exerciseVersion,
          seed: s.seed,
          stale: s.status === 'graded' && s.exerciseVersion !== a.exercise.contentVersion,
          gradedAt: s.gradedAt,
          regrades: s.regrades.map((g) => ({ exerciseVersion: g.exerciseVersion, score: g.score, maxScore: g.maxScore, gradedAt: g.gradedAt, replacedAt: g.replacedAt })),
        };
      }),
    };
  });
  return { cohort: { id: cohort.id, name: cohort.name }, student, assignments: out, ...totalOf(out.map((a) => a.cell)) };
}
