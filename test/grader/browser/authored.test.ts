// An authored exercise in the browser's Run: the page receives its visible cases as the server
// computed them in the exercise's own isolate (inputs, expected and misconception outputs, encoded
// by prepared-codec.ts; never the exercise's code), and the worker only runs the learner's code.
// The verdict is the server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePreparedCases, encodePreparedCases } from '../../../grader/browser/prepared-codec.ts';
import type { BrowserExercise } from '../../../grader/browser/protocol.ts';
import { loadAuthoredExercise, type AuthoredExercise } from '../../../grader/content/exercise.ts';
import { grade } from '../../../grader/grade.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import type { Verdict } from '../../../grader/verdict.ts';
import { rmsNorm } from '../content/support.ts';
import { runInNode } from './in-node.ts';

let pool: SandboxPool;
let exercise: AuthoredExercise;
let page: { exercise: BrowserExercise; cases: string };
beforeAll(async () => {
  pool = new SandboxPool({ size: 1 });
  const loaded = await loadAuthoredExercise(rmsNorm, { pool });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  exercise = loaded.exercise;
  const e = exercise;
  page = {
    exercise: { id: e.id, version: e.version, functionName: e.functionName, points: e.points, helpers: e.helpers, misconceptions: e.misconceptions.map(({ id, title, hint }) => ({ id, title, hint })), ...(e.tolerance ? { tolerance: e.tolerance } : {}) },
    cases: encodePreparedCases(await e.prepare(0, true)),
  };
}, 60_000);
afterAll(() => pool.close());

const timeless = ({ cpuMs: _c, wallMs: _w, ...rest }: Verdict) => rest;

async function both(code: string) {
  const server = await grade(exercise, code, { visibleOnly: true, pool });
  const r = await runInNode({ setup: { kind: 'prepared', exercise: page.exercise, cases: decodePreparedCases(page.cases) }, code });
  if (r.kind !== 'verdict') throw new Error(r.kind);
  return { server, browser: r.verdict };
}

describe('an authored exercise run in the browser', () => {
  it('the page gets the visible cases only, and nothing of the exercise code', () => {
    expect(page.cases).not.toContain('rmsNorm(');
    expect(page.cases).not.toContain(exercise.bundle.slice(0, 40));
    expect(decodePreparedCases(page.cases).every((c) => c.visible)).toBe(true);
  });

  it('a correct answer passes as on the server', async () => {
    const { server, browser } = await both(rmsNorm['solution.ts']);
    expect(server.status).toBe('passed');
    expect(timeless(browser)).toEqual(timeless(server));
  });

  it('a misconception is named from the outputs the server computed', async () => {
    const centred = 'export function rmsNorm(x: number[][], g: number[], eps: number): number[][] {\n  return x.map((row) => {\n    const mean = row.reduce((s, v) => s + v, 0) / row.length;\n    const c = row.map((v) => v - mean);\n    const rms = Math.sqrt(c.reduce((s, v) => s + v * v, 0) / c.length + eps);\n    return c.map((v, j) => (v / rms) * g[j]);\n  });\n}\n';
    const { server, browser } = await both(centred);
    expect(server.cases.some((c) => c.misconception?.id === 'centred-like-layer-norm')).toBe(true);
    expect(timeless(browser)).toEqual(timeless(server));
  });

  it('the starter fails as on the server', async () => {
    const { server, browser } = await both(rmsNorm['starter.ts']);
    expect(timeless(browser)).toEqual(timeless(server));
  });
});
