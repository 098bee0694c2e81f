// The session as pages, actions and route handlers see it, checked on the server every time (the
// proxy only adds headers and sends visitors without any session cookie to sign in). The JWT names
// the user and the session version it was issued under; the user row (one primary-key read per
// request, shared by everything that renders in that request) gives the current role, whether the
// account is disabled or deleted, and the current session version. So a changed role, a disabled
// or deleted account, and a password change or reset (which bump the version) take effect at the
// session's next request: JWTs cannot be revoked one by one, the version ends them all at once.
import { cache } from 'react';
import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { auth } from './auth.ts';
import { db } from './db.ts';
import type { AccountUser, Role } from './accounts.ts';
import { refuse, type Refusal } from './limits.ts';
import { HAD_SESSION_COOKIE, safeReturnPath } from './return-to.ts';
import { sessionVerdict } from './session-verdict.ts';

export { safeReturnPath } from './return-to.ts';

/** The signed-in account as its row says now. */
export type SessionUser = AccountUser;

export type SignInReason = 'signin' | 'expired' | 'ended' | 'disabled';

/** "Had a session" marker (lib/return-to.ts says why it lives there). */
export { HAD_SESSION_COOKIE };

export async function markSignedIn(): Promise<void> {
  (await cookies()).set(HAD_SESSION_COOKIE, '1', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 24 * 60 });
}

export async function clearSignedInMark(): Promise<void> {
  (await cookies()).delete(HAD_SESSION_COOKIE);
}

/** Next's redirect() works by throwing; a successful signIn() ends in one. */
export function isRedirect(e: unknown): boolean {
  const digest = (e as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT');
}

/** The session cookie (plain or __Secure-, possibly chunked .0 .1 ...). */
function isSessionCookie(name: string): boolean {
  return /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name);
}

export function signInUrl(returnTo = '/', reason: SignInReason = 'signin'): string {
  const q = new URLSearchParams();
  const next = safeReturnPath(returnTo);
  if (next !== '/') q.set('next', next);
  if (reason !== 'signin') q.set('reason', reason);
  const s = q.toString();
  return s ? `/signin?${s}` : '/signin';
}

export interface SessionState {
  user: SessionUser | null;
  /** A session cookie was sent that no longer holds (expired, revoked, undecodable). */
  expired: boolean;
  /** Why a decodable session was refused: its account is disabled, or its version is over. */
  ended?: 'disabled' | 'version';
}

/** Who is signed in, and whether a session cookie was sent that no longer holds. */
export const sessionState = cache(async (): Promise<SessionState> => {
  let userId: string | undefined;
  let sv: unknown;
  try {
    const session = await auth();
    const u = session?.user as { id?: string; sv?: unknown } | undefined;
    userId = u?.id || undefined;
    sv = u?.sv;
  } catch {
    userId = undefined; // an undecodable cookie is a signed-out visitor, never a crash
  }
  const row = userId
    ? await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true, deletedAt: true } })
    : null;
  const verdict = userId ? sessionVerdict(row, sv) : 'gone';
  if (row && verdict === 'ok') return { user: { id: row.id, email: row.email, name: row.name, role: row.role }, expired: false };
  if (verdict === 'disabled' || verdict === 'version') return { user: null, expired: true, ended: verdict };
  const jar = await cookies();
  return { user: null, expired: jar.getAll().some((c) => isSessionCookie(c.name) || c.name === HAD_SESSION_COOKIE) };
});

export async function currentUser(): Promise<SessionUser | null> {
  return (await sessionState()).user;
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo = '/'): Promise<SessionUser> {
  const { user, expired, ended } = await sessionState();
  if (!user) redirect(signInUrl(returnTo, ended === 'disabled' ? 'disabled' : ended === 'version' ? 'ended' : expired ? 'expired' : 'signin'));
  return user;
}

/** Admins may do whatever instructors may. */
export function hasRole(user: Pick<SessionUser, 'role'>, role: Role): boolean {
  if (role === 'student') return true;
  if (role === 'instructor') return user.role === 'instructor' || user.role === 'admin';
  return user.role === 'admin';
}

/** The signed-in user with at least `role`; others get the 403 page, anonymous visitors sign in. */
export async function requireRole(role: Role, returnTo = '/'): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (!hasRole(user, role)) forbidden();
  return user;
}

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Sign in again to keep working (your last saved draft is kept).';

/** For server actions: the user, or a failure the client shows as is (actions never redirect mid-edit). */
export async function actionUser(): Promise<{ ok: true; user: SessionUser } | Refusal> {
  const user = await currentUser();
  return user ? { ok: true, user } : refuse('auth', SESSION_EXPIRED_MESSAGE);
}
