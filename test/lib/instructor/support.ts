// Rows the instructor tests build on: people, exercises as the catalog sync writes them, a cohort
// with its roster, and graded submits carrying verdicts in the grader's shape.
import crypto from 'node:crypto';
import type { Db } from '../../../lib/db.ts';
import type { CaseVerdict, Verdict } from '../../../grader/verdict.ts';

export const T0 = new Date('2026-03-02T09:00:00.000Z'); // an assignment opens
export const DUE = new Date('2026-03-09T09:00:00.000Z'); // and is due a week later
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const uid = () => crypto.randomBytes(4).toString('hex');

export async function makeUser(db: Db, role: 'student' | 'instructor' | 'admin', name?: string) {
  const id = uid();
  return db.user.create({ data: { email: `${role}-${id}@example.test`, name: name ?? `${role} ${id}`, role } });
}

export const EXERCISES = [
  { id: 'attention/scores', title: 'Attention scores', module: 'attention', moduleOrder: 3, order: 2, points: 10 },
  { id: 'attention/scaled-dot-product', title: 'Scaled dot-product attention', module: 'attention', moduleOrder: 3, order: 3, points: 10 },
  { id: 'attention/masks', title: 'Attention masks', module: 'attention', moduleOrder: 3, order: 4, points: 10 },
  { id: 'foundations/dot-product', title: 'Dot product', module: 'foundations', moduleOrder: 1, order: 1, points: 5 },
  { id: 'foundations/softmax', title: 'Softmax', module: 'foundations', moduleOrder: 1, order: 4, points: 5 },
] as const;

export async function seedExercises(db: Db, version = 'v1') {
  for (const e of EXERCISES) {
    await db.exercise.upsert({ where: { id: e.id }, create: { ...e, contentVersion: version }, update: {} });
    await db.exerciseVersion.upsert({
      where: { exerciseId_contentVersion: { exerciseId: e.id, contentVersion: version } },
      create: { exerciseId: e.id, contentVersion: version, firstSeenAt: new Date('2026-01-01T00:00:00Z') },
      update: {},
    });
  }
}

/** A cohort taught by `teacher` with `students` enrolled (rows written directly, as sign-up does). */
export async function makeCohort(db: Db, teacher: { id: string }, students: { id: string }[], name = `Cohort ${uid()}`) {
  const cohort = await db.cohort.create({ data: { name, joinCode: `T-${uid().toUpperCase()}`, createdById: teacher.id } });
  await db.enrollment.create({ data: { cohortId: cohort.id, userId: teacher.id, role: 'instructor' } });
  for (const s of students) await db.enrollment.create({ data: { cohortId: cohort.id, userId: s.id, role: 'student' } });
  return cohort;
}

/** A verdict as the grader writes it: `passed` of `total` cases pass, points shared equally. */
export function verdictFor(exerciseId: string, points: number, passed: number, total = 4, extra: Partial<CaseVerdict>[] = [], version = 'v1'): Verdict {
  const per = points / total;
  const cases: CaseVerdict[] = Array.from({ length: total }, (_, i) => {
    const ok = i < passed;
    const base: CaseVerdict = ok
      ? { name: `case ${i + 1}`, visible: i < 2, passed: true, points: Math.round(per * 100) / 100, kind: 'passed', message: 'passed' }
      : { name: `case ${i + 1}`, visible: i < 2, passed: false, points: 0, kind: 'wrong', message: 'values differ' };
    return { ...base, ...(extra[i] ?? {}) };
  });
  const score = Math.round(per * passed * 100) / 100;
  return { exerciseId, exerciseVersion: version, status: passed === total ? 'passed' : 'failed', score, maxScore: points, cases, cpuMs: 3, wallMs: 5 };
}

/**
 * The scope a submit is written in, as the app would record it: the cohort given (null: practice),
 * else the student's only cohort (a student in several must say which), with that cohort's
 * assignment of the exercise when it has one.
 */
async function scopeOf(db: Db, userId: string, exerciseId: string, cohortId: string | null | undefined) {
  let cid = cohortId;
  if (cid === undefined) {
    const cohorts = await db.enrollment.findMany({ where: { userId, role: 'student' }, select: { cohortId: true } });
    if (cohorts.length > 1) throw new Error('submit(): the student is in several cohorts; pass { cohortId }');
    cid = cohorts[0]?.cohortId ?? null;
  }
  const a = cid ? await db.assignment.findUnique({ where: { cohortId_exerciseId: { cohortId: cid, exerciseId } }, select: { id: true } }) : null;
  return { cohortId: cid, assignmentId: a?.id ?? null };
}

export async function submit(
  db: Db,
  user: { id: string },
  exerciseId: string,
  createdAt: Date,
  graded: { passed: number; total?: number; points?: number; extra?: Partial<CaseVerdict>[]; version?: string } | 'queued' | 'error',
  code = 'export function f() { return 0; }',
  where: { cohortId?: string | null } = {},
) {
  const points = typeof graded === 'object' ? (graded.points ?? 10) : 10;
  const scope = await scopeOf(db, user.id, exerciseId, where.cohortId);
  if (graded === 'queued' || graded === 'error') {
    return db.submission.create({ data: { userId: user.id, ...scope, exerciseId, exerciseVersion: 'v1', kind: 'submit', code, seed: 's', status: graded, createdAt, ...(graded === 'error' ? { verdict: { error: 'sandbox crashed' } } : {}) } });
  }
  const v = verdictFor(exerciseId, points, graded.passed, graded.total ?? 4, graded.extra ?? [], graded.version ?? 'v1');
  return db.submission.create({
    data: {
      userId: user.id,
      ...scope,
      exerciseId,
      exerciseVersion: graded.version ?? 'v1',
      kind: 'submit',
      code,
      seed: 's',
      status: 'graded',
      score: v.score,
      maxScore: v.maxScore,
      verdict: v as object,
      createdAt,
      gradedAt: at(createdAt, 2000),
    },
  });
}
