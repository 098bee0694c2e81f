// Accounts part 3 on a real PostgreSQL: change password, admin reset links, disabling, the data
// export, deleting an account (the gradebook keeps the scores, without code), and the session
// verdict that ends sessions when any of these happen.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createLimiters, type Limiters } from '../../../lib/rate-limit.ts';
import { hashPassword, verifyPassword } from '../../../lib/passwords.ts';
import { verifyCredentials } from '../../../lib/accounts.ts';
import { sessionVerdict } from '../../../lib/session-verdict.ts';
import { changePassword, checkOwnPassword } from '../../../lib/account/password.ts';
import { findReset, hashToken, resetPassword } from '../../../lib/account/reset.ts';
import { issueResetLink, listAccounts, setDisabled } from '../../../lib/admin/accounts.ts';
import { exportAccount } from '../../../lib/account/export.ts';
import { deleteAccount, STAFF_DELETE_REFUSAL } from '../../../lib/account/delete.ts';
import { gradebook, studentDrilldown } from '../../../lib/instructor/gradebook.ts';
import { gradebookCsv } from '../../../lib/instructor/csv.ts';
import { listRoster } from '../../../lib/instructor/roster.ts';
import { submissionDetail } from '../../../lib/submissions.ts';
import { scoped } from '../../../lib/scope.ts';
import { DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0, at } from '../instructor/support.ts';

let t: TestDatabase;
let lim: Limiters;
const PW = 'correct horse battery';

beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
});
afterAll(async () => {
  await t?.drop();
});
let sets = 0;
beforeEach(() => {
  lim = createLimiters(t.db, { prefix: `account-${++sets}:` }); // a set that starts from nothing
});

async function withPassword(role: 'student' | 'instructor' | 'admin', password = PW) {
  const u = await makeUser(t.db, role);
  return t.db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(password) } });
}
const version = async (id: string) => (await t.db.user.findUniqueOrThrow({ where: { id } })).sessionVersion;
const audits = (where: object) => t.db.auditEvent.findMany({ where, orderBy: { createdAt: 'asc' } });

describe('the session verdict', () => {
  it('holds for the version issued, ends on a newer one, a disabled or a deleted account', () => {
    const row = { sessionVersion: 2, disabledAt: null, deletedAt: null };
    expect(sessionVerdict(row, 2)).toBe('ok');
    expect(sessionVerdict(row, 1)).toBe('version');
    expect(sessionVerdict({ ...row, sessionVersion: 0 }, undefined)).toBe('ok'); // tokens from before versions
    expect(sessionVerdict(row, '2')).toBe('version');
    expect(sessionVerdict({ ...row, disabledAt: new Date() }, 2)).toBe('disabled');
    expect(sessionVerdict({ ...row, deletedAt: new Date() }, 2)).toBe('gone');
    expect(sessionVerdict(null, 0)).toBe('gone');
  });
});

