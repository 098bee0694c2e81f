// The page's side of a Run when the worker must be stopped: the step that overran gets the
// server's timeout message (per case, or the rest of the total budget), the cases after it are
// marked not run, a crash is an out-of-memory, and a scratch reference that never answers leaves
// the visible cases to run again. The worker's answers are played by hand on a fake clock.
import { describe, expect, it } from 'vitest';
import { prepareBuiltin, builtinDefinition } from '../../../grader/browser/builtin.ts';
import { RunSession, STOPPED_AFTER_CRASH, STOPPED_AFTER_TIMEOUT } from '../../../grader/browser/session.ts';
import { REFERENCE_TIMEOUT_MESSAGE } from '../../../grader/scratch-reference.ts';
import { timeLimitsOf } from '../../../grader/sandbox-protocol.ts';

const ID = 'foundations/dot-product';
const prepared = prepareBuiltin(builtinDefinition(ID)!);
const exercise = { ...prepared.exercise, version: 'v1' };
const limits = timeLimitsOf(exercise);

function session(scratchArgs?: unknown[], custom = limits) {
  let t = 1000;
  const s = new RunSession({ exercise, cases: structuredClone(prepared.cases), code: 'export function dot() { while (true) {} }', compiled: { ok: true, mappings: '' }, scratchArgs, limits: custom, now: () => t });
  return { s, tick: (ms: number) => (t += ms) };
}

describe('a Run the page has to stop', () => {
  it('knows which step runs and how long it may take: the module load, then each case within the budget', () => {
    const { s, tick } = session();
    expect(s.current).toEqual({ step: 'load', remainingMs: limits.perCaseMs });
    tick(500);
    expect(s.current.remainingMs).toBe(limits.perCaseMs - 500);
    s.receive({ type: 'load', outcome: { ok: true }, console: '' });
    expect(s.current).toEqual({ step: 'case', remainingMs: limits.perCaseMs });
  });

  it('an endless case: the server timeout message, the cases after it not run', () => {
    const { s, tick } = session();
    s.receive({ type: 'load', outcome: { ok: true }, console: '' });
    tick(limits.perCaseMs + 25);
    s.stop('timeout');
    const r = s.result!;
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.verdict.status).toBe('failed');
    expect(r.verdict.cases.map((c) => [c.kind, c.message])).toEqual([
      ['timeout', `took longer than ${limits.perCaseMs} ms`],
      ...prepared.cases.slice(1).map(() => ['timeout', STOPPED_AFTER_TIMEOUT]),
    ]);
  });

  it('a case that overruns what is left of the total budget says so', () => {
    const { s, tick } = session(undefined, { perCaseMs: 2000, totalMs: 2500 });
    s.receive({ type: 'load', outcome: { ok: true }, console: '' });
    tick(1800);
    s.receive({ type: 'case', outcome: { status: 'ok', value: 12, mutated: null }, console: '' });
    expect(s.current.remainingMs).toBe(700);
    tick(725);
    s.stop('timeout');
    const r = s.result!;
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.verdict.cases[0].passed).toBe(true);
    expect(r.verdict.cases[1].message).toBe('took longer than the rest of the 2500 ms budget');
  });

  it('an endless module load: every case says the module took too long, as the server does', () => {
    const { s, tick } = session([[1, 2], [3, 4]]);
    s.receive({ type: 'scratch-reference', reference: { ok: true, expected: 11, wrong: {} } });
    tick(2100);
    s.stop('timeout');
    const r = s.result!;
    if (r.kind !== 'verdict') throw new Error(r.kind);
    for (const c of r.verdict.cases) expect(c.message).toBe(`loading the module took longer than ${limits.perCaseMs} ms`);
    expect(r.scratch?.verdict?.message).toBe(`loading the module took longer than ${limits.perCaseMs} ms`);
  });

  it('a worker that dies: out of memory, and the rest not run', () => {
    const { s } = session();
    s.receive({ type: 'load', outcome: { ok: true }, console: '' });
    s.stop('crash');
    const r = s.result!;
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.verdict.cases.map((c) => c.kind)).toEqual(prepared.cases.map(() => 'memory'));
    expect(r.verdict.cases[1].message).toBe(STOPPED_AFTER_CRASH);
  });

  it('a scratch reference that never answers: its timeout, and the visible cases run again without it', () => {
    const { s, tick } = session([[1, 2], [3, 4]]);
    expect(s.current.step).toBe('reference');
    tick(3100);
    s.stop('timeout');
    expect(s.result).toEqual({ kind: 'again', scratch: { args: [[1, 2], [3, 4]], referenceError: REFERENCE_TIMEOUT_MESSAGE } });
  });

  it('a worker that cannot run learner code sends the page to the server', () => {
    const { s } = session();
    s.receive({ type: 'failed', error: 'could not remove fetch from the worker' });
    expect(s.result).toEqual({ kind: 'server', reason: 'could not remove fetch from the worker' });
  });

  it('code that does not compile is judged at once, without a worker, unless the scratch case needs the reference', () => {
    const error = { message: 'Unexpected token', line: 2, column: 3 };
    const alone = new RunSession({ exercise, cases: prepared.cases, code: 'x', compiled: { ok: false, error }, limits, now: () => 0 });
    expect(alone.needsWorker).toBe(false);
    expect(alone.result).toMatchObject({ kind: 'verdict', verdict: { status: 'compile_error', compileError: error } });
    const withScratch = new RunSession({ exercise, cases: prepared.cases, code: 'x', compiled: { ok: false, error }, scratchArgs: [[1], [2]], limits, now: () => 0 });
    expect(withScratch.needsWorker).toBe(true);
    withScratch.receive({ type: 'scratch-reference', reference: { ok: true, expected: 2, wrong: {} } });
    expect(withScratch.result).toMatchObject({ kind: 'verdict', verdict: { status: 'compile_error' }, scratch: { args: [[1], [2]], expected: 2 } });
  });
});
