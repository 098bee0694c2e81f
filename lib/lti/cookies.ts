// The cookies of the LTI flow (the login's state, its cookie check, the launch's session, space,
// deep-linking and frame cookies): inside the LMS's iframe they are third-party, so over HTTPS they
// are SameSite=None; Secure; Partitioned (CHIPS), which browsers that block third-party cookies
// still keep per site. Apart from session.ts so the login needs nothing of next-auth.

/** Cookies that cross sites need Secure; browsers treat http://localhost as secure too. */
export function crossSiteCookieOptions(url: URL): { secure: boolean; sameSite: 'none' | 'lax'; partitioned?: boolean } {
  const secure = url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  return secure ? { secure: true, sameSite: 'none', partitioned: true } : { secure: false, sameSite: 'lax' };
}

/** A Set-Cookie header for the LTI flow: HttpOnly, and readable inside the LMS's frame where the site allows. */
export function setCookieHeader(name: string, value: string, url: URL, { maxAge, path = '/' }: { maxAge: number; path?: string }): string {
  const o = crossSiteCookieOptions(url);
  return [`${name}=${value}`, `Path=${path}`, 'HttpOnly', `Max-Age=${maxAge}`, `SameSite=${o.sameSite === 'none' ? 'None' : 'Lax'}`, ...(o.secure ? ['Secure'] : []), ...(o.partitioned ? ['Partitioned'] : [])].join('; ');
}
