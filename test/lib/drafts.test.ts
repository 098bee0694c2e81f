// Drafts on a real PostgreSQL: one per learner and exercise, saved over, loaded back, reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
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
    expect(await loadDraft(t.db, ada, EX)).toBeNull();
    const first = await saveDraft(t.db, ada, EX, 'export function dot(a, b) {\n  // thinking\n}\n');
    expect(first).toMatchObject({ ok: true, savedAt: expect.any(String) });
    await saveDraft(t.db, ada, EX, 'export function dot(a: number[], b: number[]) { return 0; }');
    expect((await loadDraft(t.db, ada, EX))?.code).toBe('export function dot(a: number[], b: number[]) { return 0; }');
    expect(await t.db.draft.count({ where: { userId: ada } })).toBe(1);
  });

  it("is each learner's own", async () => {
    expect(await loadDraft(t.db, bob, EX)).toBeNull();
    await saveDraft(t.db, bob, EX, '// bob');
    expect((await loadDraft(t.db, ada, EX))?.code).not.toBe('// bob');
  });

  it('may be empty (a cleared editor) but not larger than 64 KB or anything but text', async () => {
    expect((await saveDraft(t.db, ada, 'foundations/matmul', '')).ok).toBe(true);
    expect((await loadDraft(t.db, ada, 'foundations/matmul'))?.code).toBe('');
    expect(await saveDraft(t.db, ada, EX, 'x'.repeat(MAX_CODE_BYTES + 1))).toMatchObject({ ok: false, kind: 'validation', error: expect.stringMatching(/64 KB/) });
    expect(await saveDraft(t.db, ada, EX, { code: 'x' })).toMatchObject({ ok: false, kind: 'validation' });
    expect((await loadDraft(t.db, ada, EX))?.code).toBe('export function dot(a: number[], b: number[]) { return 0; }');
  });

  it('refuses an exercise that is not in the catalog', async () => {
    expect(await saveDraft(t.db, ada, 'foundations/nothing', 'x')).toMatchObject({ ok: false, error: 'Unknown exercise.' });
  });

  it('is gone after a reset, and a reset of nothing is fine', async () => {
    await resetDraft(t.db, ada, EX);
    expect(await loadDraft(t.db, ada, EX)).toBeNull();
    await resetDraft(t.db, ada, EX);
    expect((await loadDraft(t.db, bob, EX))?.code).toBe('// bob');
  });
});
