// Cohorts and rosters on a real PostgreSQL: create, rename, archive, join codes, who teaches what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createCohort, generateJoinCode, getCohort, listCohorts, regenerateJoinCode, renameCohort, setCohortArchived } from '../../../lib/instructor/cohorts.ts';
import { addToRoster, changeRosterRole, listRoster, removeFromRoster } from '../../../lib/instructor/roster.ts';
import { joinCohort } from '../../../lib/accounts.ts';
import { makeUser } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('join codes', () => {
  it('are two groups of four unambiguous characters, and differ', () => {
    const codes = new Set(Array.from({ length: 200 }, generateJoinCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });
});

describe('cohorts', () => {
  it('are created taught by their creator, renamed and archived', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const c = await createCohort(t.db, teacher, { name: '  Spring 2026  ' });
    expect(c).toMatchObject({ name: 'Spring 2026', archived: false, students: 0, instructors: 1, assignments: 0 });
    expect(c.joinCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await renameCohort(t.db, teacher, c.id, 'Spring 2026 (B)')).name).toBe('Spring 2026 (B)');
    expect((await setCohortArchived(t.db, teacher, c.id, true)).archived).toBe(true);
    expect((await setCohortArchived(t.db, teacher, c.id, false)).archived).toBe(false);
  });

  it('refuse empty or oversized names with a message', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    await expect(createCohort(t.db, teacher, { name: '   ' })).rejects.toThrow('Give the cohort a name.');
    await expect(createCohort(t.db, teacher, { name: 'x'.repeat(101) })).rejects.toThrow(/at most 100/);
    await expect(createCohort(t.db, teacher, { name: 42 })).rejects.toThrow();
  });

  it('regenerate their join code: the old one stops admitting, the new one admits', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const student = await makeUser(t.db, 'student');
    const late = await makeUser(t.db, 'student');
    const c = await createCohort(t.db, teacher, { name: 'Codes' });
    expect(await joinCohort(t.db, student.id, c.joinCode, 'test-a')).toMatchObject({ ok: true });
    const fresh = await regenerateJoinCode(t.db, teacher, c.id);
    expect(fresh).not.toBe(c.joinCode);
    expect(await joinCohort(t.db, late.id, c.joinCode, 'test-b')).toMatchObject({ ok: false });
    expect(await joinCohort(t.db, late.id, fresh, 'test-b')).toMatchObject({ ok: true });
    expect((await getCohort(t.db, teacher, c.id)).students).toBe(2); // the first student stays
  });

  it('an archived cohort admits nobody', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const c = await createCohort(t.db, teacher, { name: 'Old' });
    await setCohortArchived(t.db, teacher, c.id, true);
    expect(await joinCohort(t.db, (await makeUser(t.db, 'student')).id, c.joinCode, 'test-c')).toMatchObject({ ok: false });
  });

  it('an instructor lists only the cohorts they teach; an admin lists all', async () => {
    const a = await makeUser(t.db, 'instructor');
    const b = await makeUser(t.db, 'instructor');
    const admin = await makeUser(t.db, 'admin');
    const ca = await createCohort(t.db, a, { name: 'A' });
    const cb = await createCohort(t.db, b, { name: 'B' });
    expect((await listCohorts(t.db, a)).map((c) => c.id)).toEqual([ca.id]);
    expect((await listCohorts(t.db, b)).map((c) => c.id)).toEqual([cb.id]);
    const all = (await listCohorts(t.db, admin)).map((c) => c.id);
    expect(all).toEqual(expect.arrayContaining([ca.id, cb.id]));
  });
});