describe('change password', () => {
  it('needs the current password and the sign-up policy, and ends every session', async () => {
    const u = await withPassword('student');
    const v0 = await version(u.id);
    expect(await changePassword(t.db, u.id, { current: 'wrong password', next: 'a new long password', confirm: 'a new long password' }, lim)).toMatchObject({ ok: false, field: 'current' });
    expect(await changePassword(t.db, u.id, { current: PW, next: 'short', confirm: 'short' }, lim)).toMatchObject({ ok: false, field: 'next', error: expect.stringMatching(/at least 8/) });
    expect(await changePassword(t.db, u.id, { current: PW, next: 'x'.repeat(73), confirm: 'x'.repeat(73) }, lim)).toMatchObject({ ok: false, field: 'next' });
    expect(await changePassword(t.db, u.id, { current: PW, next: 'a new long password', confirm: 'another one' }, lim)).toMatchObject({ ok: false, field: 'confirm' });
    expect(await changePassword(t.db, u.id, { current: PW, next: PW, confirm: PW }, lim)).toMatchObject({ ok: false, field: 'next' });
    expect(await version(u.id)).toBe(v0);

    expect(await changePassword(t.db, u.id, { current: PW, next: 'a new long password', confirm: 'a new long password' }, lim)).toEqual({ ok: true });
    const after = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.sessionVersion).toBe(v0 + 1);
    expect(after.passwordChangedAt).not.toBeNull();
    expect(await verifyPassword('a new long password', after.passwordHash)).toEqual({ rehash: false });
    const signIn = await verifyCredentials(t.db, { email: u.email, password: 'a new long password' }, 'addr', lim);
    expect(signIn.ok && signIn.user.sessionVersion).toBe(v0 + 1);
  });

  it('limits wrong current passwords per account, even the right one once over the limit', async () => {
    const u = await withPassword('student');
    for (let i = 0; i < 5; i++) expect((await changePassword(t.db, u.id, { current: `guess ${i}`, next: 'a new long password', confirm: 'a new long password' }, lim)).ok).toBe(false);
    const r = await changePassword(t.db, u.id, { current: PW, next: 'a new long password', confirm: 'a new long password' }, lim);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/Too many wrong passwords/) });
  });

  it('checks no more current passwords than the limit when guesses arrive at once', async () => {
    const u = await withPassword('student');
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => changePassword(t.db, u.id, { current: `guess ${i}`, next: 'a new long password', confirm: 'a new long password' }, lim)));
    expect(guesses.filter((r) => !r.ok && /not your current password/.test(r.error))).toHaveLength(5);
    expect(guesses.filter((r) => !r.ok && /Too many wrong passwords/.test(r.error))).toHaveLength(7);
  });

  it('clears the wrong-password count once the right one is given', async () => {
    const u = await withPassword('student');
    for (let i = 0; i < 4; i++) await changePassword(t.db, u.id, { current: `guess ${i}`, next: 'a new long password', confirm: 'a new long password' }, lim);
    expect(await checkOwnPassword(t.db, u.id, PW, lim)).toEqual({ ok: true });
    for (let i = 0; i < 4; i++) await changePassword(t.db, u.id, { current: `again ${i}`, next: 'a new long password', confirm: 'a new long password' }, lim);
    expect(await changePassword(t.db, u.id, { current: PW, next: 'a new long password', confirm: 'a new long password' }, lim)).toEqual({ ok: true });
  });
});

