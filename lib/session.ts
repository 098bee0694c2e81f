// The session as pages, actions and route handlers see it, checked on the server every time (the
// proxy only adds headers). The JWT names the user; the user row (one indexed read per request,
// shared by everything that renders in that request) gives the current role, so a deleted account
// or a changed role takes effect at once.
import { cache } from 'react';
import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { auth } from './auth.ts';
import { db } from './db.ts';
import type { AccountUser, Role } from './accounts.ts';
import { refuse, type Refusal } from './limits.ts';

/** The signed-in account as its row says now. */
export type SessionUser = AccountUser;

export type SignInReason = 'signin' | 'expired';

/**
 * Set at sign-in, cleared at sign-out: tells "your session expired" apart from "you never signed
 * in" once the browser has dropped the expired session cookie. Says nothing about who.
 */
export const HAD_SESSION_COOKIE = 'attention-lab.had-session';

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

/** Only same-site paths: "/x" but not "//evil.example" or "/\evil". */
export function safeReturnPath(p: unknown, fallback = '/'): string {
  if (typeof p !== 'string' || !p.startsWith('/') || p.startsWith('//') || p.startsWith('/\\') || p.length > 512) return fallback;
  return p;
}

export function signInUrl(returnTo = '/', reason: SignInReason = 'signin'): string {
  const q = new URLSearchParams();
  const next = safeReturnPath(returnTo);
  if (next !== '/') q.set('next', next);
  if (reason === 'expired') q.set('reason', 'expired');
  const s = q.toString();
  return s ? `/signin?${s}` : '/signin';
}

/** Who is signed in, and whether a session cookie was sent that no longer holds (expired, revoked). */
export const sessionState = cache(async (): Promise<{ user: SessionUser | null; expired: boolean }> => {
  let userId: string | undefined;
  try {
    const session = await auth();
    userId = (session?.user as { id?: string } | undefined)?.id || undefined;
  } catch {
    userId = undefined; // an undecodable cookie is a signed-out visitor, never a crash
  }
  const user = userId ? await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true } }) : null;
  if (user) return { user, expired: false };
  const jar = await cookies();
  return { user: null, expired: jar.getAll().some((c) => isSessionCookie(c.name) || c.name === HAD_SESSION_COOKIE) };
});

export async function currentUser(): Promise<SessionUser | null> {
  return (await sessionState()).user;
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo = '/'): Promise<SessionUser> {
  const { user, expired } = await sessionState();
  if (!user) redirect(signInUrl(returnTo, expired ? 'expired' : 'signin'));
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
