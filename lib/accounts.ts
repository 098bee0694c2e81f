// Accounts with a password: sign-up with a cohort join code, and the credentials check behind
// sign-in (with its attempt limits). Next-free, so integration tests call it directly; lib/auth.ts
// plugs `verifyCredentials` into next-auth's Credentials provider.
import { z } from 'zod';
import type { Db } from './db.ts';
import { Prisma } from './generated/prisma/client.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { limiters, retryMessage, type Limiters } from './rate-limit.ts';

export type Role = 'student' | 'instructor' | 'admin';

export interface AccountUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address.' }));

// bcrypt reads at most 72 bytes of a password; refuse longer ones rather than silently cut them.
// The one policy for every new password: sign-up, change, reset.
export const newPassword = z
  .string()
  .min(8, 'Use a password of at least 8 characters.')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'Use a password of at most 72 bytes.');

export const signUpInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name.')
    .max(100, 'Use a name of at most 100 characters.')
    // control characters have no place in a display name
    .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'Your name contains characters that cannot be shown.'),
  email,
  password: newPassword,
  joinCode: z.string().trim().min(1, 'Enter the join code your instructor gave you.').max(64, 'That join code is too long.'),
});
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(1024),
});

export type SignUpResult = { ok: true; user: AccountUser } | { ok: false; error: string; field?: keyof SignUpInput };

function firstIssue(error: z.ZodError): { message: string; field?: keyof SignUpInput } {
  const issue = error.issues[0];
  return { message: issue?.message ?? 'Invalid input.', field: issue?.path[0] as keyof SignUpInput | undefined };
}

/** Join codes are stored in upper case (a CHECK constraint says so); learners may type them in any case. */
async function cohortByCode(db: Db, code: string) {
  const cohort = await db.cohort.findUnique({ where: { joinCode: code.trim().toUpperCase() }, select: { id: true, name: true, archived: true } });
  return cohort && !cohort.archived ? cohort : null;
}

/**
 * Create a student account and enrol it in the cohort the join code names. Sign-up attempts
 * count against the caller's address (a wrong join code is a guess like any other).
 */
export async function signUp(db: Db, raw: unknown, address: string, lim: Limiters = limiters(db)): Promise<SignUpResult> {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) {
    const { message, field } = firstIssue(parsed.error);
    return { ok: false, error: message, field };
  }
  const gate = await lim.signupAddress.consume(address);
  if (!gate.ok) return { ok: false, error: `Too many sign-up attempts from your network. ${retryMessage(gate.retryAfterMs)}` };

  const input = parsed.data;
  const cohort = await cohortByCode(db, input.joinCode);
  if (!cohort) return { ok: false, error: 'That join code does not match any open cohort. Check it with your instructor.', field: 'joinCode' };

  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const u = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, role: 'student' },
        select: { id: true, email: true, name: true, role: true },
      });
      await tx.enrollment.create({ data: { cohortId: cohort.id, userId: u.id, role: 'student' } });
      return u;
    });
    return { ok: true, user };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      return { ok: false, error: 'An account with this email already exists. Sign in instead.', field: 'email' };
    }
    throw e;
  }
}

/** Enrol an existing account (e.g. one that signed in through OIDC) with a join code. */
export async function joinCohort(db: Db, userId: string, joinCode: string, address: string, lim: Limiters = limiters(db)): Promise<{ ok: true; cohortName: string } | { ok: false; error: string }> {
  const code = z.string().trim().min(1).max(64).safeParse(joinCode);
  if (!code.success) return { ok: false, error: 'Enter the join code your instructor gave you.' };
  const gate = await lim.signupAddress.consume(address);
  if (!gate.ok) return { ok: false, error: `Too many attempts. ${retryMessage(gate.retryAfterMs)}` };
  const cohort = await cohortByCode(db, code.data);
  if (!cohort) return { ok: false, error: 'That join code does not match any open cohort.' };
  await db.enrollment.upsert({
    where: { cohortId_userId: { cohortId: cohort.id, userId } },
    create: { cohortId: cohort.id, userId, role: 'student' },
    update: {},
  });
  return { ok: true, cohortName: cohort.name };
}

export type CredentialsResult =
  | { ok: true; user: AccountUser & { sessionVersion: number } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'disabled' }
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number };

// Compared against when the email is unknown, so a miss costs the same time as a wrong password
// and response times do not reveal which emails have accounts (an account still on a bcrypt hash
// answers slower until its next sign-in replaces it).
let dummyHash: Promise<string> | null = null;

const accountKey = (emailAddress: string) => `acct:${emailAddress.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;

/** How long sign-in is refused before even checking the password (too many recent failures), or 0. */
export async function signInBlocked(emailAddress: string, address: string, lim: Limiters = limiters()): Promise<number> {
  const [a, b] = await Promise.all([lim.loginAccount.check(accountKey(emailAddress)), lim.loginAddress.check(addressKey(address))]);
  return Math.max(a.ok ? 0 : a.retryAfterMs, b.ok ? 0 : b.retryAfterMs);
}

/**
 * The credentials check: at most LOGIN_FAILURES_PER_ACCOUNT failures per account and
 * LOGIN_FAILURES_PER_ADDRESS per address in 15 minutes; a success clears the account's count. A
 * right password under an outdated hash (bcrypt) replaces the hash.
 */
export async function verifyCredentials(db: Db, raw: unknown, address: string, lim: Limiters = limiters(db)): Promise<CredentialsResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email: mail, password: pw } = parsed.data;
  const [blocked, user] = await Promise.all([
    signInBlocked(mail, address, lim),
    db.user.findUnique({ where: { email: mail }, select: { id: true, email: true, name: true, role: true, passwordHash: true, sessionVersion: true, disabledAt: true } }),
  ]);
  if (blocked > 0) return { ok: false, reason: 'rate_limited', retryAfterMs: blocked };
  // The account's attempt is counted before the password is checked and cleared if it is right:
  // guesses sent at once, on any number of processes, get no more checks than the limit allows.
  // (Only past the address check, so a refused address cannot lock accounts. Successful sign-ins
  // must not count against an address many learners share, so there a failure is recorded after.)
  const gate = await lim.loginAccount.consume(accountKey(mail));
  if (!gate.ok) return { ok: false, reason: 'rate_limited', retryAfterMs: gate.retryAfterMs };

  const stored = user?.passwordHash;
  const match = await verifyPassword(pw, stored ?? (await (dummyHash ??= hashPassword('not-a-real-password'))));
  if (!match || !user || !stored) {
    await lim.loginAddress.record(addressKey(address));
    return { ok: false, reason: 'invalid' };
  }
  await lim.loginAccount.reset(accountKey(mail));
  if (match.rehash) await rehash(db, user.id, stored, pw);
  // Said only to whoever knows the password: a disabled account is not revealed to guessers.
  if (user.disabledAt) return { ok: false, reason: 'disabled' };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}

/**
 * Replaces an outdated hash of the password just checked, only if the stored hash is still the one
 * checked: a concurrent sign-in's rehash or a password change in between is never overwritten. The
 * password is the same, so sessions and passwordChangedAt stay. A failure leaves the old hash,
 * which still works; the next sign-in tries again.
 */
async function rehash(db: Db, userId: string, checked: string, password: string): Promise<void> {
  try {
    await db.user.updateMany({ where: { id: userId, passwordHash: checked }, data: { passwordHash: await hashPassword(password) } });
  } catch (e) {
    console.error('[accounts] could not replace an outdated password hash (it still works):', e);
  }
}
