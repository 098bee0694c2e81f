// Run on a real PostgreSQL and real sandboxes: the visible cases graded at once, the scratch case
// beside the reference's output, arguments that would stall or exhaust the server refused, and
// only the draft recorded.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { practice } from '../support/scope.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';
import { runCode, runRuntime, visibleCasesFor } from '../../lib/run.ts';
import { loadDraft } from '../../lib/drafts.ts';
import { MAX_SCRATCH_BYTES } from '../../lib/limits.ts';
import { attention, attentionMask } from '../../engine/attention.ts';

const EX = 'attention/scaled-dot-product';
const solution = fs.readFileSync(path.join(process.cwd(), 'exercises', EX, 'solution.ts'), 'utf8');
// the classic mistake: no 1/sqrt(d_k)
const noScale = solution.replace('s / Math.sqrt(dk)', 's');

let t: TestDatabase;
let userId: string;

beforeAll(async () => {
  process.env.RUNS_PER_MINUTE ??= '25'; // read once, at the first run
  t = await freshDatabase();
  await syncCatalog(t.db);
  userId = (await t.db.user.create({ data: { email: 'runner@example.test', name: 'Runner' } })).id;
  await (await runRuntime()).pool.ready();
});
afterAll(async () => {
  const rt = await runRuntime();
  await Promise.all([rt.pool.close(), rt.scratch.close()]);
  await t?.drop();
});

describe('visible cases', () => {
  it('are the ones the grader uses, the same every time', () => {
    const cases = visibleCasesFor(EX);
    expect(cases.map((c) => c.name)).toEqual(['the worked example', 'the worked example with a mask', 'causal, 3 tokens, d = 2']);
    expect(visibleCasesFor(EX)).toEqual(cases);
  });
});

describe('runCode', () => {
  it('grades only the visible cases of a correct solution, quickly, and saves the draft', async () => {
    const started = performance.now();
    const r = await runCode(t.db, practice(userId), EX, solution);
    const ms = performance.now() - started;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.verdict.status).toBe('passed');
    expect(r.verdict.cases).toHaveLength(3);
    expect(r.verdict.cases.every((c) => c.visible && c.passed)).toBe(true);
    expect(ms).toBeLessThan(1000);
    expect((await loadDraft(t.db, practice(userId), EX))?.code).toBe(solution);
    expect(await t.db.submission.count()).toBe(0); // Run records no submission
  });

  it("names the misconception when the output matches a classic mistake", async () => {
    const r = await runCode(t.db, practice(userId), EX, noScale);
    expect(r.ok && r.verdict.status).toBe('failed');
    if (!r.ok) return;
    const failing = r.verdict.cases.filter((c) => !c.passed);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0].misconception?.id).toBe('missing-scale');
  });

  it('reports a syntax error with its line', async () => {
    const r = await runCode(t.db, practice(userId), EX, 'export function attention(Q, K, V) {\n  return [[1, 2]\n}\n');
    expect(r.ok && r.verdict.status).toBe('compile_error');
    expect(r.ok && r.verdict.compileError?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses empty or oversized code and unknown exercises', async () => {
    expect(await runCode(t.db, practice(userId), EX, '')).toMatchObject({ ok: false, kind: 'validation' });
    expect(await runCode(t.db, practice(userId), EX, 'x'.repeat(64 * 1024 + 1))).toMatchObject({ ok: false, kind: 'validation' });
    expect(await runCode(t.db, practice(userId), 'attention/nope', solution)).toMatchObject({ ok: false, error: 'Unknown exercise.' });
  });
});

describe('the scratch case', () => {
  const Q = [[1, 2], [0, 1], [3, -1]];
  const K = [[0.5, 1], [1, 0], [2, 2], [-1, 1]];
  const V = [[1, 0, 2], [0, 1, 0], [1, 1, 1], [2, 0, 0]];

  it("shows the learner's output beside the reference's on their own arguments", async () => {
    const r = await runCode(t.db, practice(userId), EX, solution, [Q, K, V]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scratch?.expected).toEqual(attention(Q, K, V));
    expect(r.scratch?.actual).toEqual(r.scratch?.expected);
    expect(r.scratch?.verdict).toMatchObject({ passed: true, visible: true });
    expect(r.verdict.cases).toHaveLength(3); // the visible cases are graded as well
  });

  it('diagnoses the misconception on the scratch case too', async () => {
    const r = await runCode(t.db, practice(userId), EX, noScale, [Q, K, V]);
    expect(r.ok && r.scratch?.verdict).toMatchObject({ passed: false, kind: 'wrong', misconception: { id: 'missing-scale' } });
    expect(r.ok && r.scratch?.actual).toEqual(attention(Q, K, V, undefined, { scale: false }));
  });

  it("explains arguments the reference rejects without running the learner's code", async () => {
    const r = await runCode(t.db, practice(userId), EX, solution, [Q, [[1, 2, 3]], V]);
    expect(r.ok).toBe(true);
    expect(r.ok && r.scratch?.referenceError).toMatch(/argument 2 \(K\[0\]\): length 3, expected dk = 2/);
    expect(r.ok && r.scratch?.verdict).toBeUndefined();
  });

  it('stops a reference that would stall or exhaust the server, and keeps serving', async () => {
    const maskSolution = 'export function attentionMask(n: number, validLength: number, causal: boolean): Mask {\n  return [];\n}\n';
    const started = performance.now();
    const r = await runCode(t.db, practice(userId), 'attention/masks', maskSolution, [200_000, 3, true]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.ok && r.scratch?.referenceError).toMatch(/too large|memory|longer than/);
    // the next scratch run gets a fresh worker
    const ok = await runCode(t.db, practice(userId), 'attention/masks', maskSolution, [3, 2, true]);
    expect(ok.ok && ok.scratch?.expected).toEqual(attentionMask(3, 2, true));
  }, 30_000);

  it.each([
    ['not a list', { a: 1 }, /list of arguments/],
    ['a non-finite number', [[[Infinity]]], /finite numbers/],
    ['a class instance', [new Date()], /only numbers, strings/],
    ['too deep', [[[[[[[[[[[1]]]]]]]]]]], /nested too deeply/],
    ['too large', [Array.from({ length: MAX_SCRATCH_BYTES / 2 }, () => 1)], /larger than 32 KB/],
  ])('refuses a scratch case that is %s', async (_what, args, message) => {
    const r = await runCode(t.db, practice(userId), EX, solution, args);
    expect(r).toMatchObject({ ok: false, kind: 'validation' });
    expect(!r.ok && r.error).toMatch(message);
  });
});

describe('limits', () => {
  it('limits runs per learner per minute with a retry time', async () => {
    const other = (await t.db.user.create({ data: { email: 'busy@example.test' } })).id;
    const limit = Number(process.env.RUNS_PER_MINUTE);
    const code = 'export function attention(Q: Matrix, K: Matrix, V: Matrix): Matrix { return V; }';
    let refused: Awaited<ReturnType<typeof runCode>> | undefined;
    for (let i = 0; i <= limit && !refused; i++) {
      const r = await runCode(t.db, practice(other), EX, code);
      if (!r.ok) refused = r;
    }
    expect(refused).toMatchObject({ ok: false, kind: 'rate_limit' });
    expect(refused && !refused.ok && refused.retryAfterMs).toBeGreaterThan(0);
  }, 60_000);
});