describe('roster', () => {
  it('adds existing accounts by email (any case), lists, changes roles and removes', async () => {
    const teacher = await makeUser(t.db, 'instructor', 'Zed Teacher');
    const colleague = await makeUser(t.db, 'instructor', 'Amy Colleague');
    const student = await makeUser(t.db, 'student', 'Bob Student');
    const c = await createCohort(t.db, teacher, { name: 'Roster' });
    await addToRoster(t.db, teacher, c.id, { email: ` ${student.email.toUpperCase()} ` });
    await addToRoster(t.db, teacher, c.id, { email: colleague.email, role: 'instructor' });
    const roster = await listRoster(t.db, teacher, c.id);
    expect(roster.map((r) => [r.name, r.role])).toEqual([
      ['Amy Colleague', 'instructor'],
      ['Zed Teacher', 'instructor'],
      ['Bob Student', 'student'],
    ]);
    // the colleague now teaches it
    expect((await listCohorts(t.db, colleague)).map((x) => x.id)).toContain(c.id);
    await changeRosterRole(t.db, teacher, c.id, colleague.id, 'student');
    expect((await listCohorts(t.db, colleague)).map((x) => x.id)).not.toContain(c.id);
    await removeFromRoster(t.db, teacher, c.id, student.id);
    expect((await listRoster(t.db, teacher, c.id)).map((r) => r.userId).sort()).toEqual([colleague.id, teacher.id].sort());
  });

  it('says why an add fails: unknown email, already enrolled, a student made instructor', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const student = await makeUser(t.db, 'student');
    const c = await createCohort(t.db, teacher, { name: 'Errors' });
    await expect(addToRoster(t.db, teacher, c.id, { email: 'nobody@example.test' })).rejects.toThrow(`No account uses nobody@example.test. Students can sign up with the join code ${c.joinCode}.`);
    await expect(addToRoster(t.db, teacher, c.id, { email: 'not an email' })).rejects.toThrow('Enter a valid email address.');
    await expect(addToRoster(t.db, teacher, c.id, { email: student.email, role: 'instructor' })).rejects.toThrow(/student account; only instructor accounts can teach/);
    await addToRoster(t.db, teacher, c.id, { email: student.email });
    await expect(addToRoster(t.db, teacher, c.id, { email: student.email })).rejects.toThrow(/already on the roster \(as student\)/);
    await expect(changeRosterRole(t.db, teacher, c.id, student.id, 'instructor')).rejects.toThrow(/only instructor accounts can teach/);
    await expect(changeRosterRole(t.db, teacher, c.id, student.id, 'owner')).rejects.toThrow(/student or instructor/);
  });

  it('never leaves a cohort without an instructor', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const admin = await makeUser(t.db, 'admin');
    const c = await createCohort(t.db, teacher, { name: 'Last' });
    await expect(removeFromRoster(t.db, teacher, c.id, teacher.id)).rejects.toThrow(/at least one instructor/);
    await expect(changeRosterRole(t.db, admin, c.id, teacher.id, 'student')).rejects.toThrow(/at least one instructor/);
    expect((await listRoster(t.db, teacher, c.id))[0]).toMatchObject({ userId: teacher.id, role: 'instructor' });
  });

  it('removing a student also removes their extensions in that cohort', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const student = await makeUser(t.db, 'student');
    await t.db.exercise.upsert({
      where: { id: 'foundations/dot-product' },
      create: { id: 'foundations/dot-product', contentVersion: 'v1', title: 'Dot product', module: 'foundations', moduleOrder: 1, order: 1, points: 5 },
      update: {},
    });
    const c = await createCohort(t.db, teacher, { name: 'Ext' });
    await addToRoster(t.db, teacher, c.id, { email: student.email });
    const a = await t.db.assignment.create({ data: { cohortId: c.id, exerciseId: 'foundations/dot-product', opensAt: new Date('2026-01-01'), dueAt: new Date('2026-02-01') } });
    await t.db.extension.create({ data: { assignmentId: a.id, cohortId: c.id, userId: student.id, dueAt: new Date('2026-02-05') } });
    await removeFromRoster(t.db, teacher, c.id, student.id);
    expect(await t.db.extension.count({ where: { userId: student.id } })).toBe(0);
  });
});
