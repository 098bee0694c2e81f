// The audit log on a real PostgreSQL: each staff action writes its record in its own transaction
// (a refused or failed action leaves none), admins read it with filters and pages, nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { startQueue } from '../../lib/queue.ts';
import { listAudit } from '../../lib/audit.ts';
import { addToRoster, changeRosterRole, removeFromRoster } from '../../lib/instructor/roster.ts';
import { grantExtension, revokeExtension } from '../../lib/instructor/assignments.ts';
import { requestRegrade, retryFailedRegrades } from '../../lib/instructor/regrade.ts';
import { anonymise } from '../../lib/account/delete.ts';
import { DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0, at } from './instructor/support.ts';

let t: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db, 'v2');
  boss = await startQueue(t.url, { max: 3 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await t?.drop();
});

const records = (cohortId: string) => t.db.auditEvent.findMany({ where: { cohortId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

describe('staff actions are audited', () => {
  it('roster changes and extensions, with who, whom, where; refused ones leave nothing', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const second = await makeUser(t.db, 'instructor');
    const student = await makeUser(t.db, 'student');
    const cohort = await makeCohort(t.db, teacher, []);
    await addToRoster(t.db, teacher, cohort.id, { email: student.email, role: 'student' });
    await addToRoster(t.db, teacher, cohort.id, { email: second.email, role: 'student' });
    await changeRosterRole(t.db, teacher, cohort.id, second.id, 'instructor');
    const a = await t.db.assignment.create({ data: { cohortId: cohort.id, exerciseId: 'foundations/dot-product', opensAt: T0, dueAt: DUE } });
    await grantExtension(t.db, teacher, a.id, student.id, at(DUE, 24 * HOUR).toISOString());
    await grantExtension(t.db, second, a.id, student.id, at(DUE, 48 * HOUR).toISOString());
    await revokeExtension(t.db, teacher, a.id, student.id);
    await grantExtension(t.db, teacher, a.id, student.id, at(DUE, 24 * HOUR).toISOString());
    await removeFromRoster(t.db, teacher, cohort.id, student.id);

    // refused: the last instructor cannot leave, a missing extension, a stranger
    const stranger = await makeUser(t.db, 'instructor');
    await removeFromRoster(t.db, teacher, cohort.id, second.id);
    await expect(removeFromRoster(t.db, teacher, cohort.id, teacher.id)).rejects.toMatchObject({ name: 'InputError' });
    await expect(revokeExtension(t.db, teacher, a.id, student.id)).rejects.toMatchObject({ status: 404 });
    await expect(addToRoster(t.db, stranger, cohort.id, { email: student.email })).rejects.toMatchObject({ status: 404 });

    const log = await records(cohort.id);
    expect(log.map((r) => [r.action, r.actorId, r.targetUserId])).toEqual([
      ['roster_add', teacher.id, student.id],
      ['roster_add', teacher.id, second.id],
      ['roster_role_change', teacher.id, second.id],
      ['extension_grant', teacher.id, student.id],
      ['extension_grant', second.id, student.id],
      ['extension_revoke', teacher.id, student.id],
      ['extension_grant', teacher.id, student.id],
      ['roster_remove', teacher.id, student.id],
      ['roster_remove', teacher.id, second.id],
    ]);
    expect(log[2].details).toEqual({ from: 'student', to: 'instructor' });
    expect(log[4]).toMatchObject({ exerciseId: 'foundations/dot-product', details: { assignmentId: a.id, dueAt: at(DUE, 48 * HOUR).toISOString(), previousDueAt: at(DUE, 24 * HOUR).toISOString() } });
    expect(log[7].details).toEqual({ role: 'student', extensionsRemoved: 1 });
    // no personal data of its own: ids only
    expect(JSON.stringify(log)).not.toContain(student.email);
  });

  it('regrade requests and retries, once per request; deleted accounts are never regraded', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const s1 = await makeUser(t.db, 'student');
    const s2 = await makeUser(t.db, 'student');
    const gone = await makeUser(t.db, 'student');
    const cohort = await makeCohort(t.db, teacher, [s1, s2, gone]);
    for (const s of [s1, s2, gone]) await submit(t.db, s, 'foundations/dot-product', at(T0, HOUR), { passed: 2, points: 5, version: 'v1' });
    const keep = await submit(t.db, gone, 'foundations/softmax', at(T0, HOUR), { passed: 3, points: 5, version: 'v1' });
    await anonymise(t.db, gone.id);

    const r = await requestRegrade(t.db, boss, teacher, { cohortId: cohort.id }, { batchSize: 1 });
    expect(r).toEqual({ queued: 2, remaining: 0 });
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: keep.id } })).status).toBe('graded');
    // nothing stale left in scope: no record for a request that changed nothing
    expect(await requestRegrade(t.db, boss, teacher, { cohortId: cohort.id })).toEqual({ queued: 0, remaining: 0 });

    await t.db.submission.updateMany({ where: { userId: s1.id }, data: { status: 'error' } });
    expect(await retryFailedRegrades(t.db, boss, teacher, { cohortId: cohort.id })).toBe(1);
    const log = await records(cohort.id);
    expect(log.map((x) => [x.action, x.details])).toEqual([
      ['regrade_request', { scope: { cohortId: cohort.id, exerciseId: null }, queued: 2 }],
      ['regrade_retry', { retried: 1 }],
    ]);
  });
});

