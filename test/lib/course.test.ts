// The course map on a real PostgreSQL: the curriculum's modules in order, each exercise's status
// and best score for one learner in one scope (a cohort, or practice), and the totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { inCohort, practice } from '../support/scope.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';
import { recordOpened, recordProgress } from '../../lib/progress.ts';
import { courseMap, exerciseView, recentSubmissions } from '../../lib/course.ts';
import { listExercises } from '../../exercises/catalog.ts';
import { MODULES } from '../../exercises/types.ts';

let t: TestDatabase;
let ada: string;
let bob: string;
const points = (id: string) => listExercises().find((e) => e.id === id)!.points;

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  ada = (await t.db.user.create({ data: { email: 'ada@example.test' } })).id;
  bob = (await t.db.user.create({ data: { email: 'bob@example.test' } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('course map', () => {
  it('lists the eight modules in curriculum order, every exercise not started', async () => {
    const map = await courseMap(t.db, practice(ada));
    expect(map.modules.map((m) => m.id)).toEqual([...MODULES]);
    expect(map.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(map.modules[2].title).toBe('Attention');
    expect(map.modules.flatMap((m) => m.exercises.map((e) => e.id))).toEqual(listExercises().map((e) => e.id));
    expect(map.modules.flatMap((m) => m.exercises).every((e) => e.status === 'not_started' && e.bestScore === null)).toBe(true);
    const total = listExercises().reduce((s, e) => s + e.points, 0);
    expect(map.totals).toEqual({ exercises: 37, solved: 0, attempted: 0, score: 0, maxScore: total, percent: 0 });
    expect(map.modules[0].exercises[0].href).toBe('/exercises/foundations/dot-product');
  });

  it('counts an opened exercise as not started, a submitted one as attempted, a solved one as solved', async () => {
    await recordOpened(t.db, practice(ada), 'foundations/dot-product', points('foundations/dot-product'));
    let map = await courseMap(t.db, practice(ada));
    expect(map.modules[0].exercises[0].status).toBe('not_started');

    // queued, not yet graded: attempted
    await t.db.submission.create({ data: { userId: ada, exerciseId: 'foundations/dot-product', exerciseVersion: 'v', kind: 'submit', code: 'x', seed: 's' } });
    map = await courseMap(t.db, practice(ada));
    expect(map.modules[0].exercises[0]).toMatchObject({ status: 'attempted', submissions: 1, bestScore: null });

    const max = points('foundations/dot-product');
    await t.db.$transaction((tx) => recordProgress(tx, { userId: ada, cohortId: null, exerciseId: 'foundations/dot-product', score: max / 2, maxScore: max, solved: false }));
    map = await courseMap(t.db, practice(ada));
    expect(map.modules[0].exercises[0]).toMatchObject({ status: 'attempted', bestScore: max / 2 });
    expect(map.totals).toMatchObject({ solved: 0, attempted: 1, score: max / 2 });

    await t.db.$transaction((tx) => recordProgress(tx, { userId: ada, cohortId: null, exerciseId: 'foundations/dot-product', score: max, maxScore: max, solved: true }));
    map = await courseMap(t.db, practice(ada));
    expect(map.modules[0].exercises[0]).toMatchObject({ status: 'solved', bestScore: max });
    expect(map.modules[0]).toMatchObject({ solved: 1, score: max });
    expect(map.totals).toMatchObject({ solved: 1, attempted: 0, score: max });
    expect(map.totals.percent).toBeCloseTo((100 * max) / map.totals.maxScore, 1);
  });

  it("shows nothing of another learner's work", async () => {
    const map = await courseMap(t.db, practice(bob));
    expect(map.totals).toMatchObject({ solved: 0, attempted: 0, score: 0 });
    expect(await recentSubmissions(t.db, practice(bob))).toEqual([]);
    expect((await recentSubmissions(t.db, practice(ada))).map((s) => s.exerciseId)).toEqual(['foundations/dot-product']);
  });

  it('scales a best score graded on other points to the exercise as it is now', async () => {
    const id = 'foundations/matmul';
    await t.db.$transaction((tx) => recordProgress(tx, { userId: bob, cohortId: null, exerciseId: id, score: 10, maxScore: 20, solved: false }));
    const card = (await courseMap(t.db, practice(bob))).modules[0].exercises.find((e) => e.id === id)!;
    expect(card.bestScore).toBe(points(id) / 2);
  });
});

describe('course map per scope', () => {
  it('counts in each cohort only the work done there, and practice apart from both', async () => {
    const cy = (await t.db.user.create({ data: { email: 'cy@example.test' } })).id;
    const [a, b] = await Promise.all(['MAP-A', 'MAP-B'].map((joinCode) => t.db.cohort.create({ data: { name: joinCode, joinCode } })));
    const id = 'foundations/dot-product';
    const max = points(id);
    await t.db.submission.create({ data: { userId: cy, cohortId: a.id, exerciseId: id, exerciseVersion: 'v', kind: 'submit', code: 'x', seed: 's' } });
    await t.db.$transaction((tx) => recordProgress(tx, { userId: cy, cohortId: a.id, exerciseId: id, score: max / 2, maxScore: max, solved: false }));
    await t.db.$transaction((tx) => recordProgress(tx, { userId: cy, cohortId: b.id, exerciseId: id, score: max, maxScore: max, solved: true }));
    const card = async (cohortId: string | null) => (await courseMap(t.db, { userId: cy, cohortId })).modules[0].exercises[0];
    expect(await card(a.id)).toMatchObject({ status: 'attempted', bestScore: max / 2, submissions: 1 });
    expect(await card(b.id)).toMatchObject({ status: 'solved', bestScore: max, submissions: 0 });
    expect(await card(null)).toMatchObject({ status: 'not_started', bestScore: null, submissions: 0 });
    expect((await recentSubmissions(t.db, inCohort(cy, a.id))).map((s) => s.exerciseId)).toEqual([id]);
    expect(await recentSubmissions(t.db, inCohort(cy, b.id))).toEqual([]);
    expect(await recentSubmissions(t.db, practice(cy))).toEqual([]);
  });
});

describe('exercise view', () => {
  it('renders the prompt with KaTeX and gives the starter, declarations and tolerance', async () => {
    const v = await exerciseView('attention/scaled-dot-product', { prompt: true });
    expect(v).not.toBeNull();
    expect(v!.promptHtml).toContain('class="katex"');
    expect(v!.starter).toContain('export function attention(');
    expect(v!.declarations).toContain('type Matrix = number[][];');
    expect(v!.declarations).toMatch(/declare function (softmax|matmul)/);
    expect(v!.tolerance).toEqual({ atol: 1e-6, rtol: 1e-5 });
    expect(v!.moduleTitle).toBe('Attention');
  });

  it('knows nothing outside the catalog', async () => {
    for (const id of ['attention/nope', '../../etc/passwd', 'attention/scaled-dot-product/../../x', '']) {
      expect(await exerciseView(id, { prompt: true })).toBeNull();
    }
  });
});
