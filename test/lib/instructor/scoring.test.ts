// The score rules as a pure function: late policies, started days, caps, attempt limits, the best
// counted submit, and what never counts.
import { describe, expect, it } from 'vitest';
import { daysLate, penaltyPercent, policyFor, scoreAssignment, type ScoredSubmission, type ScoringPolicy } from '../../../lib/instructor/scoring.ts';

const OPENS = new Date('2026-03-02T09:00:00Z');
const DUE = new Date('2026-03-09T09:00:00Z');
const H = 3_600_000;
const D = 24 * H;
const t = (ms: number) => new Date(DUE.getTime() + ms);

const policy = (over: Partial<ScoringPolicy> = {}): ScoringPolicy => ({
  opensAt: OPENS,
  dueAt: DUE,
  latePolicy: 'penalty',
  latePenaltyPerDay: 10,
  latePenaltyCap: 50,
  attemptLimit: null,
  points: 10,
  ...over,
});

let n = 0;
const sub = (createdAt: Date, score: number | null, maxScore = 10, status: ScoredSubmission['status'] = score === null ? 'queued' : 'graded'): ScoredSubmission => ({
  id: `s${String(++n).padStart(3, '0')}`,
  createdAt,
  status,
  score,
  maxScore: score === null ? null : maxScore,
});

describe('daysLate', () => {
  it('counts started days after the due instant', () => {
    expect(daysLate(DUE, DUE)).toBe(0);
    expect(daysLate(t(-1), DUE)).toBe(0);
    expect(daysLate(t(1), DUE)).toBe(1);
    expect(daysLate(t(D), DUE)).toBe(1);
    expect(daysLate(t(D + 1), DUE)).toBe(2);
    expect(daysLate(t(10 * D - 1), DUE)).toBe(10);
  });
});

describe('penaltyPercent', () => {
  it('takes perDay per started day, capped', () => {
    const p = policy();
    expect([0, 1, 2, 4, 5, 6, 30].map((d) => penaltyPercent(p, d))).toEqual([0, 10, 20, 40, 50, 50, 50]);
  });
  it('takes nothing under accept and everything under reject', () => {
    expect(penaltyPercent(policy({ latePolicy: 'accept' }), 9)).toBe(0);
    expect(penaltyPercent(policy({ latePolicy: 'reject' }), 1)).toBe(100);
    expect(penaltyPercent(policy({ latePolicy: 'reject' }), 0)).toBe(0);
  });
  it('never goes past 100 %', () => {
    expect(penaltyPercent(policy({ latePenaltyPerDay: 60, latePenaltyCap: 100 }), 3)).toBe(100);
  });
});

