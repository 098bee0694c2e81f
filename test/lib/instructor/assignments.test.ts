// Assignments, extensions, and the two questions the learner's side asks: "what is assigned to me,
// due when?" and "may I submit this now?".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createAssignments, deleteAssignment, getAssignment, grantExtension, listAssignments, revokeExtension, updateAssignment } from '../../../lib/instructor/assignments.ts';
import { assignmentsForStudent, checkSubmissionAllowed } from '../../../lib/instructor/student.ts';
import { setCohortArchived } from '../../../lib/instructor/cohorts.ts';
import { at, DAY, DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0 } from './support.ts';
import { inCohort, practice } from '../../support/scope.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const settings = { opensAt: T0, dueAt: DUE, latePolicy: 'penalty', latePenaltyPerDay: 10, latePenaltyCap: 50 };

async function setup() {
  const teacher = await makeUser(t.db, 'instructor');
  const student = await makeUser(t.db, 'student');
  const cohort = await makeCohort(t.db, teacher, [student]);
  return { teacher, student, cohort };
}

describe('creating assignments', () => {
  it('assigns one exercise, with the settings given', async () => {
    const { teacher, cohort } = await setup();
    const { created, skipped } = await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, attemptLimit: '3' });
    expect(skipped).toEqual([]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ exerciseId: 'attention/masks', title: 'Attention masks', opensAt: T0, dueAt: DUE, latePolicy: 'penalty', attemptLimit: 3, points: 10 });
  });

  it('assigns a whole module in curriculum order, skipping exercises already assigned', async () => {
    const { teacher, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/scaled-dot-product', ...settings });
    const { created, skipped } = await createAssignments(t.db, teacher, cohort.id, { target: 'module:attention', ...settings, latePolicy: 'accept' });
    expect(created.map((a) => a.exerciseId)).toEqual(['attention/scores', 'attention/masks']);
    expect(skipped).toEqual(['attention/scaled-dot-product']);
    const all = await listAssignments(t.db, teacher, cohort.id);
    expect(all.map((a) => [a.exerciseId, a.latePolicy])).toEqual([
      ['attention/scores', 'accept'],
      ['attention/scaled-dot-product', 'penalty'],
      ['attention/masks', 'accept'],
    ]);
  });

  it('refuses bad input with a message an instructor can act on', async () => {
    const { teacher, cohort } = await setup();
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'nope/nothing', ...settings })).rejects.toThrow('There is no exercise "nope/nothing".');
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'module:nope', ...settings })).rejects.toThrow('There is no module "nope".');
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, dueAt: at(T0, -DAY) })).rejects.toThrow('The due date must not be before the opening.');
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, opensAt: 'soon' })).rejects.toThrow('The opening date is not a valid date.');
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, latePolicy: 'maybe' })).rejects.toThrow('Choose a late policy.');
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, latePenaltyPerDay: 120 })).rejects.toThrow(/at most 100/);
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, attemptLimit: '0' })).rejects.toThrow('The attempt limit is at least 1.');
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings });
    await expect(createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings })).rejects.toThrow(/already assigned/);
  });

  it('updates and deletes', async () => {
    const { teacher, cohort } = await setup();
    const [a] = (await createAssignments(t.db, teacher, cohort.id, { target: 'foundations/softmax', ...settings })).created;
    const u = await updateAssignment(t.db, teacher, a.id, { ...settings, latePolicy: 'reject', attemptLimit: '' });
    expect(u).toMatchObject({ latePolicy: 'reject', attemptLimit: null });
    await deleteAssignment(t.db, teacher, a.id);
    expect(await listAssignments(t.db, teacher, cohort.id)).toEqual([]);
  });
});

