// Every instructor function refuses a student (403) and an instructor of another cohort (404, as
// if the cohort did not exist), changes nothing when it refuses, and lets an admin through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startQueue } from '../../../lib/queue.ts';
import type { Actor } from '../../../lib/instructor/authorization.ts';
import { createCohort, getCohort, listCohorts, regenerateJoinCode, renameCohort, setCohortArchived } from '../../../lib/instructor/cohorts.ts';
import { addToRoster, changeRosterRole, listRoster, removeFromRoster } from '../../../lib/instructor/roster.ts';
import { createAssignments, deleteAssignment, getAssignment, grantExtension, listAssignments, revokeExtension, updateAssignment } from '../../../lib/instructor/assignments.ts';
import { gradebook, studentDrilldown } from '../../../lib/instructor/gradebook.ts';
import { gradebookCsv } from '../../../lib/instructor/csv.ts';
import { cohortAnalytics, exerciseAnalytics } from '../../../lib/instructor/analytics.ts';
import { listStaleSubmissions, regradeOverview, requestRegrade, retryFailedRegrades } from '../../../lib/instructor/regrade.ts';
import { exerciseDetail, instructorCatalog, tryCode } from '../../../lib/instructor/exercises.ts';
import { at, DAY, DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0 } from './support.ts';

let t: TestDatabase;
let boss: PgBoss;
let teacher: Actor;
let otherTeacher: Actor;
let student: Actor & { email: string };
let admin: Actor;
let cohortId: string;
let assignmentId: string;
let staleId: string;

beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
  boss = await startQueue(t.url, { max: 2 });
  const tu = await makeUser(t.db, 'instructor');
  const ou = await makeUser(t.db, 'instructor');
  const su = await makeUser(t.db, 'student');
  teacher = { id: tu.id, role: 'instructor' };
  otherTeacher = { id: ou.id, role: 'instructor' };
  student = { id: su.id, role: 'student', email: su.email };
  admin = { id: (await makeUser(t.db, 'admin')).id, role: 'admin' };
  const cohort = await makeCohort(t.db, tu, [su], 'Theirs');
  await makeCohort(t.db, ou, [], 'Other');
  cohortId = cohort.id;
  assignmentId = (await createAssignments(t.db, teacher, cohortId, { target: 'attention/masks', opensAt: T0, dueAt: DUE, latePolicy: 'penalty' })).created[0].id;
  await grantExtension(t.db, teacher, assignmentId, student.id, at(DUE, DAY));
  await submit(t.db, su, 'attention/masks', at(T0, HOUR), { passed: 2 });
  // graded on an older version: something to regrade
  await t.db.exercise.update({ where: { id: 'attention/masks' }, data: { contentVersion: 'v2' } });
  staleId = (await t.db.submission.findFirstOrThrow({ where: { userId: student.id } })).id;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await t?.drop();
});

const settings = { opensAt: T0, dueAt: DUE, latePolicy: 'accept' };

/** Every instructor function that acts on the cohort (or something in it), as the given actor. */
function cohortScoped(actor: Actor): Record<string, () => Promise<unknown>> {
  return {
    getCohort: () => getCohort(t.db, actor, cohortId),
    renameCohort: () => renameCohort(t.db, actor, cohortId, 'Hijacked'),
    archiveCohort: () => setCohortArchived(t.db, actor, cohortId, true),
    regenerateJoinCode: () => regenerateJoinCode(t.db, actor, cohortId),
    listRoster: () => listRoster(t.db, actor, cohortId),
    addToRoster: () => addToRoster(t.db, actor, cohortId, { email: student.email }),
    removeFromRoster: () => removeFromRoster(t.db, actor, cohortId, student.id),
    changeRosterRole: () => changeRosterRole(t.db, actor, cohortId, student.id, 'instructor'),
    listAssignments: () => listAssignments(t.db, actor, cohortId),
    getAssignment: () => getAssignment(t.db, actor, assignmentId),
    createAssignments: () => createAssignments(t.db, actor, cohortId, { target: 'module:foundations', ...settings }),
    updateAssignment: () => updateAssignment(t.db, actor, assignmentId, { ...settings, latePolicy: 'reject' }),
    deleteAssignment: () => deleteAssignment(t.db, actor, assignmentId),
    grantExtension: () => grantExtension(t.db, actor, assignmentId, student.id, at(DUE, 9 * DAY)),
    revokeExtension: () => revokeExtension(t.db, actor, assignmentId, student.id),
    gradebook: () => gradebook(t.db, actor, cohortId),
    studentDrilldown: () => studentDrilldown(t.db, actor, cohortId, student.id),
    gradebookCsv: () => gradebookCsv(t.db, actor, cohortId),
    cohortAnalytics: () => cohortAnalytics(t.db, actor, cohortId),
    exerciseAnalytics: () => exerciseAnalytics(t.db, actor, cohortId, 'attention/masks'),
    regradeOverview: () => regradeOverview(t.db, actor, { cohortId }),
    listStaleSubmissions: () => listStaleSubmissions(t.db, actor, { cohortId }),
    requestRegrade: () => requestRegrade(t.db, boss, actor, { cohortId }),
    retryFailedRegrades: () => retryFailedRegrades(t.db, boss, actor, { cohortId }),
  };
}

