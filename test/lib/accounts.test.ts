// Accounts on a real PostgreSQL: sign-up with a cohort join code, the credentials check behind
// sign-in, and the attempt limits on both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { DEMO, seedDemo } from '../../lib/seed.ts';
import { signUp, joinCohort, verifyCredentials, signInBlocked } from '../../lib/accounts.ts';
import { createLimiters, type Limiters } from '../../lib/rate-limit.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { createDb, type Db } from '../../lib/db.ts';

let t: TestDatabase;
let lim: Limiters;
let sets = 0;
let prefix = '';

/** The test's limits as a web process on `db` sees them: 8 failures allowed per address. */
function limitsOn(db: Db): Limiters {
  return createLimiters(db, { prefix, env: { LOGIN_FAILURES_PER_ADDRESS: '8' } });
}

const learner = (over: Partial<Record<'name' | 'email' | 'password' | 'joinCode', string>> = {}) => ({
  name: 'Ada Learner',
  email: 'ada@example.test',
  password: 'correct horse battery',
  joinCode: DEMO.joinCode,
  ...over,
});

beforeAll(async () => {
  t = await freshDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  prefix = `accounts-${++sets}:`; // every test starts from nothing
  lim = limitsOn(t.db);
});

describe('sign-up with a join code', () => {
  it('creates a student account enrolled in the cohort the code names, with the password hashed', async () => {
    const r = await signUp(t.db, learner(), '10.0.0.1', lim);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.user).toMatchObject({ email: 'ada@example.test', name: 'Ada Learner', role: 'student' });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: r.user.id }, include: { enrollments: { include: { cohort: true } } } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain('correct horse');
    expect(row.enrollments).toHaveLength(1);
    expect(row.enrollments[0]).toMatchObject({ role: 'student', cohort: { joinCode: DEMO.joinCode } });
  });

  it('accepts the join code in any case and with surrounding spaces, and stores the email in lower case', async () => {
    const r = await signUp(t.db, learner({ email: '  Grace@Example.TEST ', joinCode: '  demo-2026 ' }), '10.0.0.1', lim);
    expect(r.ok && r.user.email).toBe('grace@example.test');
  });

  it('refuses a wrong join code and creates nothing', async () => {
    const before = await t.db.user.count();
    const r = await signUp(t.db, learner({ email: 'wrong-code@example.test', joinCode: 'DEMO-2025' }), '10.0.0.1', lim);
    expect(r).toMatchObject({ ok: false, field: 'joinCode' });
    expect(!r.ok && r.error).toMatch(/join code does not match/);
    expect(await t.db.user.count()).toBe(before);
  });

  it("refuses an archived cohort's join code", async () => {
    await t.db.cohort.create({ data: { name: 'Last year', joinCode: 'OLD-2025', archived: true } });
    const r = await signUp(t.db, learner({ email: 'late@example.test', joinCode: 'OLD-2025' }), '10.0.0.1', lim);
    expect(r).toMatchObject({ ok: false, field: 'joinCode' });
  });

  it('refuses an email that already has an account, whatever its case', async () => {
    const r = await signUp(t.db, learner({ email: 'ADA@example.test' }), '10.0.0.1', lim);
    expect(r).toMatchObject({ ok: false, field: 'email' });
    expect(!r.ok && r.error).toMatch(/already exists/);
  });

  it.each([
    [{ name: '   ' }, 'name', /Enter your name/],
    [{ name: 'x'.repeat(101) }, 'name', /at most 100/],
    [{ name: 'Bad\u0007Name' }, 'name', /cannot be shown/],
    [{ email: 'not-an-email' }, 'email', /valid email/],
    [{ password: 'short' }, 'password', /at least 8/],
    [{ password: 'é'.repeat(40) }, 'password', /at most 72 bytes/],
    [{ joinCode: '' }, 'joinCode', /join code/],
  ])('refuses invalid input %j with a message on the field', async (over, field, message) => {
    const r = await signUp(t.db, learner({ email: 'fresh@example.test', ...over }), '10.0.0.1', lim);
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.error).toMatch(message);
  });

  it('limits sign-up attempts (and so join-code guesses) per address', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await signUp(t.db, learner({ email: `guess${i}@example.test`, joinCode: `GUESS-${i}` }), '10.0.0.9', lim);
      expect(r).toMatchObject({ ok: false, field: 'joinCode' });
    }
    const r = await signUp(t.db, learner({ email: 'guess-right@example.test' }), '10.0.0.9', lim);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/Too many sign-up attempts.*Try again in \d+ minutes/);
    // another address is not affected
    expect((await signUp(t.db, learner({ email: 'guess-right@example.test' }), '10.0.0.10', lim)).ok).toBe(true);
  });

  it('lets an existing account join a cohort by code, once', async () => {
    const user = await t.db.user.create({ data: { email: 'oidc-user@example.test', name: 'SSO User' } });
    expect(await joinCohort(t.db, user.id, 'nope', '10.0.0.1', lim)).toMatchObject({ ok: false });
    expect(await joinCohort(t.db, user.id, DEMO.joinCode, '10.0.0.1', lim)).toEqual({ ok: true, cohortName: DEMO.cohortName });
    expect(await joinCohort(t.db, user.id, DEMO.joinCode, '10.0.0.1', lim)).toEqual({ ok: true, cohortName: DEMO.cohortName });
    expect(await t.db.enrollment.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe('credentials check', () => {
  it('accepts the right password and returns the id and role', async () => {
    const r = await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.1.0.1', lim);
    expect(r).toMatchObject({ ok: true, user: { email: DEMO.instructor.email, role: 'instructor' } });
  });

  it('ignores case and spaces around the email', async () => {
    const r = await verifyCredentials(t.db, { email: ' Student@Demo.Test ', password: DEMO.password }, '10.1.0.1', lim);
    expect(r).toMatchObject({ ok: true, user: { role: 'student' } });
  });

  it('refuses a wrong password, an unknown email and malformed input alike', async () => {
    expect(await verifyCredentials(t.db, { email: DEMO.student.email, password: 'wrong' }, '10.1.0.2', lim)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials(t.db, { email: 'nobody@example.test', password: DEMO.password }, '10.1.0.2', lim)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials(t.db, { email: ['x'], password: 1 }, '10.1.0.2', lim)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials(t.db, undefined, '10.1.0.2', lim)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an account without a password (OIDC only)', async () => {
    expect(await verifyCredentials(t.db, { email: 'oidc-user@example.test', password: 'anything-at-all' }, '10.1.0.3', lim)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks an account after 5 failures, even for the right password, from any address', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await verifyCredentials(t.db, { email: DEMO.student.email, password: `guess ${i}` }, `10.2.0.${i}`, lim)).toMatchObject({ reason: 'invalid' });
    }
    const r = await verifyCredentials(t.db, { email: DEMO.student.email, password: DEMO.password }, '10.2.0.99', lim);
    expect(r).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(!r.ok && r.reason === 'rate_limited' && r.retryAfterMs).toBeGreaterThan(14 * 60_000);
    expect(await signInBlocked(DEMO.student.email, '10.2.0.99', lim)).toBeGreaterThan(0);
    // other accounts still sign in
    expect((await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.2.0.99', lim)).ok).toBe(true);
  });

  it('blocks an address that fails on many accounts', async () => {
    for (let i = 0; i < 8; i++) {
      await verifyCredentials(t.db, { email: `spray${i}@example.test`, password: 'guess' }, '10.3.0.1', lim);
    }
    const r = await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.3.0.1', lim);
    expect(r).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect((await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.3.0.2', lim)).ok).toBe(true);
  });

  it('checks no more guesses than the limit when they arrive at once, on any number of processes', async () => {
    const u = await t.db.user.create({ data: { email: 'burst@example.test', name: 'Burst', role: 'student', passwordHash: await hashPassword('the right one') } });
    const other = createDb(t.url, 10); // a second web process, on the same limits
    const there = limitsOn(other);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => verifyCredentials(i % 2 ? other : t.db, { email: u.email, password: `guess ${i}` }, `10.6.0.${i}`, i % 2 ? there : lim)),
      );
      expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
      expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(15);
    } finally {
      await other.$disconnect();
    }
    expect(await verifyCredentials(t.db, { email: u.email, password: 'the right one' }, '10.6.1.1', lim)).toMatchObject({ ok: false, reason: 'rate_limited' });
  });

  it('counts nothing against an account for attempts refused because of their address', async () => {
    for (let i = 0; i < 8; i++) await verifyCredentials(t.db, { email: `spray-b${i}@example.test`, password: 'guess' }, '10.7.0.1', lim);
    for (let i = 0; i < 10; i++) {
      expect(await verifyCredentials(t.db, { email: DEMO.student.email, password: 'guess' }, '10.7.0.1', lim)).toMatchObject({ reason: 'rate_limited' });
    }
    expect((await verifyCredentials(t.db, { email: DEMO.student.email, password: DEMO.password }, '10.7.0.2', lim)).ok).toBe(true);
  });

  it('clears the account count after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await verifyCredentials(t.db, { email: DEMO.instructor.email, password: 'typo' }, '10.4.0.1', lim);
    expect((await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.4.0.1', lim)).ok).toBe(true);
    // (a second address: the first one's own count, 4 of 8, is not cleared by a success)
    for (let i = 0; i < 4; i++) await verifyCredentials(t.db, { email: DEMO.instructor.email, password: 'typo' }, '10.4.0.2', lim);
    expect((await verifyCredentials(t.db, { email: DEMO.instructor.email, password: DEMO.password }, '10.4.0.2', lim)).ok).toBe(true);
  });

  it('replaces a bcrypt hash from before with argon2id at the next sign-in, which keeps working', async () => {
    const bcrypt = (await import('bcryptjs')).default;
    const legacy = await bcrypt.hash('an old password', 4);
    const u = await t.db.user.create({ data: { email: 'old-hash@example.test', name: 'Old Hash', role: 'student', passwordHash: legacy } });
    const before = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });

    expect(await verifyCredentials(t.db, { email: u.email, password: 'not it' }, '10.5.0.1', lim)).toEqual({ ok: false, reason: 'invalid' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(legacy); // only the right password rehashes

    expect(await verifyCredentials(t.db, { email: u.email, password: 'an old password' }, '10.5.0.1', lim)).toMatchObject({ ok: true, user: { id: u.id } });
    const after = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('an old password', after.passwordHash)).toEqual({ rehash: false });
    // the same password: sessions go on, and it is no password change
    expect(after.sessionVersion).toBe(before.sessionVersion);
    expect(after.passwordChangedAt).toEqual(before.passwordChangedAt);
    expect(await verifyCredentials(t.db, { email: u.email, password: 'an old password' }, '10.5.0.1', lim)).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(after.passwordHash);
  });

  it('rehashes once when two sign-ins race, and never over a password set meanwhile', async () => {
    const bcrypt = (await import('bcryptjs')).default;
    const u = await t.db.user.create({ data: { email: 'race@example.test', name: 'Race', role: 'student', passwordHash: await bcrypt.hash('racing password', 4) } });
    const both = await Promise.all([0, 1].map(() => verifyCredentials(t.db, { email: u.email, password: 'racing password' }, '10.5.0.2', lim)));
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    const hash = (await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash!;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('racing password', hash)).toBeTruthy(); // whichever write won, it is a hash of the password

    // A sign-in that read the old hash before the password changed leaves the new one alone.
    const old = await bcrypt.hash('before the change', 4);
    await t.db.user.update({ where: { id: u.id }, data: { passwordHash: old } });
    const changedAfterRead = t.db.$extends({
      query: {
        user: {
          async findUnique({ args, query }) {
            const row = await query(args);
            await t.db.user.update({ where: { id: u.id }, data: { passwordHash: 'set-meanwhile' } });
            return row;
          },
        },
      },
    }) as unknown as Db;
    expect(await verifyCredentials(changedAfterRead, { email: u.email, password: 'before the change' }, '10.5.0.2', lim)).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe('set-meanwhile');
  });
});
