// The Content Security Policy and the static security headers.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, makeNonce, SECURITY_HEADERS } from '../../lib/security-headers.ts';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it("allows scripts only with this request's nonce, and names no other host", () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123==' }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    for (const [name, sources] of csp) {
      for (const s of sources) expect(s, name).toMatch(/^('[^']+'|data:|blob:)$/);
    }
  });

  it("lets Monaco's workers and KaTeX's fonts load, and nothing frame the app", () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n' }));
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('font-src')).toContain("'self'");
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds eval and the HMR websocket only for next dev', () => {
    expect(contentSecurityPolicy({ nonce: 'n' })).not.toContain('unsafe-eval');
    const dev = directives(contentSecurityPolicy({ nonce: 'n', dev: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:']);
  });
});

describe('makeNonce', () => {
  it('is 16 random bytes in base64, different every time', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(Array.from({ length: 100 }, makeNonce)).size).toBe(100);
  });
});

describe('SECURITY_HEADERS', () => {
  it('forbid framing and sniffing and keep the referrer on our site', () => {
    const h = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));
    expect(h).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
  });
});
