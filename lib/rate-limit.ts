// Attempt limits hold across every web process and machine: each is a sliding log of the last
// `limit` attempt times per key, kept in PostgreSQL ("RateLimit") and decided by one call of
// "RateLimit_decide" (migration 20261210000000_rate_limits), one round trip that locks the key's
// row and reads the database's clock, so concurrent requests on any process never count past a
// limit and machines with skewed clocks agree. Used for sign-in (per account and per address),
// sign-up and join codes, password checks, reset links, Run, instructors' tries and answers to
// questions. Code submissions per minute and the queue's back-pressure count Submission rows
// instead (lib/submissions.ts), which every process shares the same way.
import { db as processDb, type Db } from './db.ts';

export interface LimitRule {
  limit: number; // attempts allowed in any window
  windowMs: number;
}

export type LimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

type Op = 'check' | 'consume' | 'record';

// The function keeps at most `limit` times per key, in a window that fits its integer milliseconds.
const MAX_WINDOW_MS = 2 ** 31 - 1;

// Rows whose attempts have all left their window are deleted every this many writes of a process
// (the expiresAt index makes it cheap), so the table stays about as large as the recent activity.
const SWEEP_EVERY = 1000;
let writes = 0;

export class RateLimiter {
  readonly bucket: string;
  readonly rule: LimitRule;
  private readonly db: Db;
  private readonly now?: () => number;

  /**
   * `bucket` names the limit in the table (a renamed bucket starts from nothing); `now` replaces
   * the database's clock, for tests only.
   */
  constructor(db: Db, bucket: string, rule: LimitRule, now?: () => number) {
    const { limit, windowMs } = rule;
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(windowMs) || windowMs < 1 || windowMs > MAX_WINDOW_MS) {
      throw new Error(`invalid limit rule ${JSON.stringify(rule)}`);
    }
    this.db = db;
    this.bucket = bucket;
    this.rule = { limit, windowMs };
    this.now = now;
  }

  private async decide(op: Op, key: string): Promise<LimitDecision> {
    const at = this.now ? new Date(this.now()) : null;
    const rows = await this.db.$queryRaw<{ ok: boolean; remaining: number; retry_after_ms: number | null }[]>`
      select ok, remaining, retry_after_ms from "RateLimit_decide"(${this.bucket}, ${key}, ${this.rule.limit}::integer, ${this.rule.windowMs}::integer, ${op}, ${at}::timestamptz)`;
    if (op !== 'check' && ++writes % SWEEP_EVERY === 0) {
      sweepRateLimits(this.db).catch((e: unknown) => console.error('[rate-limit] sweep failed (the next one retries):', e));
    }
    const r = rows[0];
    return r.ok ? { ok: true, remaining: r.remaining } : { ok: false, retryAfterMs: r.retry_after_ms ?? 1 };
  }

  /** Whether one more attempt would be allowed, without counting one. */
  check(key: string): Promise<LimitDecision> {
    return this.decide('check', key);
  }

  /** Count an attempt if allowed; refuse (and count nothing) if the key is over its limit. */
  consume(key: string): Promise<LimitDecision> {
    return this.decide('consume', key);
  }

  /**
   * Count an attempt whatever the state (a failed sign-in counts even when it was allowed); says
   * whether the key is still under its limit afterwards.
   */
  record(key: string): Promise<LimitDecision> {
    return this.decide('record', key);
  }

  async reset(key: string): Promise<void> {
    await this.db.$executeRaw`delete from "RateLimit" where bucket = ${this.bucket} and key = ${key}`;
  }
}

/** Deletes the keys whose attempts have all left the window (of any bucket); returns how many. */
export function sweepRateLimits(db: Db, at?: Date): Promise<number> {
  return db.$executeRaw`delete from "RateLimit" where "expiresAt" <= coalesce(${at ?? null}::timestamptz, clock_timestamp())`;
}

/** "Try again in 40 seconds." / "... in 3 minutes." */
export function retryMessage(retryAfterMs: number): string {
  const s = Math.ceil(retryAfterMs / 1000);
  if (s < 90) return `Try again in ${s} second${s === 1 ? '' : 's'}.`;
  const m = Math.ceil(s / 60);
  return `Try again in ${m} minutes.`;
}

/** A positive whole number from the environment, or the fallback. */
export function envInt(name: string, fallback: number, env: Record<string, string | undefined> = process.env): number {
  const v = Number(env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const MINUTE = 60_000;

/** Every limit the web processes apply (one set per process, all of them on the same rows). */
export interface Limiters {
  loginAccount: RateLimiter; // failed sign-ins per email
  loginAddress: RateLimiter; // failed sign-ins per client address
  signupAddress: RateLimiter; // sign-up attempts (and join-code guesses) per address
  run: RateLimiter; // Run clicks per learner
  passwordCheck: RateLimiter; // wrong current passwords (change password, delete account) per account
  resetAddress: RateLimiter; // reset-link attempts per address
  tryCode: RateLimiter; // instructors' tries of code on an exercise's page (they share Run's sandboxes)
  answer: RateLimiter; // answers to questions per learner (graded at once, on the web process)
}

const globalForLimits = globalThis as unknown as { attentionLabLimiters?: WeakMap<Db, Limiters> };

/** The set on a Prisma client, the process's own by default (survives hot reloads in dev). */
export function limiters(database: Db = processDb()): Limiters {
  const sets = (globalForLimits.attentionLabLimiters ??= new WeakMap());
  let set = sets.get(database);
  if (!set) sets.set(database, (set = createLimiters(database)));
  return set;
}

export interface LimitersOptions {
  /** Put before every bucket name: tests use a fresh one for a set that starts from nothing. */
  prefix?: string;
  env?: Record<string, string | undefined>;
  /** Replaces the database's clock (tests). */
  now?: () => number;
}

/** A set with the limits from the environment. */
export function createLimiters(db: Db, { prefix = '', env = process.env, now }: LimitersOptions = {}): Limiters {
  const make = (bucket: string, limit: number, windowMs: number) => new RateLimiter(db, prefix + bucket, { limit, windowMs }, now);
  return {
    loginAccount: make('login-account', envInt('LOGIN_FAILURES_PER_ACCOUNT', 5, env), 15 * MINUTE),
    loginAddress: make('login-address', envInt('LOGIN_FAILURES_PER_ADDRESS', 20, env), 15 * MINUTE),
    signupAddress: make('signup-address', envInt('SIGNUPS_PER_ADDRESS', 10, env), 60 * MINUTE),
    run: make('run', envInt('RUNS_PER_MINUTE', 60, env), MINUTE),
    passwordCheck: make('password-check', envInt('PASSWORD_CHECKS_PER_ACCOUNT', 5, env), 15 * MINUTE),
    resetAddress: make('reset-address', envInt('RESETS_PER_ADDRESS', 20, env), 15 * MINUTE),
    tryCode: make('try-code', 30, MINUTE),
    answer: make('answer', envInt('ANSWERS_PER_MINUTE', 20, env), MINUTE),
  };
}

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (a reverse
 * proxy appends the address it received from; Next sets the header to the socket's address when
 * no proxy did). A client talking to Next directly can forge it, so the per-address limit is only
 * as good as the proxy in front; the per-account limit holds regardless.
 */
export function clientAddress(headers: Headers): string {
  const xff = headers.get('x-forwarded-for');
  const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
  return last || headers.get('x-real-ip') || 'unknown';
}