describe('extensions', () => {
  it('are granted to a student of the cohort only, replaced, and revoked', async () => {
    const { teacher, student, cohort } = await setup();
    const outsider = await makeUser(t.db, 'student');
    const [a] = (await createAssignments(t.db, teacher, cohort.id, { target: 'foundations/dot-product', ...settings })).created;
    await grantExtension(t.db, teacher, a.id, student.id, at(DUE, DAY).toISOString());
    await grantExtension(t.db, teacher, a.id, student.id, at(DUE, 2 * DAY));
    const detail = await getAssignment(t.db, teacher, a.id);
    expect(detail.extensionList).toEqual([{ userId: student.id, email: student.email, name: student.name, dueAt: at(DUE, 2 * DAY) }]);
    await expect(grantExtension(t.db, teacher, a.id, outsider.id, at(DUE, DAY))).rejects.toMatchObject({ name: 'AccessDenied', status: 404 });
    await expect(grantExtension(t.db, teacher, a.id, student.id, at(T0, -1))).rejects.toThrow(/not be before the opening/);
    await revokeExtension(t.db, teacher, a.id, student.id);
    expect((await getAssignment(t.db, teacher, a.id)).extensionList).toEqual([]);
  });
});

describe('assignmentsForStudent', () => {
  it('lists the student assignments soonest due first, with their own due date and state', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, dueAt: at(DUE, DAY), latePolicy: 'reject' });
    const [dot] = (await createAssignments(t.db, teacher, cohort.id, { target: 'foundations/dot-product', ...settings, attemptLimit: 2 })).created;
    await grantExtension(t.db, teacher, dot.id, student.id, at(DUE, 3 * DAY));
    await submit(t.db, student, 'foundations/dot-product', at(T0, HOUR), { passed: 2, points: 5 });

    const before = await assignmentsForStudent(t.db, inCohort(student.id, cohort.id), at(T0, -HOUR));
    expect(before.map((a) => [a.exerciseId, a.state])).toEqual([
      ['attention/masks', 'upcoming'],
      ['foundations/dot-product', 'upcoming'],
    ]);
    const later = await assignmentsForStudent(t.db, inCohort(student.id, cohort.id), at(DUE, 2 * DAY));
    const masks = later.find((a) => a.exerciseId === 'attention/masks')!;
    const d = later.find((a) => a.exerciseId === 'foundations/dot-product')!;
    expect(masks).toMatchObject({ state: 'closed', extended: false, cohortName: cohort.name, attemptsUsed: 0, score: null });
    expect(d).toMatchObject({ state: 'open', extended: true, dueAt: at(DUE, 3 * DAY), originalDueAt: DUE, attemptLimit: 2, attemptsUsed: 1, score: 2.5, late: false });
  });

  it('leaves out archived cohorts and cohorts the user teaches rather than studies', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings });
    expect(await assignmentsForStudent(t.db, inCohort(teacher.id, cohort.id))).toEqual([]);
    await setCohortArchived(t.db, teacher, cohort.id, true);
    expect(await assignmentsForStudent(t.db, inCohort(student.id, cohort.id))).toEqual([]);
  });
});

