// The attempt limits on a real PostgreSQL: a sliding log of the last `limit` attempts per key,
// shared by every process (each Prisma client here stands for one), decided atomically on the
// database's clock, and swept once every attempt has left the window.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { createDb, type Db } from '../../lib/db.ts';
import { clientAddress, createLimiters, RateLimiter, retryMessage, sweepRateLimits, type LimitDecision, type LimitRule } from '../../lib/rate-limit.ts';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';

let t: TestDatabase;
const others: Db[] = [];
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(others.map((d) => d.$disconnect()));
  await t?.drop();
});

/** Another process's Prisma client on the same database. */
function anotherProcess(): Db {
  const d = createDb(t.url, 10);
  others.push(d);
  return d;
}

function clock(start = Date.parse('2026-03-01T09:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

let buckets = 0;
/** A limiter on a bucket of its own, so every test starts from nothing. */
function limiter(rule: LimitRule, now?: () => number, db: Db = t.db, bucket = `test-${++buckets}`): RateLimiter {
  return new RateLimiter(db, bucket, rule, now);
}

/** Exactly `n` allowed, and each saw the ones before it: their `remaining` take every value once. */
function expectOneEach(decisions: LimitDecision[], n: number) {
  const remaining = decisions.flatMap((d) => (d.ok ? [d.remaining] : []));
  expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
}

const stored = async (bucket: string, key: string) =>
  (await t.db.$queryRaw<{ hits: Date[]; expiresAt: Date }[]>`select hits, "expiresAt" from "RateLimit" where bucket = ${bucket} and key = ${key}`)[0];

describe('the sliding log', () => {
  it('allows `limit` attempts in any window, then refuses until the oldest leaves it, then allows one more', async () => {
    const c = clock();
    const lim = limiter({ limit: 3, windowMs: 60_000 }, c.now);
    expect(await lim.consume('k')).toEqual({ ok: true, remaining: 2 });
    c.advance(10_000);
    expect(await lim.consume('k')).toEqual({ ok: true, remaining: 1 });
    c.advance(10_000);
    expect(await lim.consume('k')).toEqual({ ok: true, remaining: 0 });
    expect(await lim.consume('k')).toEqual({ ok: false, retryAfterMs: 40_000 });
    c.advance(39_999);
    expect(await lim.check('k')).toEqual({ ok: false, retryAfterMs: 1 });
    c.advance(1);
    expect(await lim.consume('k')).toEqual({ ok: true, remaining: 0 }); // the first attempt left the window
    expect(await lim.consume('k')).toEqual({ ok: false, retryAfterMs: 10_000 }); // now the second one decides
  });

  it('keeps keys apart, and a reset clears one key only', async () => {
    const lim = limiter({ limit: 1, windowMs: 1000 }, clock().now);
    expect((await lim.consume('a')).ok).toBe(true);
    expect((await lim.consume('b')).ok).toBe(true);
    expect((await lim.consume('a')).ok).toBe(false);
    await lim.reset('a');
    expect((await lim.consume('a')).ok).toBe(true);
    expect((await lim.consume('b')).ok).toBe(false);
  });

  it('keeps buckets apart: the same key under two limits', async () => {
    const c = clock();
    const failures = limiter({ limit: 1, windowMs: 60_000 }, c.now);
    const runs = limiter({ limit: 1, windowMs: 60_000 }, c.now);
    expect((await failures.consume('user-1')).ok).toBe(true);
    expect((await runs.consume('user-1')).ok).toBe(true);
    expect((await failures.consume('user-1')).ok).toBe(false);
  });

  it('counts recorded failures even beyond the limit without growing, and a check counts (and writes) nothing', async () => {
    const c = clock();
    const lim = limiter({ limit: 2, windowMs: 1000 }, c.now);
    for (let i = 0; i < 10; i++) await lim.check('k');
    expect(await lim.check('k')).toEqual({ ok: true, remaining: 2 });
    expect(await stored(lim.bucket, 'k')).toBeUndefined();

    expect(await lim.record('k')).toEqual({ ok: true, remaining: 1 }); // still under the limit after it
    expect(await lim.record('k')).toEqual({ ok: false, retryAfterMs: 1000 }); // the limit reached
    for (let i = 0; i < 8; i++) {
      c.advance(10);
      await lim.record('k');
    }
    expect((await stored(lim.bucket, 'k')).hits).toHaveLength(2); // the newest two: older ones can decide nothing
    expect(await lim.check('k')).toEqual({ ok: false, retryAfterMs: 1000 - 10 });
    c.advance(1000);
    expect(await lim.check('k')).toEqual({ ok: true, remaining: 2 });
  });

  it('refuses a nonsensical rule', () => {
    expect(() => limiter({ limit: 0, windowMs: 1000 })).toThrow(/invalid limit rule/);
    expect(() => limiter({ limit: 1, windowMs: 0 })).toThrow(/invalid limit rule/);
    expect(() => limiter({ limit: 1.5, windowMs: 1000 })).toThrow(/invalid limit rule/);
    expect(() => limiter({ limit: 1, windowMs: 2 ** 31 })).toThrow(/invalid limit rule/);
  });

  it('keeps the row until the last attempt leaves the window', async () => {
    const c = clock();
    const lim = limiter({ limit: 5, windowMs: 60_000 }, c.now);
    await lim.consume('k');
    c.advance(5_000);
    await lim.consume('k');
    expect((await stored(lim.bucket, 'k')).expiresAt.getTime()).toBe(c.now() + 60_000);
  });
});

describe('shared by every process', () => {
  it('counts the attempts of two processes against one limit', async () => {
    const a = limiter({ limit: 3, windowMs: 60_000 }, undefined, t.db, 'shared-two');
    const b = limiter({ limit: 3, windowMs: 60_000 }, undefined, anotherProcess(), 'shared-two');
    expect(await a.consume('learner')).toMatchObject({ ok: true, remaining: 2 });
    expect(await b.consume('learner')).toMatchObject({ ok: true, remaining: 1 });
    expect(await a.record('learner')).toMatchObject({ ok: false });
    const refused = await b.consume('learner');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(55_000);
    await a.reset('learner'); // a sign-in on one process clears the count for all
    expect(await b.check('learner')).toEqual({ ok: true, remaining: 3 });
  });

  it('never lets concurrent consumes on several processes exceed the limit, on a new key', async () => {
    const rule = { limit: 7, windowMs: 60_000 };
    const lims = [t.db, anotherProcess(), anotherProcess()].map((d) => limiter(rule, undefined, d, 'rush'));
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => lims[i % lims.length].consume('k')));
    expectOneEach(decisions, 7);
    const row = await stored('rush', 'k');
    expect(row.hits).toHaveLength(7);
    expect(row.hits.map((h) => h.getTime())).toEqual(row.hits.map((h) => h.getTime()).sort((x, y) => x - y));
  });

  it('decides consumes queued behind one lock one at a time, each seeing the attempts before it', async () => {
    const rule = { limit: 7, windowMs: 60_000 };
    const lims = [anotherProcess(), anotherProcess()].map((d) => limiter(rule, undefined, d, 'queued'));
    await lims[0].record('k'); // the row exists: 6 attempts left
    const blocker = new pg.Client(pgConfigFromUrl(t.url));
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`select 1 from "RateLimit" where bucket = 'queued' and key = 'k' for update`);
      const pending = Promise.all(Array.from({ length: 12 }, (_, i) => lims[i % 2].consume('k')));
      // every consume has read what it could and now waits on the row (asked on another connection:
      // inside the blocker's transaction pg_stat_activity would stay as it first read it)
      for (let waited = 0; ; waited += 20) {
        const [{ n }] = await t.db.$queryRaw<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (n === 12) break;
        if (waited > 10_000) throw new Error(`only ${n} of 12 consumes are waiting on the row`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await blocker.query('commit');
      expectOneEach(await pending, 6);
    } finally {
      await blocker.end();
    }
    expect((await stored('queued', 'k')).hits).toHaveLength(7);
  });

  it("decides on the database's clock, whatever the clock of the process asking", async () => {
    const here = limiter({ limit: 1, windowMs: 60_000 }, undefined, t.db, 'clocks');
    const skewed = limiter({ limit: 1, windowMs: 60_000 }, undefined, anotherProcess(), 'clocks');
    expect((await here.consume('k')).ok).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_600_000 }); // this machine runs an hour fast
    try {
      const r = await skewed.consume('k');
      expect(r.ok).toBe(false);
      expect(!r.ok && r.retryAfterMs).toBeGreaterThan(55_000);
      expect(!r.ok && r.retryAfterMs).toBeLessThanOrEqual(60_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('sweeping', () => {
  it('deletes the keys whose attempts have all left their window, and only those', async () => {
    const c = clock(Date.parse('2026-03-02T09:00:00Z'));
    const short = limiter({ limit: 2, windowMs: 1_000 }, c.now, t.db, 'sweep-short');
    const long = limiter({ limit: 2, windowMs: 3_600_000 }, c.now, t.db, 'sweep-long');
    await short.consume('gone');
    await long.consume('kept');
    c.advance(500);
    await short.consume('recent');
    c.advance(700); // "gone" left its window 200 ms ago, "recent" leaves it in 300 ms
    expect(await sweepRateLimits(t.db, new Date(c.now()))).toBeGreaterThanOrEqual(1);
    expect(await stored('sweep-short', 'gone')).toBeUndefined();
    expect(await stored('sweep-short', 'recent')).toBeDefined();
    expect(await stored('sweep-long', 'kept')).toBeDefined();
    expect(await short.check('recent')).toEqual({ ok: true, remaining: 1 });
    expect(await short.consume('gone')).toEqual({ ok: true, remaining: 1 }); // a swept key starts again
  });
});

describe('createLimiters', () => {
  it('reads the limits from the environment and keeps a prefix on every bucket', async () => {
    const set = createLimiters(t.db, { prefix: 'env-test:', env: { LOGIN_FAILURES_PER_ACCOUNT: '2', RUNS_PER_MINUTE: 'lots' } });
    expect(set.loginAccount.rule).toEqual({ limit: 2, windowMs: 15 * 60_000 });
    expect(set.run.rule).toEqual({ limit: 60, windowMs: 60_000 }); // not a number: the default
    expect(Object.values(set).every((l) => l.bucket.startsWith('env-test:'))).toBe(true);
    expect(new Set(Object.values(set).map((l) => l.bucket)).size).toBe(Object.keys(set).length);
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