describe('the audit log for admins', () => {
  it('filters by actor, action, target and dates, pages newest first, and is for admins only', async () => {
    const admin = await makeUser(t.db, 'admin');
    const teacher = await makeUser(t.db, 'instructor');
    const student = await makeUser(t.db, 'student', 'Grace Filterable');
    const cohort = await makeCohort(t.db, teacher, [], 'Audit filter cohort');
    const base = new Date('2026-05-01T12:00:00Z');
    await t.db.auditEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        actorId: i % 2 ? teacher.id : admin.id,
        action: i % 3 === 0 ? ('extension_grant' as const) : ('roster_add' as const),
        targetUserId: student.id,
        cohortId: cohort.id,
        createdAt: new Date(base.getTime() + i * HOUR),
      })),
    });
    await expect(listAudit(t.db, teacher, {})).rejects.toMatchObject({ status: 403 });
    await expect(listAudit(t.db, student, {})).rejects.toMatchObject({ status: 403 });

    const q = { target: cohort.id };
    const p1 = await listAudit(t.db, admin, q);
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows[0].createdAt.getTime()).toBe(base.getTime() + 119 * HOUR);
    const p2 = await listAudit(t.db, admin, { ...q, after: p1.next });
    const p3 = await listAudit(t.db, admin, { ...q, after: p2.next });
    expect(p3.next).toBeNull();
    const ids = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);

    expect((await listAudit(t.db, admin, { ...q, actor: teacher.email })).rows.every((r) => r.actor?.id === teacher.id)).toBe(true);
    expect((await listAudit(t.db, admin, { ...q, action: 'extension_grant' })).rows.every((r) => r.action === 'extension_grant')).toBe(true);
    const day = await listAudit(t.db, admin, { ...q, from: '2026-05-02', to: '2026-05-02' });
    expect(day.rows).toHaveLength(24);
    expect(day.rows.every((r) => r.createdAt.toISOString().startsWith('2026-05-02'))).toBe(true);
    expect((await listAudit(t.db, admin, { target: student.email })).rows.length).toBe(50);
    expect((await listAudit(t.db, admin, { target: 'audit FILTER' })).rows.length).toBe(50); // the cohort's name
    expect((await listAudit(t.db, admin, { target: 'nobody-at-all' })).rows).toEqual([]);
    await expect(listAudit(t.db, admin, { from: '2026-02-31' })).rejects.toMatchObject({ name: 'InputError' });
    await expect(listAudit(t.db, admin, { action: 'drop table' })).rejects.toMatchObject({ name: 'InputError' });

    // a deleted target reads as one
    expect(p1.rows[0].targetUser?.label).toContain('Grace Filterable');
    await anonymise(t.db, student.id);
    const after = await listAudit(t.db, admin, q);
    expect(after.rows[0].targetUser).toMatchObject({ label: 'Deleted student', deleted: true });
  });
});