describe('scoreAssignment', () => {
  it('is empty without submits', () => {
    const r = scoreAssignment(policy(), []);
    expect(r).toMatchObject({ score: null, maxScore: 10, attempts: 0, late: false, bestSubmissionId: null, results: [] });
  });

  it('keeps the best on-time submit, with partial credit', () => {
    const a = sub(t(-3 * D), 2.5);
    const b = sub(t(-2 * D), 7.5);
    const c = sub(t(-1 * D), 5);
    const r = scoreAssignment(policy(), [c, a, b]);
    expect(r.score).toBe(7.5);
    expect(r.bestSubmissionId).toBe(b.id);
    expect(r.attempts).toBe(3);
    expect(r.late).toBe(false);
    expect(r.results.map((x) => x.attempt)).toEqual([1, 2, 3]);
  });

  it('takes the penalty off a late submit per started day', () => {
    const r = scoreAssignment(policy(), [sub(t(2 * D + H), 10)]);
    expect(r.score).toBe(7); // 3 started days x 10 %
    expect(r.late).toBe(true);
    expect(r.penaltyPercent).toBe(30);
    expect(r.results[0]).toMatchObject({ daysLate: 3, raw: 10, adjusted: 7, fate: 'counted' });
  });

  it('caps the penalty', () => {
    expect(scoreAssignment(policy(), [sub(t(20 * D), 10)]).score).toBe(5);
  });

  it('prefers a better late submit over a worse on-time one only when it is better after the penalty', () => {
    const onTime = sub(t(-H), 6);
    const late = sub(t(H), 10); // 1 day late: 9
    const r = scoreAssignment(policy(), [onTime, late]);
    expect(r).toMatchObject({ score: 9, late: true, bestSubmissionId: late.id });
    const r2 = scoreAssignment(policy({ latePenaltyPerDay: 50 }), [onTime, late]); // late worth 5
    expect(r2).toMatchObject({ score: 6, late: false, bestSubmissionId: onTime.id });
  });

  it('keeps the on-time submit when a late one only ties', () => {
    const onTime = sub(t(-H), 9);
    const late = sub(t(H), 10); // 9 after 10 %
    expect(scoreAssignment(policy(), [late, onTime])).toMatchObject({ score: 9, late: false, bestSubmissionId: onTime.id });
  });

  it('counts a late submit in full under accept', () => {
    expect(scoreAssignment(policy({ latePolicy: 'accept' }), [sub(t(9 * D), 10)])).toMatchObject({ score: 10, late: true, penaltyPercent: 0 });
  });

  it('ignores a late submit under reject, and it uses no attempt', () => {
    const p = policy({ latePolicy: 'reject', attemptLimit: 1 });
    const late = sub(t(H), 10);
    const r = scoreAssignment(p, [late]);
    expect(r).toMatchObject({ score: null, attempts: 0, ignored: 1, late: false });
    expect(r.results[0]).toMatchObject({ fate: 'late-rejected', attempt: null, adjusted: null });
  });

  it('applies the extension: the student due date replaces the assignment one', () => {
    const late = sub(t(2 * D), 10);
    expect(scoreAssignment(policy(), [late]).score).toBe(8);
    expect(scoreAssignment(policy({ dueAt: t(3 * D) }), [late])).toMatchObject({ score: 10, late: false });
  });

  it('counts only the first attemptLimit submits', () => {
    const subs = [sub(t(-5 * H), 2), sub(t(-4 * H), 4), sub(t(-3 * H), 10)];
    const r = scoreAssignment(policy({ attemptLimit: 2 }), subs);
    expect(r).toMatchObject({ score: 4, attempts: 2, ignored: 1 });
    expect(r.results.map((x) => x.fate)).toEqual(['counted', 'counted', 'over-limit']);
  });

  it('does not count submits before the opening or the ones the grader failed on', () => {
    const early = sub(new Date(OPENS.getTime() - 1), 10);
    const broken = sub(t(-2 * H), null, 10, 'error');
    const ok = sub(t(-H), 5);
    const r = scoreAssignment(policy({ attemptLimit: 1 }), [early, broken, ok]);
    expect(r).toMatchObject({ score: 5, attempts: 1, ignored: 0 });
    expect(r.results.map((x) => x.fate)).toEqual(['before-opening', 'grader-error', 'counted']);
  });

  it('counts a submit still being graded as an attempt with no score yet', () => {
    const r = scoreAssignment(policy({ attemptLimit: 2 }), [sub(t(-2 * H), null), sub(t(-H), 3), sub(t(-30_000), 10)]);
    expect(r).toMatchObject({ score: 3, attempts: 2, pending: 1, ignored: 1 });
  });

  it('scales the verdict score to the assignment points (exercise points changed since)', () => {
    expect(scoreAssignment(policy({ points: 20 }), [sub(t(-H), 5, 10)]).score).toBe(10);
    expect(scoreAssignment(policy({ points: 20 }), [sub(t(H), 3.33, 10)]).score).toBe(5.99); // 6.66 less 10 %
  });

  it('orders by time whatever the input order (ties by id)', () => {
    const same = t(-H);
    const a = { ...sub(same, 1), id: 'b' };
    const b = { ...sub(same, 2), id: 'a' };
    const r = scoreAssignment(policy({ attemptLimit: 1 }), [a, b]);
    expect(r.bestSubmissionId).toBe('a');
  });
});

describe('policyFor', () => {
  it('uses the extension when there is one', () => {
    const a = { opensAt: OPENS, dueAt: DUE, latePolicy: 'penalty' as const, latePenaltyPerDay: 10, latePenaltyCap: 50, attemptLimit: 3, exercise: { points: 7 } };
    expect(policyFor(a, null)).toMatchObject({ dueAt: DUE, points: 7, attemptLimit: 3 });
    expect(policyFor(a, t(D)).dueAt).toEqual(t(D));
  });
});
