// Whose code the capstone composes, on a real PostgreSQL: per component, the learner's latest
// submission that passed, in the space they work in; a failing, ungraded or run submission never
// counts (exam tries, kind 'exam', are left out by the same kind filter), another learner's never does, and practice and a cohort never see each other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { inCohort, practice } from '../../support/scope.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { latestPassingCode } from '../../../lib/capstone/learner-code.ts';
import { GPT_COMPONENTS } from '../../../components/capstone/gpt-components.ts';
import { getExercise } from '../../../exercises/catalog.ts';

let t: TestDatabase;
let ada: string;
let bob: string;
let cohort: string;
const ATT = 'attention/scaled-dot-product';
const LN = 'transformer/layer-norm';
const IDS = GPT_COMPONENTS.map((c) => c.exerciseId);

let clock = Date.parse('2026-12-01T10:00:00Z');
async function submission(userId: string, exerciseId: string, code: string, o: { cohortId?: string | null; kind?: 'submit' | 'run'; passed?: boolean; graded?: boolean } = {}) {
  clock += 60_000;
  const graded = o.graded ?? true;
  return t.db.submission.create({
    data: {
      userId, exerciseId, code, cohortId: o.cohortId ?? null, kind: o.kind ?? 'submit', exerciseVersion: 'v', seed: 's',
      status: graded ? 'graded' : 'queued', createdAt: new Date(clock),
      ...(graded ? { verdict: { status: o.passed === false ? 'failed' : 'passed', cases: [] }, score: 1, maxScore: 1, gradedAt: new Date(clock) } : {}),
    },
  });
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  ada = (await t.db.user.create({ data: { email: 'ada@example.test' } })).id;
  bob = (await t.db.user.create({ data: { email: 'bob@example.test' } })).id;
  cohort = (await t.db.cohort.create({ data: { name: 'A', joinCode: 'CAPSTONE-A' } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('the learner code the capstone composes', () => {
  it('names exercises that exist in the catalog', () => {
    for (const id of IDS) expect(getExercise(id), id).toBeDefined();
  });

  it('is nothing for every component before any passing submission', async () => {
    expect(await latestPassingCode(t.db, practice(ada), IDS)).toEqual(Object.fromEntries(IDS.map((id) => [id, null])));
  });

  it('is the latest passing submission, not a later failing, ungraded or run one', async () => {
    await submission(ada, ATT, 'first pass');
    const second = await submission(ada, ATT, 'second pass');
    await submission(ada, ATT, 'later, failing', { passed: false });
    await submission(ada, ATT, 'later, not graded yet', { graded: false });
    await submission(ada, ATT, 'a run', { kind: 'run' });
    await submission(ada, LN, 'only ever run', { kind: 'run' });
    const code = await latestPassingCode(t.db, practice(ada), IDS);
    expect(code[ATT]).toMatchObject({ submissionId: second.id, code: 'second pass' });
    expect(code[LN]).toBeNull();
  });

  it("is the learner's own, in the space they work in", async () => {
    await submission(bob, LN, "bob's layer norm");
    await submission(ada, LN, "ada's cohort layer norm", { cohortId: cohort });
    expect((await latestPassingCode(t.db, practice(ada), [LN]))[LN]).toBeNull(); // neither Bob's nor her cohort's
    expect((await latestPassingCode(t.db, inCohort(ada, cohort), [LN]))[LN]?.code).toBe("ada's cohort layer norm");
    expect((await latestPassingCode(t.db, inCohort(ada, cohort), [ATT]))[ATT]).toBeNull(); // practice work stays in practice
    expect((await latestPassingCode(t.db, practice(bob), [LN]))[LN]?.code).toBe("bob's layer norm");
  });
});
