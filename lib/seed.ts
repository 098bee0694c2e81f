// Demo data for a first look: a cohort with a join code, an instructor and a student, and a
// practice exam open for a year (questions and code, declining points) once the catalog is synced.
// Only ever written to the embedded database, or when SEED_DEMO=1 asks for it.
import type { Db } from './db.ts';
import { hashPassword } from './passwords.ts';

export const DEMO = {
  cohortName: 'Demo cohort',
  joinCode: 'DEMO-2026',
  password: 'attention',
  instructor: { email: 'instructor@demo.test', name: 'Demo Instructor' },
  student: { email: 'student@demo.test', name: 'Demo Student' },
} as const;

/** The demo cohort's practice exam: two of three attention questions, one of two attention exercises. */
export const DEMO_EXAM = {
  title: 'Practice exam: attention',
  timeLimitMinutes: 45,
  tryPoints: [1, 0.7, 0.5],
  honourCode: 'I will work on this exam alone and use only the course materials.',
  pools: [
    { title: 'Derivations', choose: 2, points: 10, exerciseIds: ['attention/score-variance', 'attention/mask-choice', 'attention/mha-params'] },
    { title: 'Code', choose: 1, points: 20, exerciseIds: ['attention/scaled-dot-product', 'attention/scores'] },
  ],
} as const;

export function shouldSeedDemo(embedded: boolean, env: Record<string, string | undefined> = process.env): boolean {
  return embedded || env.SEED_DEMO === '1';
}

/** Idempotent: running it again changes nothing that exists. */
export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO.password);
  const instructor = await db.user.upsert({
    where: { email: DEMO.instructor.email },
    create: { ...DEMO.instructor, role: 'instructor', passwordHash },
    update: {},
  });
  const student = await db.user.upsert({
    where: { email: DEMO.student.email },
    create: { ...DEMO.student, role: 'student', passwordHash },
    update: {},
  });
  const cohort = await db.cohort.upsert({
    where: { joinCode: DEMO.joinCode },
    create: { name: DEMO.cohortName, joinCode: DEMO.joinCode, createdById: instructor.id },
    update: {},
  });
  for (const [user, role] of [[instructor, 'instructor'], [student, 'student']] as const) {
    await db.enrollment.upsert({
      where: { cohortId_userId: { cohortId: cohort.id, userId: user.id } },
      create: { cohortId: cohort.id, userId: user.id, role },
      update: {},
    });
  }
  const ids = DEMO_EXAM.pools.flatMap((p) => p.exerciseIds);
  const synced = await db.exercise.count({ where: { id: { in: ids } } });
  if (synced === ids.length && (await db.exam.count({ where: { cohortId: cohort.id } })) === 0) {
    const day = 86_400_000;
    await db.exam.create({
      data: {
        cohortId: cohort.id,
        title: DEMO_EXAM.title,
        opensAt: new Date(Date.now() - day),
        closesAt: new Date(Date.now() + 365 * day),
        timeLimitMinutes: DEMO_EXAM.timeLimitMinutes,
        tryPoints: [...DEMO_EXAM.tryPoints],
        honourCode: DEMO_EXAM.honourCode,
        createdById: instructor.id,
        pools: { create: DEMO_EXAM.pools.map((p, i) => ({ position: i + 1, title: p.title, choose: p.choose, points: p.points, items: { create: p.exerciseIds.map((exerciseId) => ({ exerciseId })) } })) },
      },
    });
  }
}
