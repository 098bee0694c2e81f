// Analytics of one cohort: per exercise or question, how many of its students passed, after how
// many attempts, how long from first opening it to solving it, and what went wrong most often (the
// verdicts' failure kinds and matched misconceptions; for a question, the most frequent wrong
// answers of each part). Homework and exam tries count alike: difficulty is the item's. Only work done in the cohort counts, by its
// current students. Aggregated in PostgreSQL over the stored verdicts, so the cost does not grow
// with what the web process can hold.
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { type Actor, AccessDenied, requireCohort } from './authorization.ts';
import { givenText } from '../question-render.ts';

export interface ExerciseSummary {
  exerciseId: string;
  title: string;
  module: string;
  assigned: boolean;
  students: number; // enrolled students of the cohort
  attempted: number; // students with at least one graded submit
  passed: number; // students with at least one passing submit
  passRate: number | null; // passed / attempted
  submits: number; // graded submits
}

export interface CohortAnalytics {
  cohort: { id: string; name: string };
  students: number;
  exercises: ExerciseSummary[];
}

export interface Bucket {
  label: string;
  count: number;
}

export interface ExerciseAnalytics extends ExerciseSummary {
  cohort: { id: string; name: string };
  attemptsToFirstPass: Bucket[]; // 1, 2, 3, 4, 5, 6-10, 11+
  medianAttemptsToPass: number | null;
  solveTime: { count: number; medianMs: number | null; p25Ms: number | null; p75Ms: number | null };
  failureKinds: { kind: string; submissions: number; cases: number }[];
  misconceptions: { id: string; title: string; submissions: number; students: number }[];
  /** A question's most frequent wrong answers, part by part, as the grader read them ([] for code). */
  wrongAnswers: { part: string; answer: string; count: number; students: number }[];
}

type Counts = { exerciseId: string; attempted: number; passed: number; submits: number };

async function countsByExercise(db: Db, cohortId: string, exerciseId?: string): Promise<Counts[]> {
  return db.$queryRaw<Counts[]>`
    select s."exerciseId",
           count(distinct s."userId")::int as attempted,
           count(distinct s."userId") filter (where s.verdict->>'status' = 'passed')::int as passed,
           count(*)::int as submits
    from "Submission" s
    join "Enrollment" e on e."userId" = s."userId" and e."cohortId" = s."cohortId" and e.role = 'student'
    where s."cohortId" = ${cohortId} and s.kind in ('submit', 'exam') and s.status = 'graded' ${exerciseId ? Prisma.sql`and s."exerciseId" = ${exerciseId}` : Prisma.empty}
    group by s."exerciseId"`;
}

async function studentCount(db: Db, cohortId: string): Promise<number> {
  return db.enrollment.count({ where: { cohortId, role: 'student' } });
}

function summary(ex: { id: string; title: string; module: string }, assigned: boolean, students: number, c: Counts | undefined): ExerciseSummary {
  const attempted = c?.attempted ?? 0;
  const passed = c?.passed ?? 0;
  return { exerciseId: ex.id, title: ex.title, module: ex.module, assigned, students, attempted, passed, passRate: attempted ? passed / attempted : null, submits: c?.submits ?? 0 };
}

/** Every exercise the cohort is assigned or has worked on, in curriculum order. */
export async function cohortAnalytics(db: Db, actor: Actor, cohortId: string): Promise<CohortAnalytics> {
  const { cohort } = await requireCohort(db, actor, cohortId);
  const [students, counts, assigned] = await Promise.all([
    studentCount(db, cohortId),
    countsByExercise(db, cohortId),
    db.assignment.findMany({ where: { cohortId }, select: { exerciseId: true } }),
  ]);
  const assignedIds = new Set(assigned.map((a) => a.exerciseId));
  const byId = new Map(counts.map((c) => [c.exerciseId, c]));
  const exercises = await db.exercise.findMany({
    where: { id: { in: [...new Set([...assignedIds, ...byId.keys()])] } },
    orderBy: [{ moduleOrder: 'asc' }, { order: 'asc' }, { id: 'asc' }],
  });
  return { cohort: { id: cohort.id, name: cohort.name }, students, exercises: exercises.map((ex) => summary(ex, assignedIds.has(ex.id), students, byId.get(ex.id))) };
}

const BUCKETS: { label: string; lo: number; hi: number }[] = [
  { label: '1', lo: 1, hi: 1 },
  { label: '2', lo: 2, hi: 2 },
  { label: '3', lo: 3, hi: 3 },
  { label: '4', lo: 4, hi: 4 },
  { label: '5', lo: 5, hi: 5 },
  { label: '6-10', lo: 6, hi: 10 },
  { label: '11+', lo: 11, hi: Infinity },
];

