// The pool of sandbox worker processes: queueing, crashes, hangs, shutdown.
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../grader/pool.ts';
import { encodeArgs } from '../../grader/args-codec.ts';
import type { SandboxJob } from '../../grader/sandbox-protocol.ts';

const job = (code: string, args: unknown[][] = [[2, 3]], limits = { perCaseMs: 2000, totalMs: 10_000, memoryMb: 64 }): SandboxJob => ({
  code,
  functionName: 'f',
  helpers: [],
  cases: args.map((a) => ({ args: encodeArgs(a), visible: true })),
  limits,
});
const MULTIPLY = 'exports.f = (a, b) => a * b;';

const pools: SandboxPool[] = [];
const newPool = (options: ConstructorParameters<typeof SandboxPool>[0]) => {
  const pool = new SandboxPool(options);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('SandboxPool', () => {
  it('runs more jobs than it has workers, each in its own fresh isolate', async () => {
    const pool = newPool({ size: 2 });
    // a top-level counter would survive if an isolate or context were reused
    const code = 'globalThis.count = (globalThis.count || 0) + 1;\nexports.f = (a, b) => a * b + globalThis.count;';
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => pool.run(job(code, [[i, 10]]))));
    expect(results.map((r) => r.ok && r.outcome.cases[0])).toEqual(
      Array.from({ length: 7 }, (_, i) => ({ status: 'ok', value: i * 10 + 1, mutated: null })),
    );
    expect(pool.workerPids()).toHaveLength(2);
  });

  it('reports the worker CPU time and the sandbox wall time of a job', async () => {
    const pool = newPool({ size: 1 });
    const result = await pool.run(job('exports.f = () => { const end = Date.now() + 150; while (Date.now() < end) {} return 1; };'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // CPU time, not wall time: it cannot exceed the wall time, and the spin shows up in it (loosely:
    // the test machine's 2 cores are shared)
    expect(result.outcome.sandboxMs).toBeGreaterThanOrEqual(150);
    expect(result.outcome.cpuMs).toBeGreaterThan(30);
    expect(result.outcome.cpuMs).toBeLessThanOrEqual(result.outcome.sandboxMs + 5);
    expect(result.outcome.caseMs).toHaveLength(1);
  });

  it('answers a crashed worker\'s job with an error and replaces the worker', async () => {
    const pool = newPool({ size: 1 });
    await pool.ready();
    const [pid] = pool.workerPids();
    const running = pool.run(job('exports.f = () => { for (;;) {} };'));
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGKILL');
    expect(await running).toEqual({ ok: false, error: 'grader crashed, please retry' });
    const next = await pool.run(job(MULTIPLY));
    expect(next.ok && next.outcome.cases[0]).toEqual({ status: 'ok', value: 6, mutated: null });
    expect(pool.workerPids()).not.toContain(pid);
  });

  it('kills a worker that stops answering and serves the next job', async () => {
    const pool = newPool({ size: 1, graceMs: 300 });
    await pool.ready();
    const [pid] = pool.workerPids();
    process.kill(pid, 'SIGSTOP'); // as good as hung in native code
    const started = Date.now();
    const hung = await pool.run(job(MULTIPLY, [[1, 1]], { perCaseMs: 100, totalMs: 200, memoryMb: 64 }));
    expect(hung).toEqual({ ok: false, error: 'the sandbox stopped responding and was restarted; please retry' });
    expect(Date.now() - started).toBeLessThan(2000);
    const next = await pool.run(job(MULTIPLY));
    expect(next.ok).toBe(true);
  });

  it('close() answers queued jobs and later calls with an error', async () => {
    const pool = newPool({ size: 1 });
    const slow = pool.run(job('exports.f = () => { for (;;) {} };', [[1, 1]], { perCaseMs: 5000, totalMs: 5000, memoryMb: 64 }));
    const queued = pool.run(job(MULTIPLY));
    await new Promise((r) => setTimeout(r, 300));
    await pool.close();
    expect(await slow).toEqual({ ok: false, error: 'the sandbox pool is closed' });
    expect(await queued).toEqual({ ok: false, error: 'the sandbox pool is closed' });
    expect(await pool.run(job(MULTIPLY))).toEqual({ ok: false, error: 'the sandbox pool is closed' });
    expect(pool.workerPids()).toEqual([]);
  });

  it('reports missing engine helpers as an internal problem, not the learner\'s', async () => {
    const pool = newPool({ size: 1, helpersSource: '' });
    const result = await pool.run({ ...job(MULTIPLY), helpers: ['matmul'] });
    expect(result.ok && result.outcome.load).toEqual({ ok: false, kind: 'internal', message: 'engine helpers not available: matmul' });
  });
});
