// The schema on a real PostgreSQL, migrated from empty: every model can be written and read back,
// and the database itself refuses rows that would break integrity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function seedBasics() {
  const db = t.db;
  const suffix = Math.random().toString(36).slice(2, 8);
  const student = await db.user.create({ data: { email: `s-${suffix}@example.test`, name: 'Ada', passwordHash: 'x', role: 'student' } });
  const teacher = await db.user.create({ data: { email: `i-${suffix}@example.test`, name: 'Alan', role: 'instructor' } });
  const exercise = await db.exercise.upsert({
    where: { id: 'attention/scaled-dot-product' },
    create: { id: 'attention/scaled-dot-product', contentVersion: 'v1', title: 'Scaled dot-product attention', module: 'attention', moduleOrder: 3, order: 3, points: 10 },
    update: {},
  });
  const cohort = await db.cohort.create({ data: { name: 'Spring', joinCode: `J-${suffix.toUpperCase()}`, createdById: teacher.id } });
  return { student, teacher, exercise, cohort };
}

describe('schema', () => {
  it('writes and reads every model', async () => {
    const db = t.db;
    const { student, teacher, exercise, cohort } = await seedBasics();
    await db.exerciseVersion.create({ data: { exerciseId: exercise.id, contentVersion: 'v1' } });
    await db.enrollment.create({ data: { cohortId: cohort.id, userId: student.id } });
    await db.enrollment.create({ data: { cohortId: cohort.id, userId: teacher.id, role: 'instructor' } });
    const opensAt = new Date('2026-01-01T00:00:00Z');
    const assignment = await db.assignment.create({
      data: { cohortId: cohort.id, exerciseId: exercise.id, opensAt, dueAt: new Date('2026-02-01T00:00:00Z'), latePolicy: 'penalty', attemptLimit: 5 },
    });
    await db.extension.create({ data: { assignmentId: assignment.id, cohortId: cohort.id, userId: student.id, dueAt: new Date('2026-02-08T00:00:00Z') } });
    const verdict = { status: 'passed', score: 10, cases: [{ name: 'a', passed: true }] };
    const sub = await db.submission.create({
      data: { userId: student.id, cohortId: cohort.id, assignmentId: assignment.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'submit', code: 'export function f() {}', seed: 'seed-1' },
    });
    await db.submission.update({ where: { id: sub.id }, data: { status: 'graded', score: 10, maxScore: 10, verdict, cpuMs: 3, wallMs: 5, gradedAt: new Date() } });
    await db.regrade.create({ data: { submissionId: sub.id, exerciseVersion: 'v0', score: 5, maxScore: 10, verdict: { old: true } } });
    await db.draft.create({ data: { userId: student.id, scope: cohort.id, cohortId: cohort.id, exerciseId: exercise.id, code: '// draft' } });
    await db.progress.create({ data: { userId: student.id, scope: cohort.id, cohortId: cohort.id, exerciseId: exercise.id, bestScore: 10, maxScore: 10, attempts: 1, firstSolvedAt: new Date() } });
    await db.account.create({ data: { userId: student.id, type: 'oidc', provider: 'example', providerAccountId: '42' } });
    await db.session.create({ data: { sessionToken: `tok-${sub.id}`, userId: student.id, expires: new Date(Date.now() + 3600_000) } });
    await db.verificationToken.create({ data: { identifier: student.email, token: `v-${sub.id}`, expires: new Date() } });

    const back = await db.user.findUniqueOrThrow({
      where: { id: student.id },
      include: { enrollments: true, extensions: true, submissions: { include: { regrades: true } }, drafts: true, progress: true, accounts: true, sessions: true },
    });
    expect(back.enrollments).toHaveLength(1);
    expect(back.extensions[0].dueAt.toISOString()).toBe('2026-02-08T00:00:00.000Z');
    expect(back.submissions[0].verdict).toEqual(verdict);
    expect(back.submissions[0].regrades[0].verdict).toEqual({ old: true });
    expect(back.drafts[0].code).toBe('// draft');
    expect(back.progress[0].bestScore).toBe(10);
    expect(back.accounts[0].providerAccountId).toBe('42');
    expect(back.sessions).toHaveLength(1);
    const a = await db.assignment.findUniqueOrThrow({ where: { id: assignment.id }, include: { extensions: true, cohort: true } });
    expect(a.latePolicy).toBe('penalty');
    expect(a.cohort.name).toBe('Spring');
    expect(await db.verificationToken.count()).toBe(1);
    expect(await db.exerciseVersion.count({ where: { exerciseId: exercise.id } })).toBe(1);
  });

  it('refuses duplicate emails, join codes and enrollments', async () => {
    const db = t.db;
    const { student, cohort } = await seedBasics();
    await expect(db.user.create({ data: { email: student.email } })).rejects.toThrow(/Unique constraint/);
    await expect(db.cohort.create({ data: { name: 'Other', joinCode: cohort.joinCode } })).rejects.toThrow(/Unique constraint/);
    await db.enrollment.create({ data: { cohortId: cohort.id, userId: student.id } });
    await expect(db.enrollment.create({ data: { cohortId: cohort.id, userId: student.id } })).rejects.toThrow(/Unique constraint/);
  });

  it('refuses orphans: rows pointing at nothing', async () => {
    const db = t.db;
    const { student } = await seedBasics();
    await expect(
      db.submission.create({ data: { userId: student.id, exerciseId: 'no/such-exercise', exerciseVersion: 'v', kind: 'run', code: '', seed: 's' } }),
    ).rejects.toThrow(/Foreign key constraint/);
    await expect(db.enrollment.create({ data: { cohortId: 'missing', userId: student.id } })).rejects.toThrow(/Foreign key constraint/);
    await expect(db.$executeRawUnsafe(`insert into "Draft" ("userId", scope, "exerciseId", code, "updatedAt") values ('ghost', '', 'attention/scaled-dot-product', '', now())`)).rejects.toThrow(/foreign key/i);
  });

  it('deletes a user together with everything that is theirs', async () => {
    const db = t.db;
    const { student, exercise, cohort } = await seedBasics();
    await db.enrollment.create({ data: { cohortId: cohort.id, userId: student.id } });
    await db.submission.create({ data: { userId: student.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'submit', code: '', seed: 's' } });
    await db.draft.create({ data: { userId: student.id, scope: '', exerciseId: exercise.id, code: '' } });
    await db.user.delete({ where: { id: student.id } });
    expect(await db.submission.count({ where: { userId: student.id } })).toBe(0);
    expect(await db.enrollment.count({ where: { userId: student.id } })).toBe(0);
    expect(await db.draft.count({ where: { userId: student.id } })).toBe(0);
  });

  it("holds extensions to a student on their assignment's cohort roster, and scoped work to its cohort", async () => {
    const db = t.db;
    const { student, exercise, cohort } = await seedBasics();
    const other = await db.cohort.create({ data: { name: 'Other', joinCode: `O-${cohort.joinCode}` } });
    const a = await db.assignment.create({ data: { cohortId: cohort.id, exerciseId: exercise.id, opensAt: new Date('2026-01-01'), dueAt: new Date('2026-02-01') } });
    const due = new Date('2026-02-08');
    // not on the roster: refused; naming another cohort than the assignment's: refused
    await expect(db.extension.create({ data: { assignmentId: a.id, cohortId: cohort.id, userId: student.id, dueAt: due } })).rejects.toThrow(/Foreign key constraint/);
    await db.enrollment.create({ data: { cohortId: other.id, userId: student.id } });
    await expect(db.extension.create({ data: { assignmentId: a.id, cohortId: other.id, userId: student.id, dueAt: due } })).rejects.toThrow(/Foreign key constraint/);
    await db.enrollment.create({ data: { cohortId: cohort.id, userId: student.id } });
    await db.extension.create({ data: { assignmentId: a.id, cohortId: cohort.id, userId: student.id, dueAt: due } });
    // leaving the roster takes the extension along
    await db.enrollment.delete({ where: { cohortId_userId: { cohortId: cohort.id, userId: student.id } } });
    expect(await db.extension.count({ where: { assignmentId: a.id } })).toBe(0);
    // a cohort holding work cannot be deleted (it is archived instead)
    await db.submission.create({ data: { userId: student.id, cohortId: other.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'submit', code: '', seed: 's' } });
    await expect(db.cohort.delete({ where: { id: other.id } })).rejects.toThrow();
  });

  it('refuses exercises with submissions from being deleted', async () => {
    const db = t.db;
    const { student, exercise } = await seedBasics();
    await db.submission.create({ data: { userId: student.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'submit', code: '', seed: 's' } });
    await expect(db.exercise.delete({ where: { id: exercise.id } })).rejects.toThrow();
  });

  it('enforces the check constraints', async () => {
    const db = t.db;
    const { student, exercise, cohort } = await seedBasics();
    await expect(db.user.create({ data: { email: 'UPPER@example.test' } })).rejects.toThrow(/User_email_lowercase/);
    await expect(
      db.assignment.create({ data: { cohortId: cohort.id, exerciseId: exercise.id, opensAt: new Date('2026-03-01'), dueAt: new Date('2026-02-01') } }),
    ).rejects.toThrow(/Assignment_due_after_open/);
    await expect(
      db.assignment.create({ data: { cohortId: cohort.id, exerciseId: exercise.id, opensAt: new Date('2026-01-01'), dueAt: new Date('2026-02-01'), latePenaltyPerDay: 150 } }),
    ).rejects.toThrow(/Assignment_penalty_range/);
    const sub = await db.submission.create({ data: { userId: student.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'submit', code: '', seed: 's' } });
    await expect(db.submission.update({ where: { id: sub.id }, data: { score: 11, maxScore: 10 } })).rejects.toThrow(/Submission_score_range/);
    await expect(db.submission.update({ where: { id: sub.id }, data: { status: 'graded' } })).rejects.toThrow(/Submission_graded_has_verdict/);
    await expect(db.progress.create({ data: { userId: student.id, scope: '', exerciseId: exercise.id, bestScore: 12, maxScore: 10 } })).rejects.toThrow(/Progress_score_range/);
    // the scope key says what cohortId says: '' for practice, the cohort's id otherwise
    await expect(db.progress.create({ data: { userId: student.id, scope: '', cohortId: cohort.id, exerciseId: exercise.id, maxScore: 10 } })).rejects.toThrow(/Progress_scope_matches_cohort/);
    await expect(db.progress.create({ data: { userId: student.id, scope: cohort.id, exerciseId: exercise.id, maxScore: 10 } })).rejects.toThrow(/Progress_scope_matches_cohort/);
    await expect(db.draft.create({ data: { userId: student.id, scope: 'x', cohortId: cohort.id, exerciseId: exercise.id, code: '' } })).rejects.toThrow(/Draft_scope_matches_cohort/);
    await expect(db.cohort.create({ data: { name: '  ', joinCode: 'VALID-CODE' } })).rejects.toThrow(/Cohort_name_nonempty/);
  });
});
