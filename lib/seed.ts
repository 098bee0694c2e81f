// Demo data for a first look: a cohort with a join code, an instructor and a student. Only ever
// written to the embedded database, or when SEED_DEMO=1 asks for it.
import type { Db } from './db.ts';
import { hashPassword } from './passwords.ts';

export const DEMO = {
  cohortName: 'Demo cohort',
  joinCode: 'DEMO-2026',
  password: 'attention',
  instructor: { email: 'instructor@demo.test', name: 'Demo Instructor' },
  student: { email: 'student@demo.test', name: 'Demo Student' },
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
}
