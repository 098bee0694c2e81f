// Drafts on a real PostgreSQL: one per learner, scope (a cohort, or practice) and exercise, saved
// over, loaded back, reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { inCohort, practice } from '../support/scope.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';
import { loadDraft, resetDraft, saveDraft } from '../../lib/drafts.ts';
import { MAX_CODE_BYTES } from '../../lib/limits.ts';

const EX = 'foundations/dot-product';
let t: TestDatabase;
let ada: string;
let bob: string;

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  ada = (await t.db.user.create({ data: { email: 'ada@example.test' } })).id;
  bob = (await t.db.user.create({ data: { email: 'bob@example.test' } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('drafts', () => {
  it('comes back as saved, and a later save replaces it', async () => {
    expect(await loadDraft(t.db, practice(ada), EX)).toBeNull();
    const first = await saveDraft(t.db, practice(ada), EX, 'export function dot(a, b) {\n  // thinking\n}\n');
    expect(first).toMatchObject({ ok: true, savedAt: expect.any(String) });
    await saveDraft(t.db, practice(ada), EX, 'export function dot(a: number[], b: number[]) { return 0; }');
    expect((await loadDraft(t.db, practice(ada), EX))?.code).toBe('export function dot(a: number[], b: number[]) { return 0; }');
    expect(await t.db.draft.count({ where: { userId: ada } })).toBe(1);
  });

  it("is each learner's own", async () => {
    expect(await loadDraft(t.db, practice(bob), EX)).toBeNull();
    await saveDraft(t.db, practice(bob), EX, '// bob');
    expect((await loadDraft(t.db, practice(ada), EX))?.code).not.toBe('// bob');
  });

  it('may be empty (a cleared editor) but not larger than 64 KB or anything but text', async () => {
    expect((await saveDraft(t.db, practice(ada), 'foundations/matmul', '')).ok).toBe(true);
    expect((await loadDraft(t.db, practice(ada), 'foundations/matmul'))?.code).toBe('');
    expect(await saveDraft(t.db, practice(ada), EX, 'x'.repeat(MAX_CODE_BYTES + 1))).toMatchObject({ ok: false, kind: 'validation', error: expect.stringMatching(/64 KB/) });
    expect(await saveDraft(t.db, practice(ada), EX, { code: 'x' })).toMatchObject({ ok: false, kind: 'validation' });
    expect((await loadDraft(t.db, practice(ada), EX))?.code).toBe('export function dot(a: number[], b: number[]) { return 0; }');
  });

  it('refuses an exercise that is not in the catalog', async () => {
    expect(await saveDraft(t.db, practice(ada), 'foundations/nothing', 'x')).toMatchObject({ ok: false, error: 'Unknown exercise.' });
  });

  it('is gone after a reset, and a reset of nothing is fine', async () => {
    await resetDraft(t.db, practice(ada), EX);
    expect(await loadDraft(t.db, practice(ada), EX)).toBeNull();
    await resetDraft(t.db, practice(ada), EX);
    expect((await loadDraft(t.db, practice(bob), EX))?.code).toBe('// bob');
  });

  it('is kept per scope: the code written for a cohort is not the practice draft, nor another cohort\'s', async () => {
    const [a, b] = await Promise.all(['DRAFT-A', 'DRAFT-B'].map((joinCode) => t.db.cohort.create({ data: { name: joinCode, joinCode } })));
    await saveDraft(t.db, inCohort(bob, a.id), EX, '// for A');
    await saveDraft(t.db, inCohort(bob, b.id), EX, '// for B');
    expect((await loadDraft(t.db, inCohort(bob, a.id), EX))?.code).toBe('// for A');
    expect((await loadDraft(t.db, inCohort(bob, b.id), EX))?.code).toBe('// for B');
    expect((await loadDraft(t.db, practice(bob), EX))?.code).toBe('// bob');
    await resetDraft(t.db, inCohort(bob, a.id), EX);
    expect(await loadDraft(t.db, inCohort(bob, a.id), EX)).toBeNull();
    expect((await loadDraft(t.db, inCohort(bob, b.id), EX))?.code).toBe('// for B');
    // the scope key and the cohort agree, or the database refuses the row
    await expect(t.db.$executeRawUnsafe(`insert into "Draft" ("userId", scope, "cohortId", "exerciseId", code, "updatedAt") values ($1, '', $2, $3, 'x', now())`, bob, a.id, EX)).rejects.toThrow(/Draft_scope_matches_cohort/);
  });
});
