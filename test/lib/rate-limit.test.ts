// The in-memory attempt limiter: a sliding window of the last `limit` attempts per key.
import { describe, expect, it } from 'vitest';
import { clientAddress, RateLimiter, retryMessage } from '../../lib/rate-limit.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` attempts in any window, then refuses until the oldest leaves it', () => {
    const c = clock();
    const lim = new RateLimiter({ limit: 3, windowMs: 60_000 }, c.now);
    expect(lim.consume('k')).toEqual({ ok: true, remaining: 2 });
    c.advance(10_000);
    expect(lim.consume('k')).toEqual({ ok: true, remaining: 1 });
    c.advance(10_000);
    expect(lim.consume('k')).toEqual({ ok: true, remaining: 0 });
    expect(lim.consume('k')).toEqual({ ok: false, retryAfterMs: 40_000 });
    c.advance(39_999);
    expect(lim.check('k').ok).toBe(false);
    c.advance(1);
    expect(lim.consume('k')).toEqual({ ok: true, remaining: 0 }); // the first attempt left the window
  });

  it('keeps keys apart, and a reset clears one key only', () => {
    const lim = new RateLimiter({ limit: 1, windowMs: 1000 }, clock().now);
    expect(lim.consume('a').ok).toBe(true);
    expect(lim.consume('b').ok).toBe(true);
    expect(lim.consume('a').ok).toBe(false);
    lim.reset('a');
    expect(lim.consume('a').ok).toBe(true);
    expect(lim.consume('b').ok).toBe(false);
  });

  it('counts recorded failures even beyond the limit without growing, and check counts nothing', () => {
    const c = clock();
    const lim = new RateLimiter({ limit: 2, windowMs: 1000 }, c.now);
    for (let i = 0; i < 10; i++) lim.check('k');
    expect(lim.check('k')).toEqual({ ok: true, remaining: 2 });
    for (let i = 0; i < 10; i++) lim.record('k');
    expect(lim.check('k')).toEqual({ ok: false, retryAfterMs: 1000 });
    c.advance(1000);
    expect(lim.check('k').ok).toBe(true);
  });

  it('refuses a nonsensical rule', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow(/invalid limit rule/);
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow(/invalid limit rule/);
  });
});

describe('retryMessage', () => {
  it('says seconds under a minute and a half, minutes after', () => {
    expect(retryMessage(1)).toBe('Try again in 1 second.');
    expect(retryMessage(40_100)).toBe('Try again in 41 seconds.');
    expect(retryMessage(15 * 60_000)).toBe('Try again in 15 minutes.');
  });
});

describe('clientAddress', () => {
  it('takes the entry the nearest proxy appended', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' }))).toBe('10.0.0.2');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '::1' }))).toBe('::1');
    expect(clientAddress(new Headers({ 'x-real-ip': '198.51.100.7' }))).toBe('198.51.100.7');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
