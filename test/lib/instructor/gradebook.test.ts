// The score rules end to end on a real PostgreSQL: submissions, assignments and extensions written
// as the app writes them, read back through the gradebook and the student drill-down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createAssignments, grantExtension, revokeExtension, updateAssignment } from '../../../lib/instructor/assignments.ts';
import { gradebook, studentDrilldown } from '../../../lib/instructor/gradebook.ts';
import { at, DAY, DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0 } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const base = { opensAt: T0, dueAt: DUE, latePenaltyPerDay: 10, latePenaltyCap: 50 };

async function cohortWith(n: number, names?: string[]) {
  const teacher = await makeUser(t.db, 'instructor');
  const students = [];
  for (let i = 0; i < n; i++) students.push(await makeUser(t.db, 'student', names?.[i]));
  const cohort = await makeCohort(t.db, teacher, students);
  return { teacher, students, cohort };
}

async function assign(teacher: { id: string }, cohortId: string, exerciseId: string, over: Record<string, unknown> = {}) {
  const { created } = await createAssignments(t.db, teacher, cohortId, { target: exerciseId, latePolicy: 'penalty', ...base, ...over });
  return created[0];
}

const cell = async (teacher: { id: string }, cohortId: string, userId: string, assignmentId: string) => {
  const gb = await gradebook(t.db, teacher, cohortId);
  return gb.rows.find((r) => r.userId === userId)!.cells[assignmentId];
};

describe('score rules', () => {
  it('penalty: the best submit after a per-started-day penalty, with the late marker', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks');
    await submit(t.db, s, 'attention/masks', at(T0, HOUR), { passed: 2 }); // 5 on time
    await submit(t.db, s, 'attention/masks', at(DUE, DAY + HOUR), { passed: 4 }); // 10, 2 days late: 8
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 8, maxScore: 10, attempts: 2, late: true, penaltyPercent: 20, extended: false });
  });

  it('penalty: capped however late', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks', { latePenaltyPerDay: 25, latePenaltyCap: 60 });
    await submit(t.db, s, 'attention/masks', at(DUE, 30 * DAY), { passed: 4 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 4, late: true, penaltyPercent: 60 });
  });

  it('reject: late submits score nothing; the on-time best stands', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks', { latePolicy: 'reject' });
    await submit(t.db, s, 'attention/masks', at(T0, HOUR), { passed: 1 });
    await submit(t.db, s, 'attention/masks', at(DUE, 1000), { passed: 4 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 2.5, late: false, attempts: 1, ignored: 1 });
  });

  it('accept: late submits count in full, still marked late', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks', { latePolicy: 'accept' });
    await submit(t.db, s, 'attention/masks', at(DUE, 9 * DAY), { passed: 4 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 10, late: true, penaltyPercent: 0 });
  });

  it('an extension removes the penalty for that student only; revoking it brings it back', async () => {
    const { teacher, students: [s, other], cohort } = await cohortWith(2);
    const a = await assign(teacher, cohort.id, 'attention/masks');
    await submit(t.db, s, 'attention/masks', at(DUE, 2 * HOUR), { passed: 4 });
    await submit(t.db, other, 'attention/masks', at(DUE, 2 * HOUR), { passed: 4 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 9, late: true });
    await grantExtension(t.db, teacher, a.id, s.id, at(DUE, DAY));
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 10, late: false, extended: true, dueAt: at(DUE, DAY) });
    expect(await cell(teacher, cohort.id, other.id, a.id)).toMatchObject({ score: 9, late: true, extended: false });
    await revokeExtension(t.db, teacher, a.id, s.id);
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 9, late: true });
  });

  it('attempt limit: submits beyond it do not count, even when better', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks', { attemptLimit: 2 });
    await submit(t.db, s, 'attention/masks', at(T0, HOUR), { passed: 1 });
    await submit(t.db, s, 'attention/masks', at(T0, 2 * HOUR), { passed: 3 });
    await submit(t.db, s, 'attention/masks', at(T0, 3 * HOUR), { passed: 4 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 7.5, attempts: 2, ignored: 1 });
    // raising the limit afterwards lets the third one count
    await updateAssignment(t.db, teacher, a.id, { ...base, latePolicy: 'penalty', attemptLimit: 3 });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 10, attempts: 3, ignored: 0 });
  });

  it('best score: partial credit per case, the highest counted submit wins; runs never count', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'foundations/dot-product');
    await submit(t.db, s, 'foundations/dot-product', at(T0, HOUR), { passed: 2, total: 3, points: 5 }); // 3.33
    await submit(t.db, s, 'foundations/dot-product', at(T0, 2 * HOUR), { passed: 1, total: 3, points: 5 });
    await t.db.submission.create({ data: { userId: s.id, exerciseId: 'foundations/dot-product', exerciseVersion: 'v1', kind: 'run', code: '', seed: 's', status: 'graded', score: 5, maxScore: 5, verdict: {}, gradedAt: at(T0, 3 * HOUR), createdAt: at(T0, 3 * HOUR) } });
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: 3.33, maxScore: 5, attempts: 2 });
  });

  it('shows a submit still being graded as pending', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks');
    await submit(t.db, s, 'attention/masks', at(T0, HOUR), 'queued');
    expect(await cell(teacher, cohort.id, s.id, a.id)).toMatchObject({ score: null, attempts: 1, pending: 1 });
  });
});

