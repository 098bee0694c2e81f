// Framing after an LTI launch: the HMAC'd cookie names the sites that may frame the tool, and the
// CSP lists exactly those; a forged, expired or absent cookie leaves framing refused.
import { describe, expect, it } from 'vitest';
import { frameSources, openFrameOrigins, sealFrameOrigins } from '../../../lib/lti/frame.ts';
import { contentSecurityPolicy } from '../../../lib/security-headers.ts';

const SECRET = 'frame-test-secret';
const frameAncestors = (csp: string) => csp.split('; ').find((d) => d.startsWith('frame-ancestors '))!;

describe('the LMS frame cookie', () => {
  it('carries the origins it was sealed with, for its lifetime only', async () => {
    const sealed = await sealFrameOrigins(['https://school.instructure.com/courses/1', 'https://canvas.instructure.com'], SECRET, 3600);
    expect(await openFrameOrigins(sealed, SECRET)).toEqual(['https://school.instructure.com', 'https://canvas.instructure.com']);
    expect(await openFrameOrigins(sealed, SECRET, Date.now() + 2 * 3600_000)).toEqual([]);
    expect(await openFrameOrigins(sealed, 'another-secret')).toEqual([]);
    const [body, mac] = sealed.split('.');
    const widened = btoa(JSON.stringify({ o: ['https://evil.example'], exp: Date.now() + 3600_000 })).replace(/=+$/, '');
    expect(await openFrameOrigins(`${widened}.${mac}`, SECRET)).toEqual([]);
    expect(await openFrameOrigins(`${body}.x${mac}`, SECRET)).toEqual([]);
    expect(await openFrameOrigins(undefined, SECRET)).toEqual([]);
  });

  it('keeps only http(s) origins', () => {
    expect(frameSources(['javascript:alert(1)', 'not a url', "https://a.example/'none'", 'http://127.0.0.1:5000/x'])).toEqual(['https://a.example', 'http://127.0.0.1:5000']);
  });
});

describe('frame-ancestors', () => {
  it("is 'none' without an LMS, and the LMS's origins with one", () => {
    expect(frameAncestors(contentSecurityPolicy({ nonce: 'n' }))).toBe("frame-ancestors 'none'");
    expect(frameAncestors(contentSecurityPolicy({ nonce: 'n', frameAncestors: ['https://school.instructure.com'] }))).toBe("frame-ancestors 'self' https://school.instructure.com");
  });
});