/** Instructor functions that are not about one cohort. */
function global(actor: Actor): Record<string, () => Promise<unknown>> {
  return {
    listCohorts: () => listCohorts(t.db, actor),
    createCohort: () => createCohort(t.db, actor, { name: 'Mine now' }),
    regradeOverviewAll: () => regradeOverview(t.db, actor),
    listStaleAll: () => listStaleSubmissions(t.db, actor),
    requestRegradeAll: () => requestRegrade(t.db, boss, actor),
    retryFailedAll: () => retryFailedRegrades(t.db, boss, actor),
    instructorCatalog: () => instructorCatalog(t.db, actor),
    exerciseDetail: () => exerciseDetail(t.db, actor, 'attention/masks'),
    tryCode: () => tryCode(t.db, actor, { exerciseId: 'attention/masks', code: 'export const x = 1;' }),
  };
}

async function snapshot() {
  const [cohort, enrollments, assignments, extensions, submissions, regrades, cohorts] = await Promise.all([
    t.db.cohort.findUniqueOrThrow({ where: { id: cohortId } }),
    t.db.enrollment.findMany({ where: { cohortId }, orderBy: { id: 'asc' } }),
    t.db.assignment.findMany({ where: { cohortId }, orderBy: { id: 'asc' } }),
    t.db.extension.findMany({ orderBy: { id: 'asc' } }),
    t.db.submission.findMany({ orderBy: { id: 'asc' } }),
    t.db.regrade.count(),
    t.db.cohort.count(),
  ]);
  return { cohort, enrollments, assignments, extensions, submissions, regrades, cohorts };
}

describe('a student', () => {
  it('is refused by every instructor function with 403, and nothing changes', async () => {
    const before = await snapshot();
    const all = { ...cohortScoped(student), ...global(student) };
    for (const [name, call] of Object.entries(all)) {
      await expect(call(), name).rejects.toMatchObject({ name: 'AccessDenied', status: 403, reason: 'not-staff' });
    }
    expect(Object.keys(all)).toHaveLength(33);
    expect(await snapshot()).toEqual(before);
  });

  it('is refused even when the session claims a higher role (the role is read from the database)', async () => {
    await expect(gradebook(t.db, { id: student.id, role: 'admin' }, cohortId)).rejects.toMatchObject({ status: 403 });
    await expect(listCohorts(t.db, { id: 'no-such-user', role: 'admin' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('an instructor of another cohort', () => {
  it('is refused by every function on this cohort with 404, and nothing changes', async () => {
    const before = await snapshot();
    for (const [name, call] of Object.entries(cohortScoped(otherTeacher))) {
      await expect(call(), name).rejects.toMatchObject({ name: 'AccessDenied', status: 404 });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('gets the same 404 for a cohort that does not exist', async () => {
    await expect(gradebook(t.db, otherTeacher, cohortId)).rejects.toMatchObject({ status: 404, message: 'Not found: this cohort does not exist or is not yours to see.' });
    await expect(gradebook(t.db, otherTeacher, 'c-does-not-exist')).rejects.toMatchObject({ status: 404, message: 'Not found: this cohort does not exist or is not yours to see.' });
  });

  it('sees none of it through the functions that are not about one cohort', async () => {
    expect((await listCohorts(t.db, otherTeacher)).map((c) => c.name)).toEqual(['Other']);
    expect(await regradeOverview(t.db, otherTeacher)).toEqual({ stale: [], inProgress: 0, failed: 0 });
    expect(await listStaleSubmissions(t.db, otherTeacher)).toEqual([]);
    expect(await requestRegrade(t.db, boss, otherTeacher)).toEqual({ queued: 0, remaining: 0 });
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: staleId } })).toMatchObject({ status: 'graded', exerciseVersion: 'v1' });
  });
});

describe('the cohort own instructor and an admin', () => {
  it('both read everything', async () => {
    for (const actor of [teacher, admin]) {
      expect((await gradebook(t.db, actor, cohortId)).rows).toHaveLength(1);
      expect((await studentDrilldown(t.db, actor, cohortId, student.id)).assignments).toHaveLength(1);
      expect((await listStaleSubmissions(t.db, actor)).map((s) => s.id)).toEqual([staleId]);
      expect((await listCohorts(t.db, actor)).map((c) => c.id)).toContain(cohortId);
    }
  });
  it('a drill-down into someone who is not a student of the cohort is a 404', async () => {
    await expect(studentDrilldown(t.db, teacher, cohortId, teacher.id)).rejects.toMatchObject({ status: 404 });
    await expect(studentDrilldown(t.db, teacher, cohortId, admin.id)).rejects.toMatchObject({ status: 404 });
  });
});
