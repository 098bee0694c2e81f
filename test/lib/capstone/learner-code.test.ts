// Whose code the capstone composes, on a real PostgreSQL: per component, the learner's latest
// submission that passed, in the space they work in; a failing, ungraded or run submission never
// counts (exam tries, kind 'exam', are left out by the same kind filter), another learner's never does, and practice and a cohort never see each other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { inCohort, practice } from '../../support/scope.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { componentCode, latestPassingCode } from '../../../lib/capstone/learner-code.ts';
import { capstoneComponents } from '../../../lib/capstone/components.ts';
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

describe("the learner's latest code, run only on request", () => {
  const GELU = 'transformer/gelu';
  const FF = 'transformer/feed-forward';

  it('is the draft in the space they work in, else their latest submission, and says whether it is the passing code', async () => {
    const carol = (await t.db.user.create({ data: { email: 'carol@example.test' } })).id;
    await submission(carol, GELU, 'gelu that passes');
    await t.db.draft.create({ data: { userId: carol, cohortId: null, scope: '', exerciseId: GELU, code: 'gelu being rewritten' } });
    await t.db.draft.create({ data: { userId: carol, cohortId: cohort, scope: cohort, exerciseId: FF, code: "the cohort's draft" } });
    await submission(carol, FF, 'feed-forward that fails', { passed: false });
    await submission(carol, LN, 'layer norm that passes');
    const code = await componentCode(t.db, practice(carol), [GELU, FF, LN, ATT]);
    expect(code[GELU]).toMatchObject({ passing: { code: 'gelu that passes' }, latest: { code: 'gelu being rewritten', passes: false } });
    expect(code[FF]).toMatchObject({ passing: null, latest: { code: 'feed-forward that fails', passes: false } }); // never the cohort's draft
    expect(code[LN]).toMatchObject({ passing: { code: 'layer norm that passes' }, latest: { code: 'layer norm that passes', passes: true } });
    expect(code[ATT]).toEqual({ passing: null, latest: null });
  });

  it('reaches the page per component with the exercise\'s function name and helpers, and the latest code only when it is not the passing code', async () => {
    const dan = (await t.db.user.create({ data: { email: 'dan@example.test' } })).id;
    await submission(dan, LN, 'passing layer norm');
    await submission(dan, ATT, 'passing attention');
    await t.db.draft.create({ data: { userId: dan, cohortId: null, scope: '', exerciseId: ATT, code: 'unscaled attention' } });
    const components = await capstoneComponents(t.db, practice(dan), GPT_COMPONENTS);
    const byId = Object.fromEntries(components.map((c) => [c.exerciseId, c]));
    expect(byId[ATT]).toMatchObject({ functionName: 'attention', helpers: ['matmul', 'transpose', 'softmax'], href: '/exercises/attention/scaled-dot-product', passing: { code: 'passing attention' }, latest: { code: 'unscaled attention' } });
    expect(byId[LN]).toMatchObject({ functionName: 'layerNorm', passing: { code: 'passing layer norm' }, latest: null });
    expect(byId['transformer/encoder-block']).toMatchObject({ helpers: ['layerNorm', 'multiHeadAttention', 'feedForward'], passing: null, latest: null });
    expect(typeof byId[ATT].passing!.submittedAt).toBe('string'); // props cross to the client as JSON
  });
});
