// Exam scoring and timing: points decline per try and the best try counts; each student's exam
// ends after the time limit (plus extra time) but never after the window closes (plus extra time).
import { describe, expect, it } from 'vitest';
import {
  attemptEndsAt,
  examPhase,
  formatDuration,
  formatTrySchedule,
  itemScore,
  nextTryWorth,
  parseTrySchedule,
  timeLeftMs,
  type ExamWindow,
  type TryResult,
} from '../../../lib/exams/scoring.ts';

const at = (iso: string) => new Date(iso);
const t = (score: number, maxScore = 1, minute = 0): TryResult => ({
  score,
  maxScore,
  createdAt: new Date(Date.UTC(2025, 0, 1, 9, minute)),
});
const schedule = [1, 0.7, 0.5];

describe('parseTrySchedule', () => {
  it('reads percentages separated by commas and/or spaces as fractions', () => {
    expect(parseTrySchedule('100, 70, 50')).toEqual({ ok: true, schedule: [1, 0.7, 0.5] });
    expect(parseTrySchedule('100 70 50')).toEqual({ ok: true, schedule: [1, 0.7, 0.5] });
    expect(parseTrySchedule(' 100,70 ,, 50 ')).toEqual({ ok: true, schedule: [1, 0.7, 0.5] });
    expect(parseTrySchedule('100')).toEqual({ ok: true, schedule: [1] });
  });

  it('accepts "%" signs, so what formatTrySchedule writes reads back', () => {
    expect(parseTrySchedule('100 %, 70%, 50 %')).toEqual({ ok: true, schedule: [1, 0.7, 0.5] });
    const s = [1, 0.75, 0.5, 0.25];
    expect(parseTrySchedule(formatTrySchedule(s))).toEqual({ ok: true, schedule: s });
  });

  it('allows a first try worth less than 100 %, equal steps and decimals', () => {
    expect(parseTrySchedule('80, 80, 62.5')).toEqual({ ok: true, schedule: [0.8, 0.8, 0.625] });
  });

  it('refuses an empty schedule', () => {
    expect(parseTrySchedule('')).toEqual({ ok: false, error: 'Enter at least one percentage, e.g. "100, 70, 50".' });
    expect(parseTrySchedule(' , ')).toMatchObject({ ok: false });
  });

  it('refuses something that is not a percentage', () => {
    expect(parseTrySchedule('100, seventy')).toEqual({ ok: false, error: '"seventy" is not a percentage.' });
    expect(parseTrySchedule('100, -50')).toMatchObject({ ok: false, error: '"-50" is not a percentage.' });
    expect(parseTrySchedule('1e2')).toMatchObject({ ok: false });
  });

  it('refuses a try worth less than 1 % or more than 100 %', () => {
    expect(parseTrySchedule('120, 70')).toEqual({ ok: false, error: 'Try 1 is worth 120 %; each try must be worth 1 to 100 %.' });
    expect(parseTrySchedule('100, 0')).toEqual({ ok: false, error: 'Try 2 is worth 0 %; each try must be worth 1 to 100 %.' });
    expect(parseTrySchedule('100, 0.5')).toMatchObject({ ok: false });
  });

  it('refuses a later try worth more than an earlier one', () => {
    expect(parseTrySchedule('100, 50, 70')).toEqual({
      ok: false,
      error: 'Try 3 (70 %) is worth more than try 2 (50 %); later tries may not be worth more.',
    });
  });

  it('allows 1 to 10 tries', () => {
    expect(parseTrySchedule(Array(10).fill('100').join(','))).toMatchObject({ ok: true });
    expect(parseTrySchedule(Array(11).fill('100').join(','))).toEqual({
      ok: false,
      error: 'At most 10 tries are allowed; this lists 11.',
    });
  });
});

describe('formatTrySchedule', () => {
  it('writes fractions as percentages', () => {
    expect(formatTrySchedule([1, 0.7, 0.5])).toBe('100 %, 70 %, 50 %');
    expect(formatTrySchedule([0.625])).toBe('62.5 %');
  });
});

describe('itemScore', () => {
  it('gives full points for a right first try', () => {
    expect(itemScore([t(1)], schedule, 10)).toEqual({ points: 10, maxPoints: 10, tries: 1, triesLeft: 2, best: 0 });
  });

  it('gives 70 % for a right second try after a wrong first one', () => {
    expect(itemScore([t(0), t(1)], schedule, 10)).toEqual({ points: 7, maxPoints: 10, tries: 2, triesLeft: 1, best: 1 });
  });

  it('keeps a better earlier try when a later one is worse or worth less', () => {
    expect(itemScore([t(1), t(0)], schedule, 10)).toMatchObject({ points: 10, best: 0 });
    // a right third try (50 %) earns less than a 60 % first try (60 %)
    expect(itemScore([t(0.6), t(0), t(1)], schedule, 10)).toMatchObject({ points: 6, best: 0, triesLeft: 0 });
  });

  it('scales partial credit by the try schedule, rounded to 2 decimals', () => {
    // 3/4 of the tests on the second try: 0.75 x 0.7 x 5 = 2.625
    expect(itemScore([t(0, 4), t(3, 4)], schedule, 5)).toMatchObject({ points: 2.63, best: 1 });
    expect(itemScore([t(1, 3)], [1], 1)).toMatchObject({ points: 0.33 });
  });

  it('ignores tries beyond the schedule', () => {
    expect(itemScore([t(0), t(0), t(0), t(1)], schedule, 10)).toEqual({
      points: 0,
      maxPoints: 10,
      tries: 3,
      triesLeft: 0,
      best: 0,
    });
  });

  it('gives 0 points and no best try without tries', () => {
    expect(itemScore([], schedule, 10)).toEqual({ points: 0, maxPoints: 10, tries: 0, triesLeft: 3, best: null });
  });

  it('clamps scores to 0..maxScore and counts a try with maxScore <= 0 as 0', () => {
    expect(itemScore([t(2, 1)], schedule, 10)).toMatchObject({ points: 10 });
    expect(itemScore([t(-1, 1)], schedule, 10)).toMatchObject({ points: 0 });
    expect(itemScore([t(1, 0)], schedule, 10)).toMatchObject({ points: 0, tries: 1 });
  });
});

