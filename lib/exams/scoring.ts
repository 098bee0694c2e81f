// How an exam item is scored and how long an exam lasts. Points decline per try: try i can earn at
// most schedule[i] of the item's points (e.g. 100 %, 70 %, 50 %), so guessing costs something while
// fixing a mistake is still worth it; the best try counts, so a later, worse try never takes points
// away. Time: each student gets the time limit from the moment they start, plus any extra time
// (accommodation), but never past the window's close (plus the same extra time).
// Pure: no I/O, no clock; `now` is always passed in.

/** The fraction of an item's points a try earns at most, by try number (0-based): e.g. [1, 0.7, 0.5]. */
export type TrySchedule = readonly number[];

export const MAX_TRIES = 10;

/**
 * Rounds to 2 decimals, half up. x * 100 is first cut to 12 significant digits so float noise does
 * not turn a true half into just below it (0.75 x 0.7 x 5 is 2.6249999..., and should give 2.63).
 */
const round2 = (x: number) => Math.round(Number((x * 100).toPrecision(12))) / 100;

/**
 * "100, 70, 50" (percentages separated by commas and/or spaces; a "%" is allowed) -> [1, 0.7, 0.5].
 * Each entry is 1..100 %, none is worth more than the one before, 1 to MAX_TRIES entries.
 */
export function parseTrySchedule(text: string): { ok: true; schedule: number[] } | { ok: false; error: string } {
  const tokens = text.replace(/%/g, ' ').split(/[\s,;]+/).filter((t) => t !== '');
  if (tokens.length === 0) return fail('Enter at least one percentage, e.g. "100, 70, 50".');
  if (tokens.length > MAX_TRIES) return fail(`At most ${MAX_TRIES} tries are allowed; this lists ${tokens.length}.`);
  const percents: number[] = [];
  for (const [i, token] of tokens.entries()) {
    const p = Number(token);
    if (!/^\d+(\.\d+)?$/.test(token) || !Number.isFinite(p)) return fail(`"${token}" is not a percentage.`);
    if (p < 1 || p > 100) return fail(`Try ${i + 1} is worth ${token} %; each try must be worth 1 to 100 %.`);
    if (i > 0 && p > percents[i - 1]) {
      return fail(`Try ${i + 1} (${token} %) is worth more than try ${i} (${percents[i - 1]} %); later tries may not be worth more.`);
    }
    percents.push(p);
  }
  return { ok: true, schedule: percents.map((p) => p / 100) };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** [1, 0.7, 0.5] -> "100 %, 70 %, 50 %" (parseTrySchedule reads it back). */
export function formatTrySchedule(s: TrySchedule): string {
  return s.map((f) => `${round2(f * 100)} %`).join(', ');
}

export interface TryResult {
  /** The grader's score for the try, 0..maxScore. */
  score: number;
  maxScore: number;
  createdAt: Date;
}

export interface ItemScore {
  /** Points earned, rounded to 2 decimals. */
  points: number;
  maxPoints: number;
  /** Tries that count (at most schedule.length). */
  tries: number;
  triesLeft: number;
  /** Index of the counting try (the earliest best one); null without tries. */
  best: number | null;
}

/**
 * An item's points from its tries, in the order they were made (only tries that count, e.g. not
 * late ones): try i earns its score fraction x schedule[i] x maxPoints; the best try counts; tries
 * beyond the schedule are ignored.
 */
export function itemScore(tries: readonly TryResult[], schedule: TrySchedule, maxPoints: number): ItemScore {
  const counted = tries.slice(0, schedule.length);
  let best: number | null = null;
  let bestPoints = 0;
  for (const [i, t] of counted.entries()) {
    const earned = scoreFraction(t) * schedule[i] * maxPoints;
    if (best === null || earned > bestPoints) {
      best = i;
      bestPoints = earned;
    }
  }
  return {
    points: round2(bestPoints),
    maxPoints,
    tries: counted.length,
    triesLeft: Math.max(0, schedule.length - tries.length),
    best,
  };
}

/** score / maxScore clamped to 0..1; 0 when maxScore <= 0 or either is not a number. */
function scoreFraction(t: TryResult): number {
  if (!(t.maxScore > 0)) return 0;
  const f = t.score / t.maxScore;
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

/** The fraction of the item's points the next try can earn at most; null when no tries are left. */
export function nextTryWorth(triesUsed: number, schedule: TrySchedule): number | null {
  if (!Number.isInteger(triesUsed) || triesUsed < 0) {
    throw new RangeError(`nextTryWorth: triesUsed must be a whole number >= 0 (got ${triesUsed})`);
  }
  return triesUsed < schedule.length ? schedule[triesUsed] : null;
}

export interface ExamWindow {
  /** Students may start from here ... */
  opensAt: Date;
  /** ... until here (exclusive). */
  closesAt: Date;
  /** Minutes each student has from their start. */
  timeLimitMinutes: number;
}

const MINUTE_MS = 60_000;

/**
 * When a student's exam ends if they start at `startedAt` with `extraMinutes` (accommodation): the
 * time limit plus extra from the start, and never after the window's close plus the extra time
 * (nor before the start, so a start after that cap ends at once).
 */
export function attemptEndsAt(w: ExamWindow, startedAt: Date, extraMinutes: number): Date {
  if (!Number.isFinite(extraMinutes) || extraMinutes < 0) {
    throw new RangeError(`attemptEndsAt: extraMinutes must be a number >= 0 (got ${extraMinutes})`);
  }
  if (!Number.isFinite(w.timeLimitMinutes) || w.timeLimitMinutes < 0) {
    throw new RangeError(`attemptEndsAt: timeLimitMinutes must be a number >= 0 (got ${w.timeLimitMinutes})`);
  }
  const start = startedAt.getTime();
  const byLimit = start + (w.timeLimitMinutes + extraMinutes) * MINUTE_MS;
  const byClose = w.closesAt.getTime() + extraMinutes * MINUTE_MS;
  return new Date(Math.max(start, Math.min(byLimit, byClose)));
}

export type ExamPhase = 'upcoming' | 'open' | 'closed';

/** 'open' when opensAt <= now < closesAt. */
export function examPhase(w: ExamWindow, now: Date): ExamPhase {
  const t = now.getTime();
  if (t < w.opensAt.getTime()) return 'upcoming';
  return t < w.closesAt.getTime() ? 'open' : 'closed';
}

/** Milliseconds until `endsAt`, never negative. */
export function timeLeftMs(endsAt: Date, now: Date): number {
  return Math.max(0, endsAt.getTime() - now.getTime());
}

/**
 * "1 h 05 min", "12 min 30 s", "45 s". Rounded up to whole seconds, so a countdown shows "0 s"
 * only when time is really up; from an hour on, seconds are left out.
 */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0; // seconds
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${pad2(m)} min`;
  if (m > 0) return `${m} min ${pad2(s)} s`;
  return `${s} s`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
