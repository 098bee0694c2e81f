// Learners and authored exercises on a real PostgreSQL and the web process's real sandbox pool: an
// authored exercise opens only for its authors, admins and learners whose cohort it is assigned
// to; Run grades its visible cases; Submit records the current published version; the course map
// lists it after the built-in course.
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { createAuthoredExercise, publishExercise } from '../../../lib/authoring/store.ts';
import { openableAuthoredId } from '../../../lib/authoring/live.ts';
import { courseMap, exerciseView } from '../../../lib/course.ts';
import { runCode, runRuntime, visibleCasesOf } from '../../../lib/run.ts';
import { submit } from '../../../lib/submissions.ts';
import { startQueue } from '../../../lib/queue.ts';
import { rmsNorm } from '../../grader/content/support.ts';
import { makeCohort, makeUser } from '../instructor/support.ts';

const ID = 'transformer-extras/rms-norm';
let t: TestDatabase;
let boss: PgBoss;
let teacher: { id: string };
let ada: { id: string };
let outsider: { id: string };
let cohortId: string;

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  boss = await startQueue(t.url, { max: 3 });
  const rt = await runRuntime();
  await rt.pool.ready();
  teacher = await makeUser(t.db, 'instructor');
  ada = await makeUser(t.db, 'student', 'Ada');
  outsider = await makeUser(t.db, 'student', 'Outsider');
  await createAuthoredExercise(t.db, { id: ID, ownerId: teacher.id, files: rmsNorm });
  await publishExercise(t.db, rt.pool, { id: ID, userId: teacher.id, changeNote: 'first' });
  const cohort = await makeCohort(t.db, teacher, [ada]);
  cohortId = cohort.id;
  await t.db.assignment.create({ data: { cohortId: cohort.id, exerciseId: ID, opensAt: new Date('2026-01-01'), dueAt: new Date('2030-01-01'), latePolicy: 'accept' } });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  const rt = await runRuntime();
  await Promise.all([rt.pool.close(), rt.scratch.close()]);
  await t?.drop();
});

describe('an authored exercise for learners', () => {
  it('opens for its cohort, its author and admins, and for nobody else', async () => {
    expect(await openableAuthoredId(t.db, ada, ID)).toBe(ID);
    expect(await openableAuthoredId(t.db, teacher, ID)).toBe(ID);
    expect(await openableAuthoredId(t.db, { id: outsider.id, role: 'admin' }, ID)).toBe(ID);
    expect(await openableAuthoredId(t.db, outsider, ID)).toBeNull();
    expect(await openableAuthoredId(t.db, ada, 'foundations/softmax')).toBeNull(); // not authored: the catalog's
    expect(await exerciseView(ID, { prompt: true, db: t.db, viewer: outsider })).toBeNull();
  });

  it('shows its prompt, hints, starter and visible cases to the learner', async () => {
    const view = await exerciseView(ID, { prompt: true, db: t.db, viewer: ada });
    expect(view).toMatchObject({ title: 'RMSNorm', moduleTitle: 'Transformer extras', points: 10, functionName: 'rmsNorm', starter: rmsNorm['starter.ts'] });
    expect(view!.promptHtml).toContain('katex');
    expect(view!.promptHtml).not.toContain('<h1>RMSNorm</h1>');
    const cases = await visibleCasesOf(t.db, ada, ID);
    expect(cases.map((c) => c.name)).toEqual(['the worked example', '2 tokens, 3 features', 'a large eps']);
    expect(cases[0].args).toEqual([[[1, 2, 2, 4]], [1, 1, 1, 1], 1e-5]);
  });

  it('runs the visible cases with misconception hints, and refuses an outsider', async () => {
    const wrong = rmsNorm['solution.ts'].replace('Math.sqrt(meanSquare + eps)', 'Math.sqrt(meanSquare) + eps');
    const r = await runCode(t.db, { userId: ada.id, cohortId: cohortId }, ID, wrong, undefined, ada);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.verdict.status).toBe('failed');
    expect(r.verdict.cases.find((c) => c.name === 'a large eps')?.misconception?.id).toBe('eps-outside-sqrt');
    const good = await runCode(t.db, { userId: ada.id, cohortId: cohortId }, ID, rmsNorm['solution.ts'], undefined, ada);
    expect(good.ok && good.verdict.status).toBe('passed');
    expect(await runCode(t.db, { userId: outsider.id, cohortId: null }, ID, rmsNorm['solution.ts'], undefined, outsider)).toMatchObject({ ok: false, error: 'Unknown exercise.' });
  });

  it('records a submit on the current version, and refuses an outsider', async () => {
    const current = (await t.db.exercise.findUniqueOrThrow({ where: { id: ID } })).contentVersion;
    const r = await submit({ db: t.db, boss: async () => boss }, { userId: ada.id, cohortId }, { exerciseId: ID, code: rmsNorm['solution.ts'] }, { viewer: ada });
    expect(r.ok).toBe(true);
    if (r.ok) expect((await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).exerciseVersion).toBe(current);
    expect(await submit({ db: t.db, boss: async () => boss }, { userId: outsider.id, cohortId: null }, { exerciseId: ID, code: rmsNorm['solution.ts'] }, { viewer: outsider })).toMatchObject({ ok: false, error: 'Unknown exercise.' });
  });

  it('appears on the course map of its cohort after the built-in course', async () => {
    const map = await courseMap(t.db, { userId: ada.id, cohortId });
    const last = map.modules[map.modules.length - 1];
    expect(last).toMatchObject({ title: 'Transformer extras', number: 9 });
    expect(last.exercises.map((e) => e.id)).toEqual([ID]);
    expect(map.totals.exercises).toBe(38);
    const other = await courseMap(t.db, { userId: outsider.id, cohortId: null });
    expect(other.totals.exercises).toBe(37);
  });
});