describe('nextTryWorth', () => {
  it('says what the next try is worth, and null when none are left', () => {
    expect(nextTryWorth(0, schedule)).toBe(1);
    expect(nextTryWorth(1, schedule)).toBe(0.7);
    expect(nextTryWorth(2, schedule)).toBe(0.5);
    expect(nextTryWorth(3, schedule)).toBeNull();
    expect(nextTryWorth(7, schedule)).toBeNull();
  });

  it('refuses a negative or fractional count of tries', () => {
    expect(() => nextTryWorth(-1, schedule)).toThrow(RangeError);
    expect(() => nextTryWorth(1.5, schedule)).toThrow(RangeError);
  });
});

describe('attemptEndsAt', () => {
  const w: ExamWindow = { opensAt: at('2025-03-01T09:00:00Z'), closesAt: at('2025-03-01T12:00:00Z'), timeLimitMinutes: 90 };

  it('ends the time limit after the start', () => {
    expect(attemptEndsAt(w, at('2025-03-01T09:10:00Z'), 0)).toEqual(at('2025-03-01T10:40:00Z'));
  });

  it('adds extra time to the limit', () => {
    expect(attemptEndsAt(w, at('2025-03-01T09:10:00Z'), 30)).toEqual(at('2025-03-01T11:10:00Z'));
  });

  it('never ends after the window closes', () => {
    expect(attemptEndsAt(w, at('2025-03-01T11:00:00Z'), 0)).toEqual(at('2025-03-01T12:00:00Z'));
  });

  it('lets extra time run past the close by the same extra time', () => {
    expect(attemptEndsAt(w, at('2025-03-01T11:00:00Z'), 30)).toEqual(at('2025-03-01T12:30:00Z'));
    expect(attemptEndsAt(w, at('2025-03-01T11:50:00Z'), 15)).toEqual(at('2025-03-01T12:15:00Z'));
  });

  it('ends at once for a start after the (extended) close', () => {
    expect(attemptEndsAt(w, at('2025-03-01T12:20:00Z'), 10)).toEqual(at('2025-03-01T12:20:00Z'));
  });

  it('refuses negative extra time', () => {
    expect(() => attemptEndsAt(w, at('2025-03-01T09:10:00Z'), -5)).toThrow(RangeError);
  });
});

describe('examPhase', () => {
  const w: ExamWindow = { opensAt: at('2025-03-01T09:00:00Z'), closesAt: at('2025-03-01T12:00:00Z'), timeLimitMinutes: 60 };

  it('is upcoming before the window opens', () => {
    expect(examPhase(w, at('2025-03-01T08:59:59.999Z'))).toBe('upcoming');
  });

  it('is open from the moment it opens until just before it closes', () => {
    expect(examPhase(w, at('2025-03-01T09:00:00Z'))).toBe('open');
    expect(examPhase(w, at('2025-03-01T11:59:59.999Z'))).toBe('open');
  });

  it('is closed from the moment it closes', () => {
    expect(examPhase(w, at('2025-03-01T12:00:00Z'))).toBe('closed');
    expect(examPhase(w, at('2025-03-02T00:00:00Z'))).toBe('closed');
  });
});

describe('timeLeftMs', () => {
  it('is the time until the end, and 0 after it', () => {
    expect(timeLeftMs(at('2025-03-01T10:00:00Z'), at('2025-03-01T09:59:30Z'))).toBe(30_000);
    expect(timeLeftMs(at('2025-03-01T10:00:00Z'), at('2025-03-01T10:00:00Z'))).toBe(0);
    expect(timeLeftMs(at('2025-03-01T10:00:00Z'), at('2025-03-01T10:05:00Z'))).toBe(0);
  });
});

describe('formatDuration', () => {
  it('shows hours and minutes from an hour on', () => {
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h 00 min');
  });

  it('shows minutes and seconds under an hour', () => {
    expect(formatDuration(12 * 60_000 + 30_000)).toBe('12 min 30 s');
    expect(formatDuration(60_000 + 5_000)).toBe('1 min 05 s');
  });

  it('shows seconds under a minute', () => {
    expect(formatDuration(45_000)).toBe('45 s');
  });

  it('rounds up to whole seconds, so it reads 0 s only when time is up', () => {
    expect(formatDuration(44_001)).toBe('45 s');
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5_000)).toBe('0 s');
  });
});
