// Where sign-in sends a visitor back to: only ever a path on this site, whatever the query string
// says, and the role's home otherwise.
import { describe, expect, it } from 'vitest';
import { afterSignIn, homeFor, safeReturnPath, signInRedirectFor } from '../../lib/return-to.ts';

describe('safeReturnPath', () => {
  it('keeps same-site paths with their query and fragment', () => {
    for (const p of ['/', '/progress', '/instructor/cohorts/abc/gradebook?module=attention&sort=total', '/exercises/attention/masks#prompt', '/a%2Fb', '/caf%C3%A9']) {
      expect(safeReturnPath(p, 'FALLBACK'), p).toBe(p);
    }
  });

  it('normalises dot segments, and refuses what then leaves the site', () => {
    expect(safeReturnPath('/a/../b', 'F')).toBe('/b');
    expect(safeReturnPath('/.//evil.example', 'F')).toBe('F');
    expect(safeReturnPath('/a/..//evil.example', 'F')).toBe('F');
  });

  it('refuses every hostile value', () => {
    const hostile = [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '/a\\b',
      'https://evil.example',
      'http://localhost/x',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      ' /progress',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/progress\u0000',
      '/x\u007f',
      '/x y',
      '/\u2028/evil.example',
      'evil.example',
      '?next=/',
      '#/',
      '',
      '/' + 'a'.repeat(600),
    ];
    for (const p of hostile) expect(safeReturnPath(p, 'FALLBACK'), JSON.stringify(p)).toBe('FALLBACK');
    for (const v of [null, undefined, 42, ['/'], { toString: () => '/' }]) expect(safeReturnPath(v, 'FALLBACK')).toBe('FALLBACK');
  });
});

describe('after sign-in', () => {
  it('goes to the page asked for, or the role home', () => {
    expect(homeFor('student')).toBe('/');
    expect(homeFor('instructor')).toBe('/instructor');
    expect(homeFor('admin')).toBe('/instructor');
    expect(afterSignIn('/instructor/cohorts/x/students/y', 'instructor')).toBe('/instructor/cohorts/x/students/y');
    expect(afterSignIn('//evil.example', 'instructor')).toBe('/instructor');
    expect(afterSignIn('https://evil.example/', 'student')).toBe('/');
    expect(afterSignIn(null, 'admin')).toBe('/instructor');
    // never back to the sign-in or sign-up page itself
    expect(afterSignIn('/signin?next=/x', 'student')).toBe('/');
    expect(afterSignIn('/signup', 'instructor')).toBe('/instructor');
    expect(afterSignIn('/signing-up-guide', 'student')).toBe('/signing-up-guide');
  });

  it('the proxy sends cookieless visitors of signed-in areas to sign in, with the deep path', () => {
    const deep = '/instructor/cohorts/c1/students/u1?tab=code';
    expect(signInRedirectFor('/instructor/cohorts/c1/students/u1', deep, false, false)).toBe(`/signin?next=${encodeURIComponent(deep)}`);
    expect(signInRedirectFor('/instructor', '/instructor', false, true)).toBe('/signin?next=%2Finstructor&reason=expired');
    expect(signInRedirectFor('/account', '/account', false, false)).toBe('/signin?next=%2Faccount');
    // a cookie: the page decides (it may be valid); other areas: their pages decide
    expect(signInRedirectFor('/instructor', '/instructor', true, false)).toBeNull();
    expect(signInRedirectFor('/progress', '/progress', false, false)).toBeNull();
    expect(signInRedirectFor('/instructors-guide', '/instructors-guide', false, false)).toBeNull();
    // a path the proxy could not vouch for is left out rather than passed on
    expect(signInRedirectFor('/instructor', '/instructor/\\evil', false, false)).toBe('/signin');
  });
});
