// Exams, for the staff of a cohort: building one (window, time limit, tries and their points,
// honour code, pools of questions and code exercises), extra time per student, releasing the
// results, and each student's score. Every function checks the actor first (authorization.ts): an
// exam is reached through its cohort, so staff who do not teach that cohort get "not found".
// An exam's items are fixed once a student has started it (their draw refers to them); its window
// and extra time can still move, which changes the end of attempts that start afterwards.
import { z } from 'zod';
import type { Db } from '../db.ts';
import { recordAudit } from '../audit.ts';
import { AccessDenied, InputError, parseInput, requireCohort, requireStaff, requireStudentOf, type Actor, type Staff } from '../instructor/authorization.ts';
import { assignableFilter } from '../instructor/assignments.ts';
import { asStudent, type GradebookStudent } from '../instructor/gradebook.ts';
import { parseTrySchedule } from './scoring.ts';
import { validatePools } from './draw.ts';
import { attemptScore, type AttemptScore } from './results.ts';

const date = (label: string) =>
  z.union([z.date(), z.string().trim().min(1, `Enter the ${label}.`)]).transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `The ${label} is not a valid date.` });
      return z.NEVER;
    }
    return d;
  });

const poolInput = z.object({
  title: z.string().trim().max(120, 'A pool title is at most 120 characters.').default(''),
  choose: z.coerce.number({ error: 'How many items to draw is a number.' }).int('How many items to draw is a whole number.').min(1, 'Draw at least 1 item from a pool.'),
  points: z.coerce.number({ error: "A pool's points are a number." }).positive("A pool's points must be more than 0.").max(1000, "A pool's points are at most 1000."),
  exerciseIds: z.array(z.string().max(140)).max(100, 'A pool holds at most 100 items.'),
});

export const examInput = z
  .object({
    title: z.string().trim().min(1, 'Give the exam a title.').max(120, 'The title is at most 120 characters.'),
    opensAt: date('opening time'),
    closesAt: date('closing time'),
    timeLimitMinutes: z.coerce.number({ error: 'The time limit is a number of minutes.' }).int('The time limit is a whole number of minutes.').min(1, 'The time limit is at least 1 minute.').max(24 * 60, 'The time limit is at most 24 hours.'),
    tryPoints: z.string().max(200),
    honourCode: z.string().trim().min(1, 'Write the honour code students acknowledge.').max(4000, 'The honour code is at most 4000 characters.'),
    pools: z.array(poolInput).min(1, 'Add at least one pool.').max(20, 'An exam has at most 20 pools.'),
  })
  .refine((e) => e.closesAt.getTime() > e.opensAt.getTime(), { message: 'The exam must close after it opens.', path: ['closesAt'] });

export type ExamInput = z.input<typeof examInput>;

export const DEFAULT_HONOUR_CODE =
  'I will work on this exam alone, without help from anyone and without sharing its questions, and I will use only the materials my instructor allows.';