describe('gradebook', () => {
  it('has a column per assignment in curriculum order, totals, sorting and a module filter', async () => {
    const { teacher, students: [ann, bob, cy], cohort } = await cohortWith(3, ['Ann', 'Bob', 'Cy']);
    const masks = await assign(teacher, cohort.id, 'attention/masks');
    const dot = await assign(teacher, cohort.id, 'foundations/dot-product');
    await submit(t.db, ann, 'attention/masks', at(T0, HOUR), { passed: 2 }); // 5
    await submit(t.db, ann, 'foundations/dot-product', at(T0, HOUR), { passed: 4, points: 5 }); // 5
    await submit(t.db, bob, 'attention/masks', at(T0, HOUR), { passed: 4 }); // 10
    await submit(t.db, bob, 'foundations/dot-product', at(T0, HOUR), { passed: 2, points: 5 }); // 2.5

    const gb = await gradebook(t.db, teacher, cohort.id);
    expect(gb.columns.map((c) => c.exerciseId)).toEqual(['foundations/dot-product', 'attention/masks']);
    expect(gb.modules).toEqual(['foundations', 'attention']);
    expect(gb.rows.map((r) => [r.name, r.total, r.maxTotal])).toEqual([
      ['Ann', 10, 15],
      ['Bob', 12.5, 15],
      ['Cy', 0, 15],
    ]);
    const byTotal = await gradebook(t.db, teacher, cohort.id, { sort: 'total' });
    expect(byTotal.rows.map((r) => r.name)).toEqual(['Bob', 'Ann', 'Cy']);
    expect(byTotal.dir).toBe('desc');
    const byDot = await gradebook(t.db, teacher, cohort.id, { sort: `assignment:${dot.id}`, dir: 'asc' });
    expect(byDot.rows.map((r) => r.name)).toEqual(['Bob', 'Ann', 'Cy']); // no score sorts last either way
    const onlyAttention = await gradebook(t.db, teacher, cohort.id, { module: 'attention' });
    expect(onlyAttention.columns.map((c) => c.assignmentId)).toEqual([masks.id]);
    expect(onlyAttention.rows.map((r) => r.total)).toEqual([5, 10, 0]);
    // an unknown module or sort falls back to everything, by name
    const fallback = await gradebook(t.db, teacher, cohort.id, { module: 'nope', sort: 'drop table' });
    expect([fallback.module, fallback.sort, fallback.columns.length]).toEqual([null, 'name', 2]);
    expect(cy).toBeDefined();
  });

  it('drills down into every submit of a student: code, verdict, time, late or not, what counted', async () => {
    const { teacher, students: [s], cohort } = await cohortWith(1);
    const a = await assign(teacher, cohort.id, 'attention/masks', { attemptLimit: 2 });
    await submit(t.db, s, 'attention/masks', at(T0, -HOUR), { passed: 4 }, 'export const early = 1;');
    await submit(t.db, s, 'attention/masks', at(T0, HOUR), { passed: 1 }, 'export const first = 1;');
    await submit(t.db, s, 'attention/masks', at(DUE, HOUR), { passed: 3 }, 'export const late = 1;');
    await submit(t.db, s, 'attention/masks', at(DUE, 2 * HOUR), { passed: 4 }, 'export const third = 1;');
    const d = await studentDrilldown(t.db, teacher, cohort.id, s.id);
    expect(d.student.email).toBe(s.email);
    expect(d.assignments).toHaveLength(1);
    const { cell: c, submissions } = d.assignments[0];
    expect(c).toMatchObject({ score: 6.75, late: true, attempts: 2 });
    expect(submissions.map((x) => [x.code, x.fate, x.attempt, x.daysLate, x.adjusted])).toEqual([
      ['export const early = 1;', 'before-opening', null, 0, null],
      ['export const first = 1;', 'counted', 1, 0, 2.5],
      ['export const late = 1;', 'counted', 2, 1, 6.75],
      ['export const third = 1;', 'over-limit', null, 1, null],
    ]);
    expect(submissions[1].verdict).toMatchObject({ status: 'failed', score: 2.5, cases: expect.any(Array) });
    expect(submissions[1].createdAt).toEqual(at(T0, HOUR));
    expect(d.total).toBe(6.75);
    expect(a.id).toBe(d.assignments[0].column.assignmentId);
  });
});