describe('checkSubmissionAllowed', () => {
  it('allows anything not assigned (free practice)', async () => {
    const { student, cohort } = await setup();
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', T0)).toEqual({ ok: true, assignmentId: null, late: false, penaltyPercent: 0, attemptsLeft: null, message: null });
  });

  it('refuses before the opening, with the date', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings });
    const gate = await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(T0, -1));
    expect(gate).toMatchObject({ ok: false, reason: 'not-open' });
    expect(gate.ok ? '' : gate.message).toBe(`This exercise opens for submissions on 2026-03-02 09:00 UTC (${cohort.name}). Submissions before then are not accepted.`);
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', T0)).toMatchObject({ ok: true, late: false });
  });

  it('refuses late work under reject, unless the student has an extension', async () => {
    const { teacher, student, cohort } = await setup();
    const [a] = (await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, latePolicy: 'reject' })).created;
    const gate = await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(DUE, 1));
    expect(gate).toMatchObject({ ok: false, reason: 'late-rejected', message: 'The due date (2026-03-09 09:00 UTC) has passed, and this assignment does not accept late submissions.' });
    await grantExtension(t.db, teacher, a.id, student.id, at(DUE, DAY));
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(DUE, 1))).toMatchObject({ ok: true, late: false });
  });

  it('accepts late work under penalty and says what it costs', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings });
    const gate = await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(DUE, DAY + 1));
    expect(gate).toEqual({ ok: true, assignmentId: expect.any(String), late: true, penaltyPercent: 20, attemptsLeft: null, message: 'This submission is 2 days late: its score loses 20 %.' });
  });

  it('refuses once the attempt limit is used; grader failures do not use attempts', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, attemptLimit: 2 });
    await submit(t.db, student, 'attention/masks', at(T0, -DAY), { passed: 1 }); // practice before the opening
    await submit(t.db, student, 'attention/masks', at(T0, HOUR), { passed: 1 });
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(T0, 2 * HOUR))).toMatchObject({ ok: true, attemptsLeft: 0, message: '0 attempts left after this one.' });
    await submit(t.db, student, 'attention/masks', at(T0, 2 * HOUR), 'error');
    await submit(t.db, student, 'attention/masks', at(T0, 3 * HOUR), 'queued');
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, cohort.id), 'attention/masks', at(T0, 4 * HOUR))).toMatchObject({
      ok: false,
      reason: 'attempt-limit',
      message: 'You have used all 2 attempts for this assignment.',
    });
  });

  it('answers inside the submit path transaction too (serialised with the insert it guards)', async () => {
    const { teacher, student, cohort } = await setup();
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings, attemptLimit: 1 });
    const gate = await t.db.$transaction(async (tx) => {
      const first = await checkSubmissionAllowed(tx, inCohort(student.id, cohort.id), 'attention/masks', at(T0, HOUR));
      await tx.submission.create({ data: { userId: student.id, cohortId: cohort.id, exerciseId: 'attention/masks', exerciseVersion: 'v1', kind: 'submit', code: '', seed: 's', createdAt: at(T0, HOUR) } });
      return [first, await checkSubmissionAllowed(tx, inCohort(student.id, cohort.id), 'attention/masks', at(T0, 2 * HOUR))];
    });
    expect(gate.map((g) => (g.ok ? 'ok' : g.reason))).toEqual(['ok', 'attempt-limit']);
  });

  it("counts only the same cohort's submits: two cohorts assigning one exercise have attempts and due dates of their own", async () => {
    const { teacher, student, cohort: a } = await setup();
    const b = await makeCohort(t.db, teacher, [student]);
    await createAssignments(t.db, teacher, a.id, { target: 'attention/masks', ...settings, attemptLimit: 1 });
    await createAssignments(t.db, teacher, b.id, { target: 'attention/masks', ...settings, dueAt: at(DUE, 7 * DAY), attemptLimit: 1 });
    await submit(t.db, student, 'attention/masks', at(T0, HOUR), { passed: 1 }, undefined, { cohortId: a.id });
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, a.id), 'attention/masks', at(T0, 2 * HOUR))).toMatchObject({ ok: false, reason: 'attempt-limit' });
    expect(await checkSubmissionAllowed(t.db, inCohort(student.id, b.id), 'attention/masks', at(T0, 2 * HOUR))).toMatchObject({ ok: true, attemptsLeft: 0 });
    // a day after A's due date: late in A (and out of attempts), on time in B
    const gateB = await checkSubmissionAllowed(t.db, inCohort(student.id, b.id), 'attention/masks', at(DUE, DAY));
    expect(gateB).toMatchObject({ ok: true, late: false, penaltyPercent: 0 });
    expect((await assignmentsForStudent(t.db, inCohort(student.id, b.id), at(DUE, DAY))).map((x) => [x.cohortId, x.state, x.attemptsUsed])).toEqual([[b.id, 'open', 0]]);
    // practice has no rules
    expect(await checkSubmissionAllowed(t.db, practice(student.id), 'attention/masks', at(DUE, 30 * DAY))).toMatchObject({ ok: true, assignmentId: null });
    expect(await assignmentsForStudent(t.db, practice(student.id))).toEqual([]);
  });
});