describe('admin reset links', () => {
  it('only admins issue them; the token is stored hashed, works once, ends the sessions', async () => {
    const admin = await makeUser(t.db, 'admin');
    const instructor = await makeUser(t.db, 'instructor');
    const u = await withPassword('student');
    await expect(issueResetLink(t.db, instructor, u.id)).rejects.toMatchObject({ status: 403 });
    await expect(issueResetLink(t.db, u, u.id)).rejects.toMatchObject({ status: 403 });
    await expect(issueResetLink(t.db, admin, 'no-such-user')).rejects.toMatchObject({ status: 404 });

    const link = await issueResetLink(t.db, admin, u.id);
    expect(link.path).toBe(`/reset/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.passwordReset.findFirstOrThrow({ where: { userId: u.id } });
    expect(stored.tokenHash).toBe(hashToken(link.token));
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(24 * HOUR);
    expect(await audits({ action: 'password_reset_link', targetUserId: u.id })).toHaveLength(1);

    const v0 = await version(u.id);
    expect(await resetPassword(t.db, link.token, { password: 'short', confirm: 'short' }, 'addr', lim)).toMatchObject({ ok: false, field: 'password' });
    expect(await resetPassword(t.db, link.token, { password: 'reset long password', confirm: 'reset long password' }, 'addr', lim)).toMatchObject({ ok: true, email: u.email });
    expect(await version(u.id)).toBe(v0 + 1);
    expect((await verifyCredentials(t.db, { email: u.email, password: 'reset long password' }, 'addr', lim)).ok).toBe(true);
    // once only
    expect(await findReset(t.db, link.token)).toBeNull();
    expect(await resetPassword(t.db, link.token, { password: 'another long password', confirm: 'another long password' }, 'addr', lim)).toMatchObject({ ok: false });
  });

  it('only the newest link works, none after 24 hours, none of a malformed shape', async () => {
    const admin = await makeUser(t.db, 'admin');
    const u = await withPassword('student');
    const first = await issueResetLink(t.db, admin, u.id);
    const second = await issueResetLink(t.db, admin, u.id);
    expect(await findReset(t.db, first.token)).toBeNull();
    expect(await findReset(t.db, second.token)).not.toBeNull();
    expect(await findReset(t.db, second.token, new Date(Date.now() + 25 * HOUR))).toBeNull();
    for (const bad of ['', 'x', `${second.token}x`, second.token.slice(1), null, 42, '../../etc/passwd']) expect(await findReset(t.db, bad)).toBeNull();
  });

  it('limits attempts per address', async () => {
    for (let i = 0; i < 20; i++) await resetPassword(t.db, 'A'.repeat(43), { password: 'long enough pw', confirm: 'long enough pw' }, 'guesser', lim);
    expect(await resetPassword(t.db, 'A'.repeat(43), { password: 'long enough pw', confirm: 'long enough pw' }, 'guesser', lim)).toMatchObject({ ok: false, error: expect.stringMatching(/Too many attempts/) });
  });
});

describe('disabling an account', () => {
  it('admins only; sign-in then says so (to whoever knows the password); sessions end; enabling does not revive them', async () => {
    const admin = await makeUser(t.db, 'admin');
    const instructor = await makeUser(t.db, 'instructor');
    const u = await withPassword('student');
    await expect(setDisabled(t.db, instructor, u.id, true)).rejects.toMatchObject({ status: 403 });
    await expect(setDisabled(t.db, admin, admin.id, true)).rejects.toMatchObject({ name: 'InputError' });
    const v0 = await version(u.id);

    await setDisabled(t.db, admin, u.id, true);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.disabledAt).not.toBeNull();
    expect(row.sessionVersion).toBe(v0 + 1);
    expect(sessionVerdict(row, v0)).toBe('disabled');
    expect(await verifyCredentials(t.db, { email: u.email, password: PW }, 'addr', lim)).toEqual({ ok: false, reason: 'disabled' });
    expect(await verifyCredentials(t.db, { email: u.email, password: 'wrong' }, 'addr', lim)).toEqual({ ok: false, reason: 'invalid' });
    // disabling twice records once
    await setDisabled(t.db, admin, u.id, true);
    expect(await audits({ action: 'account_disable', targetUserId: u.id })).toHaveLength(1);

    await setDisabled(t.db, admin, u.id, false);
    const back = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(back.disabledAt).toBeNull();
    expect(sessionVerdict(back, v0)).toBe('version'); // the session open when it was disabled stays ended
    expect((await verifyCredentials(t.db, { email: u.email, password: PW }, 'addr', lim)).ok).toBe(true);
    expect((await audits({ targetUserId: u.id })).map((a) => [a.action, a.actorId])).toEqual([
      ['account_disable', admin.id],
      ['account_enable', admin.id],
    ]);
    const list = await listAccounts(t.db, admin, { q: u.email });
    expect(list.rows.map((r) => r.id)).toEqual([u.id]);
    await expect(listAccounts(t.db, instructor, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe('the data export and account deletion', () => {
  async function course() {
    const teacher = await makeUser(t.db, 'instructor');
    const me = await withPassword('student');
    const other = await withPassword('student');
    const cohort = await makeCohort(t.db, teacher, [me, other]);
    const a = await t.db.assignment.create({ data: { cohortId: cohort.id, exerciseId: 'foundations/dot-product', opensAt: T0, dueAt: DUE, latePolicy: 'accept' } });
    await t.db.extension.create({ data: { assignmentId: a.id, cohortId: cohort.id, userId: me.id, dueAt: at(DUE, 48 * HOUR) } });
    const graded = await submit(t.db, me, 'foundations/dot-product', at(T0, HOUR), { passed: 2, points: 5 }, '// my secret code 7f3e');
    await submit(t.db, me, 'foundations/dot-product', at(T0, 2 * HOUR), 'queued', '// queued code 7f3e');
    await t.db.submission.create({ data: { userId: me.id, exerciseId: 'foundations/dot-product', exerciseVersion: 'v1', kind: 'run', code: '// a run 7f3e', seed: 's', cohortId: cohort.id } });
    await submit(t.db, other, 'foundations/dot-product', at(T0, HOUR), { passed: 4, points: 5 }, '// the classmate code 1a2b');
    await t.db.draft.create({ data: { userId: me.id, ...scoped(cohort.id), exerciseId: 'foundations/dot-product', code: '// my draft 7f3e' } });
    await t.db.progress.create({ data: { userId: me.id, ...scoped(cohort.id), exerciseId: 'foundations/dot-product', bestScore: 2.5, maxScore: 5, attempts: 1 } });
    await t.db.account.create({ data: { userId: me.id, type: 'oidc', provider: 'example', providerAccountId: `p-${me.id}`, access_token: 'secret-access-token' } });
    return { teacher, me, other, cohort, assignment: a, graded };
  }

  it('exports everything about the learner and nothing about anyone else', async () => {
    const { me, cohort, teacher } = await course();
    const doc = (await exportAccount(t.db, me.id)) as {
      profile: { id: string; email: string; hasPassword: boolean; linkedSignIns: unknown[] };
      enrollments: { cohort: string }[];
      extensions: unknown[];
      progress: unknown[];
      drafts: { code: string }[];
      submissions: { code: string; kind: string; verdict: unknown }[];
    };
    expect(doc.profile).toMatchObject({ id: me.id, email: me.email, hasPassword: true });
    expect(doc.enrollments.map((e) => e.cohort)).toEqual([cohort.name]);
    expect(doc.extensions).toHaveLength(1);
    expect(doc.progress).toHaveLength(1);
    expect(doc.drafts[0].code).toBe('// my draft 7f3e');
    expect(doc.submissions.map((s) => s.code).sort()).toEqual(['// a run 7f3e', '// my secret code 7f3e', '// queued code 7f3e']);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('classmate');
    expect(text).not.toContain(teacher.email);
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('$2'); // no bcrypt hash
    expect(text).not.toContain('secret-access-token');
  });

  it('exports a learner with many submissions in full (streamed in batches)', async () => {
    const me = await makeUser(t.db, 'student');
    await t.db.submission.createMany({ data: Array.from({ length: 250 }, (_, i) => ({ userId: me.id, exerciseId: 'foundations/softmax', exerciseVersion: 'v1', kind: 'run' as const, code: `// ${i}`, seed: 's' })) });
    const doc = (await exportAccount(t.db, me.id)) as { submissions: { code: string }[] };
    expect(new Set(doc.submissions.map((s) => s.code)).size).toBe(250);
  });

  it('deletes a learner: anonymised, code gone, the gradebook keeps the row and its scores as "Deleted student"', async () => {
    const { teacher, me, other, cohort, graded } = await course();
    const before = await gradebook(t.db, teacher, cohort.id);
    const myRow = before.rows.find((r) => r.userId === me.id)!;

    expect(await deleteAccount(t.db, me.id, { email: 'someone@else.test', password: PW }, lim)).toMatchObject({ ok: false, field: 'email' });
    expect(await deleteAccount(t.db, me.id, { email: me.email, password: 'wrong' }, lim)).toMatchObject({ ok: false, field: 'password' });
    expect(await deleteAccount(t.db, teacher.id, { email: teacher.email }, lim)).toMatchObject({ ok: false, error: STAFF_DELETE_REFUSAL });
    expect(await deleteAccount(t.db, me.id, { email: ` ${me.email.toUpperCase()} `, password: PW }, lim)).toEqual({ ok: true });

    const row = await t.db.user.findUniqueOrThrow({ where: { id: me.id }, include: { accounts: true, drafts: true, submissions: true, enrollments: true, extensions: true } });
    expect(row).toMatchObject({ email: `deleted-${me.id}@deleted.invalid`, name: null, passwordHash: null, image: null });
    expect(row.deletedAt).not.toBeNull();
    expect(row.accounts).toEqual([]);
    expect(row.drafts).toEqual([]);
    expect(row.enrollments).toHaveLength(1);
    expect(row.extensions).toHaveLength(1); // the due date the score was computed with
    expect(row.submissions.map((s) => [s.id, s.kind, s.status, s.code, s.score])).toEqual([[graded.id, 'submit', 'graded', '', graded.score]]);
    const verdict = JSON.stringify(row.submissions[0].verdict);
    expect(verdict).not.toContain('values differ');
    expect(row.submissions[0].verdict).toMatchObject({ redacted: true, score: graded.score, cases: [{ passed: true }, { passed: true }, { passed: false }, { passed: false }] });
    expect(JSON.stringify(row)).not.toContain('7f3e');
    expect(sessionVerdict(row, row.sessionVersion - 1)).toBe('gone');
    expect((await verifyCredentials(t.db, { email: me.email, password: PW }, 'addr', lim)).ok).toBe(false);

    // the gradebook: the same scores, named "Deleted student", no email; the classmate untouched
    const after = await gradebook(t.db, teacher, cohort.id);
    const gone = after.rows.find((r) => r.userId === me.id)!;
    expect(gone).toMatchObject({ name: 'Deleted student', email: '', deleted: true, total: myRow.total });
    // the same counted scores; the submit that was still queued is gone (it had no score to keep)
    const counted = (cells: typeof gone.cells) => Object.values(cells).map(({ score, maxScore, bestSubmissionId, late, extended, dueAt }) => ({ score, maxScore, bestSubmissionId, late, extended, dueAt }));
    expect(counted(gone.cells)).toEqual(counted(myRow.cells));
    expect(Object.values(gone.cells).map((c) => c.pending)).toEqual([0]);
    expect(after.rows.find((r) => r.userId === other.id)).toEqual(before.rows.find((r) => r.userId === other.id));
    const drill = await studentDrilldown(t.db, teacher, cohort.id, me.id);
    expect(drill.student).toMatchObject({ name: 'Deleted student', email: '', deleted: true });
    expect(drill.assignments[0].submissions.map((s) => s.code)).toEqual(['']);
    expect(drill.total).toBe(myRow.total);
    const detail = await submissionDetail(t.db, teacher, graded.id);
    expect(detail).toMatchObject({ code: '', userName: 'Deleted student', userEmail: '', userDeleted: true });
    const roster = await listRoster(t.db, teacher, cohort.id);
    expect(roster.find((r) => r.userId === me.id)).toMatchObject({ name: 'Deleted student', email: '' });
    const csv = await new Response((await gradebookCsv(t.db, teacher, cohort.id)).stream).text();
    expect(csv).toContain('Deleted student,,');
    expect(csv).not.toContain('deleted.invalid');

    // a second deletion is a no-op, and the deleted account is no longer listed for admins
    expect(await deleteAccount(t.db, me.id, { email: row.email }, lim)).toMatchObject({ ok: false });
    const admin = await makeUser(t.db, 'admin');
    expect((await listAccounts(t.db, admin, { q: me.id })).rows).toEqual([]);
    await expect(issueResetLink(t.db, admin, me.id)).rejects.toMatchObject({ status: 404 });
  });

  it('the database refuses a deleted account that still holds personal data', async () => {
    const u = await makeUser(t.db, 'student');
    await expect(t.db.user.update({ where: { id: u.id }, data: { deletedAt: new Date() } })).rejects.toThrow(/User_deleted_anonymised/);
  });
});
