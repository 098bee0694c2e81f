// The session an LTI launch opens: the same JWT cookie next-auth issues at sign-in (lib/auth.ts's
// jwt callback: sub, role, session version), so every page treats a launched learner like one who
// signed in. Its attributes are the LTI flow's cross-site ones (cookies.ts).
import { encode } from 'next-auth/jwt';
import { sessionMaxAgeSeconds } from '../auth.ts';
import { crossSiteCookieOptions } from './cookies.ts';

export interface LaunchCookie {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: 'none' | 'lax'; path: '/'; maxAge: number; partitioned?: boolean };
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
