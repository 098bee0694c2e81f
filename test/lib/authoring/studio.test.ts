// The studio's rules on a real PostgreSQL and the web process's real sandbox pool: who may open,
// edit, share and assign an authored exercise; new exercises from the template or a copy; the
// working copy validated on save; publish refused while the check fails; diffs between versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { runRuntime } from '../../../lib/run.ts';
import { checkStudioDraft, createStudioExercise, listStudio, openStudio, publishStudio, saveStudioDraft, shareExercise, unshareExercise, versionDiff } from '../../../lib/authoring/studio.ts';
import { assignableExercises, createAssignments } from '../../../lib/instructor/assignments.ts';
import { makeCohort, makeUser } from '../instructor/support.ts';

let t: TestDatabase;
let owner: { id: string; email: string };
let other: { id: string; email: string };
let admin: { id: string; email: string };
let student: { id: string; email: string };
const ID = 'studio-test/norm';

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  await (await runRuntime()).pool.ready();
  [owner, other, admin, student] = [await makeUser(t.db, 'instructor'), await makeUser(t.db, 'instructor'), await makeUser(t.db, 'admin'), await makeUser(t.db, 'student')];
});
afterAll(async () => {
  const rt = await runRuntime();
  await Promise.all([rt.pool.close(), rt.scratch.close()]);
  await t?.drop();
});

describe('the studio', () => {
  it('creates from the blank template, which passes its own check', async () => {
    expect(await createStudioExercise(t.db, owner, { id: ID, title: 'Vector norm', from: 'blank' })).toBe(ID);
    const ex = await openStudio(t.db, owner, ID);
    expect(Object.keys(ex.files).sort()).toEqual(['exercise.ts', 'prompt.md', 'solution.ts', 'starter.ts']);
    expect(ex.files['exercise.ts']).toContain(`id: '${ID}'`);
    expect(await checkStudioDraft(t.db, owner, ID, ex.files)).toEqual({ ok: true, problems: [] });
    await expect(createStudioExercise(t.db, owner, { id: ID, from: 'blank' })).rejects.toThrow(/already exists/);
    await expect(createStudioExercise(t.db, owner, { id: 'Not An Id', from: 'blank' })).rejects.toThrow(/kebab-case/);
  });

  it('duplicates a built-in exercise and an authored one under a new id', async () => {
    await createStudioExercise(t.db, owner, { id: 'studio-test/softmax', from: 'foundations/softmax' });
    const copy = await openStudio(t.db, owner, 'studio-test/softmax');
    expect(copy.files['exercise.ts']).toContain("id: 'studio-test/softmax'");
    expect(copy.files['exercise.ts']).toMatch(/from 'attention-lab'/);
    // another instructor cannot copy what is not shared with them
    await expect(createStudioExercise(t.db, other, { id: 'other/norm', from: ID })).rejects.toThrow(/no exercise "studio-test\/norm" you can duplicate/);
  });

  it('opens only for its owner, those it is shared with and admins; viewers cannot edit', async () => {
    await expect(openStudio(t.db, other, ID)).rejects.toThrow(/^Not found/);
    await expect(openStudio(t.db, student, ID)).rejects.toThrow(/^Forbidden/);
    expect((await openStudio(t.db, admin, ID)).access).toBe('edit');
    expect((await listStudio(t.db, other)).map((e) => e.id)).toEqual([]);

    await shareExercise(t.db, owner, ID, { email: other.email, role: 'viewer' });
    expect((await openStudio(t.db, other, ID)).access).toBe('view');
    await expect(saveStudioDraft(t.db, other, ID, { 'exercise.ts': 'x' })).rejects.toThrow(/^Not found/);
    await shareExercise(t.db, owner, ID, { email: other.email, role: 'coauthor' });
    expect((await openStudio(t.db, other, ID)).access).toBe('edit');
    await expect(shareExercise(t.db, owner, ID, { email: student.email, role: 'viewer' })).rejects.toThrow(/No instructor has the email/);
    await unshareExercise(t.db, owner, ID, other.id);
    await expect(openStudio(t.db, other, ID)).rejects.toThrow(/^Not found/);
  });

  it('validates the working copy on save', async () => {
    await expect(saveStudioDraft(t.db, owner, ID, { 'exercise.ts': 'x', 'evil.sh': 'rm -rf /' })).rejects.toThrow(/an exercise holds only/);
    await expect(saveStudioDraft(t.db, owner, ID, { 'prompt.md': 'x' })).rejects.toThrow(/exercise.ts is missing/);
    await expect(saveStudioDraft(t.db, owner, ID, { 'exercise.ts': 'x'.repeat(200_001) })).rejects.toThrow(/longer than/);
  });

  it('refuses to publish while the check fails, then publishes, assigns and diffs versions', async () => {
    const { files } = await openStudio(t.db, owner, ID);
    await saveStudioDraft(t.db, owner, ID, { ...files, 'exercise.ts': files['exercise.ts'].replace('points: 10,', 'points: 0,') });
    const refused = await publishStudio(t.db, owner, ID, 'first');
    expect(refused.number).toBe(0);
    expect(refused.problems).toEqual([expect.objectContaining({ file: 'exercise.ts', line: expect.any(Number), message: 'points: must be > 0' })]);
    await saveStudioDraft(t.db, owner, ID, files);
    expect(await publishStudio(t.db, owner, ID, 'first')).toEqual({ number: 1, problems: [] });
    await saveStudioDraft(t.db, owner, ID, { ...files, 'exercise.ts': files['exercise.ts'].replace("hints: ['", "hints: ['Start with the sum. ") });
    expect((await publishStudio(t.db, owner, ID, 'a better hint')).number).toBe(2);
    const diff = await versionDiff(t.db, owner, ID, 1, 2);
    expect(diff.map((d) => d.file)).toEqual(['exercise.ts']);
    expect(diff[0].patch).toContain("+  hints: ['Start with the sum. Square every entry");

    // assignable by its owner and admins, not by an instructor it is not shared with
    const names = async (u: { id: string }) => (await assignableExercises(t.db, u)).flatMap((m) => m.exercises.map((e) => e.id));
    expect(await names(owner)).toContain(ID);
    expect(await names(admin)).toContain(ID);
    expect(await names(other)).not.toContain(ID);
    const cohort = await makeCohort(t.db, other, []);
    await expect(createAssignments(t.db, other, cohort.id, { target: ID, opensAt: '2026-01-01T00:00', dueAt: '2030-01-01T00:00', latePolicy: 'accept' } as never)).rejects.toThrow(/There is no exercise/);
  });
});
