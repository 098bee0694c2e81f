// Attempt limits kept in memory: a sliding log of the last `limit` attempt times per key. Used for
// sign-in (per account and per address), sign-up and Run, where a per-process count is enough to
// blunt guessing and flooding. Limits that must hold across web processes (submissions per minute)
// count rows in PostgreSQL instead (see lib/submissions.ts).

export interface LimitRule {
  limit: number; // attempts allowed in any window
  windowMs: number;
}

export type LimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class RateLimiter {
  readonly rule: LimitRule;
  private readonly now: () => number;
  private readonly log = new Map<string, number[]>(); // key -> attempt times, oldest first
  private calls = 0;

  constructor(rule: LimitRule, now: () => number = Date.now) {
    if (!(rule.limit >= 1) || !(rule.windowMs > 0)) throw new Error(`invalid limit rule ${JSON.stringify(rule)}`);
    this.rule = rule;
    this.now = now;
  }

  private recent(key: string, t: number): number[] {
    const times = this.log.get(key);
    if (!times) return [];
    while (times.length > 0 && times[0] <= t - this.rule.windowMs) times.shift();
    if (times.length === 0) this.log.delete(key);
    return times;
  }

  /** Whether one more attempt would be allowed, without counting one. */
  check(key: string): LimitDecision {
    const t = this.now();
    const times = this.recent(key, t);
    if (times.length < this.rule.limit) return { ok: true, remaining: this.rule.limit - times.length };
    return { ok: false, retryAfterMs: Math.max(1, times[0] + this.rule.windowMs - t) };
  }

  /** Count an attempt if allowed; refuse (and count nothing) if the key is over its limit. */
  consume(key: string): LimitDecision {
    const decision = this.check(key);
    if (decision.ok) this.record(key);
    return decision.ok ? { ok: true, remaining: decision.remaining - 1 } : decision;
  }

  /** Count an attempt whatever the state (a failed sign-in counts even when it was allowed). */
  record(key: string): void {
    const t = this.now();
    const times = this.recent(key, t);
    times.push(t);
    if (times.length > this.rule.limit) times.splice(0, times.length - this.rule.limit);
    this.log.set(key, times);
    if (++this.calls % 1000 === 0) this.sweep(t);
  }

  reset(key: string): void {
    this.log.delete(key);
  }

  /** Forget keys whose attempts have all left the window, so memory stays bounded. */
  private sweep(t: number): void {
    for (const key of [...this.log.keys()]) this.recent(key, t);
  }
}

/** "Try again in 40 seconds." / "... in 3 minutes." */
export function retryMessage(retryAfterMs: number): string {
  const s = Math.ceil(retryAfterMs / 1000);
  if (s < 90) return `Try again in ${s} second${s === 1 ? '' : 's'}.`;
  const m = Math.ceil(s / 60);
  return `Try again in ${m} minutes.`;
}

/** A positive whole number from the environment, or the fallback. */
export function envInt(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const MINUTE = 60_000;

/** The process-wide limiters (one set per web process; survives hot reloads in dev). */
export interface Limiters {
  loginAccount: RateLimiter; // failed sign-ins per email
  loginAddress: RateLimiter; // failed sign-ins per client address
  signupAddress: RateLimiter; // sign-up attempts (and join-code guesses) per address
  run: RateLimiter; // Run clicks per learner
  passwordCheck: RateLimiter; // wrong current passwords (change password, delete account) per account
  resetAddress: RateLimiter; // reset-link attempts per address
}

const globalForLimits = globalThis as unknown as { attentionLabLimiters?: Limiters };

export function limiters(): Limiters {
  return (globalForLimits.attentionLabLimiters ??= createLimiters());
}

/** A fresh set with the limits from the environment (tests make their own). */
export function createLimiters(): Limiters {
  return {
    loginAccount: new RateLimiter({ limit: envInt('LOGIN_FAILURES_PER_ACCOUNT', 5), windowMs: 15 * MINUTE }),
    loginAddress: new RateLimiter({ limit: envInt('LOGIN_FAILURES_PER_ADDRESS', 20), windowMs: 15 * MINUTE }),
    signupAddress: new RateLimiter({ limit: envInt('SIGNUPS_PER_ADDRESS', 10), windowMs: 60 * MINUTE }),
    run: new RateLimiter({ limit: envInt('RUNS_PER_MINUTE', 60), windowMs: MINUTE }),
    passwordCheck: new RateLimiter({ limit: envInt('PASSWORD_CHECKS_PER_ACCOUNT', 5), windowMs: 15 * MINUTE }),
    resetAddress: new RateLimiter({ limit: envInt('RESETS_PER_ADDRESS', 20), windowMs: 15 * MINUTE }),
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