export function bucketAttempts(firstPassAttempts: readonly number[]): Bucket[] {
  return BUCKETS.map((b) => ({ label: b.label, count: firstPassAttempts.filter((n) => n >= b.lo && n <= b.hi).length }));
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function exerciseAnalytics(db: Db, actor: Actor, cohortId: string, exerciseId: string): Promise<ExerciseAnalytics> {
  const { cohort } = await requireCohort(db, actor, cohortId);
  const ex = typeof exerciseId === 'string' && exerciseId.length <= 200 ? await db.exercise.findUnique({ where: { id: exerciseId } }) : null;
  if (!ex) throw new AccessDenied('missing', 'exercise');
  const inCohort = Prisma.sql`join "Enrollment" e on e."userId" = s."userId" and e."cohortId" = s."cohortId" and e.role = 'student'`;
  const graded = Prisma.sql`s."cohortId" = ${cohortId} and s.kind in ('submit', 'exam') and s.status = 'graded' and s."exerciseId" = ${exerciseId}`;
  const casesOf = Prisma.sql`jsonb_array_elements(case when jsonb_typeof(s.verdict->'cases') = 'array' then s.verdict->'cases' else '[]'::jsonb end)`;

  const [students, counts, assigned, firstPass, solve, kinds, compileErrors, misconceptions, wrongAnswers] = await Promise.all([
    studentCount(db, cohortId),
    countsByExercise(db, cohortId, exerciseId),
    db.assignment.count({ where: { cohortId, exerciseId } }),
    // the number of the first passing submit among each student's graded submits
    db.$queryRaw<{ n: number }[]>`
      select min(rn)::int as n from (
        select s."userId", s.verdict->>'status' = 'passed' as passed,
               row_number() over (partition by s."userId" order by s."createdAt", s.id) as rn
        from "Submission" s ${inCohort} where ${graded}) x
      where passed group by "userId"`,
    db.$queryRaw<{ count: number; median: number | null; p25: number | null; p75: number | null }[]>`
      select count(*)::int as count,
             percentile_cont(0.5) within group (order by ms) as median,
             percentile_cont(0.25) within group (order by ms) as p25,
             percentile_cont(0.75) within group (order by ms) as p75
      from (select (extract(epoch from (p."firstSolvedAt" - p."firstOpenedAt")) * 1000)::float8 as ms
            from "Progress" p join "Enrollment" e on e."userId" = p."userId" and e."cohortId" = p."cohortId" and e.role = 'student'
            where p."cohortId" = ${cohortId} and p."exerciseId" = ${exerciseId} and p."firstOpenedAt" is not null and p."firstSolvedAt" is not null
              and p."firstSolvedAt" >= p."firstOpenedAt") t`,
    db.$queryRaw<{ kind: string; submissions: number; cases: number }[]>`
      select c->>'kind' as kind, count(distinct s.id)::int as submissions, count(*)::int as cases
      from "Submission" s ${inCohort}, ${casesOf} c
      where ${graded} and c->>'kind' is not null and c->>'kind' <> 'passed'
      group by 1 order by 2 desc, 3 desc, 1 limit 10`,
    db.$queryRaw<{ submissions: number }[]>`
      select count(*)::int as submissions from "Submission" s ${inCohort}
      where ${graded} and s.verdict->>'status' = 'compile_error'`,
    db.$queryRaw<{ id: string; title: string | null; submissions: number; students: number }[]>`
      select c->'misconception'->>'id' as id, max(c->'misconception'->>'title') as title,
             count(distinct s.id)::int as submissions, count(distinct s."userId")::int as students
      from "Submission" s ${inCohort}, ${casesOf} c
      where ${graded} and c->'misconception'->>'id' is not null
      group by 1 order by 3 desc, 4 desc, 1 limit 10`,
    // a question's parts are its cases; what the grader read of a wrong part is in "actual"
    ex.kind === 'question'
      ? db.$queryRaw<{ part: string; answer: string; count: number; students: number }[]>`
          select c->>'name' as part, (c->'actual')::text as answer, count(*)::int as count, count(distinct s."userId")::int as students
          from "Submission" s ${inCohort}, ${casesOf} c
          where ${graded} and (c->>'passed')::boolean is false and c ? 'actual'
          group by 1, 2 order by 3 desc, 4 desc, 1, 2 limit 15`
      : Promise.resolve([]),
  ]);

  const failureKinds = [...kinds];
  if (compileErrors[0]?.submissions) failureKinds.push({ kind: 'compile_error', submissions: compileErrors[0].submissions, cases: 0 });
  failureKinds.sort((a, b) => b.submissions - a.submissions || b.cases - a.cases || a.kind.localeCompare(b.kind));
  const firstPassAttempts = firstPass.map((r) => r.n);
  const t = solve[0];
  const num = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(x));
  return {
    ...summary(ex, assigned > 0, students, counts[0]),
    cohort: { id: cohort.id, name: cohort.name },
    attemptsToFirstPass: bucketAttempts(firstPassAttempts),
    medianAttemptsToPass: median(firstPassAttempts),
    solveTime: { count: t?.count ?? 0, medianMs: num(t?.median), p25Ms: num(t?.p25), p75Ms: num(t?.p75) },
    failureKinds: failureKinds.slice(0, 10),
    misconceptions: misconceptions.map((m) => ({ id: m.id, title: m.title ?? m.id, submissions: m.submissions, students: m.students })),
    wrongAnswers: wrongAnswers.map((w) => ({ ...w, answer: givenText(JSON.parse(w.answer)) ?? w.answer })),
  };
}

/** "3 h 20 min", "45 s", "2 d 4 h": a duration at the precision a person reads. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
