// Starting against a database: migrations, catalog mirror, and demo data only where it belongs.
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { prepareDatabase } from '../../lib/bootstrap.ts';
import { DEMO } from '../../lib/seed.ts';
import { listExercises } from '../../exercises/catalog.ts';
import { listQuestions } from '../../exercises/questions.ts';

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

describe('prepareDatabase', () => {
  it('never writes the demo accounts to a database given by DATABASE_URL', async () => {
    t = await freshDatabase();
    const report = await prepareDatabase({ url: t.url, embedded: false, env: {} });
    expect(report.seeded).toBe(false);
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.cohort.count({ where: { joinCode: DEMO.joinCode } })).toBe(0);
  });

  it('writes them when SEED_DEMO=1 asks, and again changes nothing', async () => {
    t = await freshDatabase();
    await prepareDatabase({ url: t.url, embedded: false, env: { SEED_DEMO: '1' } });
    await prepareDatabase({ url: t.url, embedded: false, env: { SEED_DEMO: '1' } });
    const users = await t.db.user.findMany({ orderBy: { email: 'asc' } });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      [DEMO.instructor.email, 'instructor'],
      [DEMO.student.email, 'student'],
    ]);
    const cohort = await t.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode }, include: { enrollments: true } });
    expect(cohort.name).toBe(DEMO.cohortName);
    expect(cohort.enrollments).toHaveLength(2);
  });

  it('seeds the embedded database', async () => {
    t = await freshDatabase();
    expect((await prepareDatabase({ url: t.url, embedded: true, env: {} })).seeded).toBe(true);
    expect(await t.db.user.count()).toBe(2);
  });

  it('mirrors every catalog exercise and question of the bank with its content version, once', async () => {
    t = await freshDatabase();
    const first = await prepareDatabase({ url: t.url, embedded: false, env: {} });
    const second = await prepareDatabase({ url: t.url, embedded: false, env: {} });
    const ids = [...listExercises().map((e) => e.id), ...listQuestions().map((q) => q.id)];
    expect(first.sync.added).toEqual(ids);
    expect(second.sync).toEqual({ total: ids.length, added: [], changed: [] });
    expect(await t.db.exercise.count()).toBe(ids.length);
    expect(await t.db.exerciseVersion.count()).toBe(ids.length);
    expect(await t.db.exercise.count({ where: { kind: 'code' } })).toBe(listExercises().length);
  });
});
