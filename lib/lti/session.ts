// The session an LTI launch opens: the same JWT cookie next-auth issues at sign-in (lib/auth.ts's
// jwt callback: sub, role, session version), so every page treats a launched learner like one who
// signed in. Inside an LMS iframe the cookie is third-party: over HTTPS it is SameSite=None;
// Secure; Partitioned (CHIPS), which browsers that block third-party cookies still keep per site.
import { encode } from 'next-auth/jwt';
import { sessionMaxAgeSeconds } from '../auth.ts';

export interface LaunchCookie {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: 'none' | 'lax'; path: '/'; maxAge: number; partitioned?: boolean };
}

/** Cookies that cross sites need Secure; browsers treat http://localhost as secure too. */
export function crossSiteCookieOptions(url: URL): { secure: boolean; sameSite: 'none' | 'lax'; partitioned?: boolean } {
  const secure = url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  return secure ? { secure: true, sameSite: 'none', partitioned: true } : { secure: false, sameSite: 'lax' };
}

export async function launchSessionCookie(user: { id: string; email: string; role: string; sessionVersion: number }, url: URL): Promise<LaunchCookie> {
  const https = url.protocol === 'https:';
  const name = https ? '__Secure-authjs.session-token' : 'authjs.session-token';
  const maxAge = sessionMaxAgeSeconds();
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  const value = await encode({ token: { sub: user.id, email: user.email, role: user.role, sv: user.sessionVersion }, secret, salt: name, maxAge });
  return { name, value, options: { httpOnly: true, path: '/', maxAge, ...crossSiteCookieOptions(url) } };
}

/** A Set-Cookie header for the LTI flow: HttpOnly, and readable inside the LMS's frame where the site allows. */
export function setCookieHeader(name: string, value: string, url: URL, { maxAge, path = '/' }: { maxAge: number; path?: string }): string {
  const o = crossSiteCookieOptions(url);
  return [`${name}=${value}`, `Path=${path}`, 'HttpOnly', `Max-Age=${maxAge}`, `SameSite=${o.sameSite === 'none' ? 'None' : 'Lax'}`, ...(o.secure ? ['Secure'] : []), ...(o.partitioned ? ['Partitioned'] : [])].join('; ');
}