/** Creates an exam in a cohort the actor teaches; returns its id. */
export async function createExam(db: Db, actor: Actor, cohortId: string, raw: unknown): Promise<{ id: string }> {
  const { staff, cohort } = await requireCohort(db, actor, cohortId);
  if (cohort.archived) throw new InputError('This cohort is archived: it takes no new exams.');
  const input = parseInput(examInput, raw);
  const tries = parseTrySchedule(input.tryPoints);
  if (!tries.ok) throw new InputError(tries.error, 'tryPoints');
  const problems = validatePools(input.pools);
  if (problems.length > 0) throw new InputError(problems[0], 'pools');
  const ids = [...new Set(input.pools.flatMap((p) => p.exerciseIds))];
  const known = await db.exercise.findMany({ where: { AND: [{ id: { in: ids } }, await assignableFilter(db, staff)] }, select: { id: true } });
  const missing = ids.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0) throw new InputError(`Unknown item: ${missing[0]}.`, 'pools');
  return db.$transaction(async (tx) => {
    const exam = await tx.exam.create({
      data: {
        cohortId,
        title: input.title,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        timeLimitMinutes: input.timeLimitMinutes,
        tryPoints: tries.schedule,
        honourCode: input.honourCode,
        createdById: staff.id,
        pools: {
          create: input.pools.map((p, i) => ({ position: i + 1, title: p.title || `Pool ${i + 1}`, choose: p.choose, points: p.points, items: { create: p.exerciseIds.map((exerciseId) => ({ exerciseId })) } })),
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: staff.id, action: 'exam_create', cohortId, details: { examId: exam.id, title: input.title } });
    return exam;
  });
}

const settingsInput = z
  .object({ title: examInput.shape.title, opensAt: date('opening time'), closesAt: date('closing time'), timeLimitMinutes: examInput.shape.timeLimitMinutes, honourCode: examInput.shape.honourCode })
  .refine((e) => e.closesAt.getTime() > e.opensAt.getTime(), { message: 'The exam must close after it opens.', path: ['closesAt'] });

/**
 * Moves the window, changes the time limit, the title or the honour code. Attempts already started
 * keep the end they were given (a student is never told one end and held to another); to give one
 * of them more time, use extra time. The pools and the tries are fixed once created.
 */
export async function updateExamSettings(db: Db, actor: Actor, examId: string, raw: unknown): Promise<void> {
  const { staff, exam } = await requireExam(db, actor, examId);
  const input = parseInput(settingsInput, raw);
  await db.$transaction(async (tx) => {
    await tx.exam.update({ where: { id: examId }, data: input });
    await recordAudit(tx, { actorId: staff.id, action: 'exam_update', cohortId: exam.cohortId, details: { examId, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString(), timeLimitMinutes: input.timeLimitMinutes } });
  });
}

/** The exam, reached through a cohort the actor teaches. */
export async function requireExam(db: Db, actor: Actor, examId: string) {
  const staff = await requireStaff(db, actor);
  if (typeof examId !== 'string' || examId.length === 0 || examId.length > 64) throw new AccessDenied('missing', 'exam');
  const exam = await db.exam.findFirst({
    where: { id: examId, cohort: staff.role === 'admin' ? {} : { enrollments: { some: { userId: staff.id, role: 'instructor' } } } },
    include: { cohort: { select: { id: true, name: true, archived: true } }, pools: { orderBy: { position: 'asc' }, include: { items: { include: { exercise: { select: { id: true, title: true, kind: true } } } } } }, extraTimes: true },
  });
  if (!exam) {
    const exists = await db.exam.count({ where: { id: examId } });
    throw new AccessDenied(exists ? 'not-teaching' : 'missing', 'exam');
  }
  return { staff, exam };
}

export type StaffExam = Awaited<ReturnType<typeof requireExam>>['exam'];

export interface ExamSummary {
  id: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitMinutes: number;
  releasedAt: Date | null;
  items: number; // per student
  maxScore: number;
  started: number;
}

/** A cohort's exams, soonest first. */
export async function listExams(db: Db, actor: Actor, cohortId: string): Promise<ExamSummary[]> {
  await requireCohort(db, actor, cohortId);
  const rows = await db.exam.findMany({ where: { cohortId }, orderBy: [{ opensAt: 'asc' }, { id: 'asc' }], include: { pools: true, _count: { select: { attempts: true } } } });
  return rows.map((e) => ({
    id: e.id,
    title: e.title,
    opensAt: e.opensAt,
    closesAt: e.closesAt,
    timeLimitMinutes: e.timeLimitMinutes,
    releasedAt: e.releasedAt,
    items: e.pools.reduce((s, p) => s + p.choose, 0),
    maxScore: examMaxScore(e.pools),
    started: e._count.attempts,
  }));
}

export function examMaxScore(pools: readonly { choose: number; points: number }[]): number {
  return Math.round(pools.reduce((s, p) => s + p.choose * p.points, 0) * 100) / 100;
}

const extraInput = z.object({
  userId: z.string().min(1, 'Choose a student.').max(64),
  minutes: z.coerce.number({ error: 'Extra time is a number of minutes.' }).int('Extra time is a whole number of minutes.').min(0, 'Extra time is at least 0 minutes.').max(24 * 60, 'Extra time is at most 24 hours.'),
});

/** Sets a student's extra time (0 removes it). An attempt already started keeps its end unless it is moved later. */
export async function setExtraTime(db: Db, actor: Actor, examId: string, raw: unknown): Promise<void> {
  const { staff, exam } = await requireExam(db, actor, examId);
  const { userId, minutes } = parseInput(extraInput, raw);
  await requireStudentOf(db, exam.cohortId, userId);
  await db.$transaction(async (tx) => {
    if (minutes === 0) await tx.examExtraTime.deleteMany({ where: { examId, userId } });
    else await tx.examExtraTime.upsert({ where: { examId_userId: { examId, userId } }, create: { examId, userId, minutes }, update: { minutes } });
    // a student who already started gets the difference too, never less time than they were told
    const attempt = await tx.examAttempt.findUnique({ where: { examId_userId: { examId, userId } } });
    if (attempt) {
      const before = exam.extraTimes.find((x) => x.userId === userId)?.minutes ?? 0;
      const delta = minutes - before;
      if (delta > 0) await tx.examAttempt.update({ where: { id: attempt.id }, data: { endsAt: new Date(attempt.endsAt.getTime() + delta * 60_000) } });
    }
    await recordAudit(tx, { actorId: staff.id, action: 'exam_extra_time', cohortId: exam.cohortId, targetUserId: userId, details: { examId, minutes } });
  });
}

/** Releases (or withdraws) the results: students then see their score, every try's verdict and the worked solutions. */
export async function setReleased(db: Db, actor: Actor, examId: string, released: boolean): Promise<void> {
  const { staff, exam } = await requireExam(db, actor, examId);
  await db.$transaction(async (tx) => {
    await tx.exam.update({ where: { id: examId }, data: { releasedAt: released ? new Date() : null } });
    await recordAudit(tx, { actorId: staff.id, action: released ? 'exam_release' : 'exam_withdraw', cohortId: exam.cohortId, details: { examId } });
  });
}

export interface ExamResultRow extends GradebookStudent {
  extraMinutes: number;
  attempt: (AttemptScore & { startedAt: Date; endsAt: Date; lateTries: number }) | null;
}

/** Every student of the cohort with their attempt's score (staff see it before release too). */
export async function examResults(db: Db, actor: Actor, examId: string): Promise<{ exam: StaffExam; maxScore: number; rows: ExamResultRow[] }> {
  const { exam } = await requireExam(db, actor, examId);
  return { exam, maxScore: examMaxScore(exam.pools), rows: await resultRows(db, exam) };
}

/** The rows of examResults for an exam already checked (the gradebook and the CSV use it too). */
export async function resultRows(db: Db, exam: { id: string; cohortId: string; tryPoints: number[]; extraTimes: { userId: string; minutes: number }[] }): Promise<ExamResultRow[]> {
  const [students, attempts] = await Promise.all([
    db.enrollment.findMany({ where: { cohortId: exam.cohortId, role: 'student' }, select: { user: { select: { id: true, email: true, name: true, deletedAt: true } } }, orderBy: { user: { email: 'asc' } } }),
    db.examAttempt.findMany({
      where: { examId: exam.id },
      include: {
        items: { orderBy: { position: 'asc' } },
        tries: { where: { kind: 'exam' }, select: { exerciseId: true, status: true, score: true, maxScore: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
        _count: { select: { lateTries: true } },
      },
    }),
  ]);
  const byUser = new Map(attempts.map((a) => [a.userId, a]));
  return students.map(({ user }) => {
    const a = byUser.get(user.id);
    return {
      ...asStudent(user),
      extraMinutes: exam.extraTimes.find((x) => x.userId === user.id)?.minutes ?? 0,
      attempt: a ? { ...attemptScore(a.items, a.tries, exam.tryPoints), startedAt: a.startedAt, endsAt: a.endsAt, lateTries: a._count.lateTries } : null,
    };
  });
}

export interface AttemptDetail {
  exam: StaffExam;
  student: GradebookStudent;
  startedAt: Date;
  endsAt: Date;
  acknowledgedAt: Date;
  score: AttemptScore;
  items: {
    position: number;
    exerciseId: string;
    title: string;
    kind: 'code' | 'question';
    tries: { id: string; createdAt: Date; status: string; score: number | null; maxScore: number | null; worth: number; code: string }[];
    late: { createdAt: Date; payload: string }[];
  }[];
}

/** One student's attempt, try by try (answers and code as sent, late tries too), for the staff of the exam's cohort; null when they did not start. */
export async function examAttemptDetail(db: Db, actor: Actor, examId: string, userId: string): Promise<AttemptDetail | null> {
  const { exam } = await requireExam(db, actor, examId);
  const user = await requireStudentOf(db, exam.cohortId, userId);
  const a = await db.examAttempt.findUnique({
    where: { examId_userId: { examId, userId } },
    include: {
      items: { orderBy: { position: 'asc' } },
      tries: { orderBy: { createdAt: 'asc' }, select: { id: true, exerciseId: true, createdAt: true, status: true, score: true, maxScore: true, code: true } },
      lateTries: { orderBy: { createdAt: 'asc' } },
    },
  });
  if (!a) return null;
  const titles = new Map((await db.exercise.findMany({ where: { id: { in: a.items.map((i) => i.exerciseId) } }, select: { id: true, title: true, kind: true } })).map((x) => [x.id, x]));
  return {
    exam,
    student: asStudent(user),
    startedAt: a.startedAt,
    endsAt: a.endsAt,
    acknowledgedAt: a.acknowledgedAt,
    score: attemptScore(a.items, a.tries, exam.tryPoints),
    items: a.items.map((i) => ({
      position: i.position,
      exerciseId: i.exerciseId,
      title: titles.get(i.exerciseId)?.title ?? i.exerciseId,
      kind: titles.get(i.exerciseId)?.kind ?? 'code',
      tries: a.tries.filter((t) => t.exerciseId === i.exerciseId).map((t, n) => ({ id: t.id, createdAt: t.createdAt, status: t.status, score: t.score, maxScore: t.maxScore, worth: exam.tryPoints[n] ?? 0, code: t.code })),
      late: a.lateTries.filter((l) => l.exerciseId === i.exerciseId).map((l) => ({ createdAt: l.createdAt, payload: l.payload })),
    })),
  };
}

export type { Staff };
