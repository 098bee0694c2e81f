// scripts/reference.ts: the thin CLI over the registry that check-golden and authors call.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { references } from '../../engine/registry.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'reference-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: string): string {
  const path = join(dir, `cases-${fileCount++}.json`);
  writeFileSync(path, content);
  return path;
}

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ['scripts/reference.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Exit 2, nothing on stdout, exactly one line on stderr; returns that line. */
async function failsWith(...args: string[]): Promise<string> {
  const r = await run(...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('reference CLI', () => {
  it('prints one JSON array, one output per case, on one line, and exits 0', async () => {
    const cases = [
      [[[1, 2], [3, 4]], [[5], [6]]],
      [[[1, 0, 2]], [[1], [1], [1]]],
    ];
    const r = await run('foundations/matmul', file(JSON.stringify(cases)));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual(cases.map((c) => references['foundations/matmul'](...c)));
    expect(JSON.parse(r.stdout)).toEqual([[[17], [39]], [[3]]]);
  });

  it('accepts an optional argument left out and an empty list of cases', async () => {
    const r = await run('attention/scaled-dot-product', file(JSON.stringify([[[[1, 0]], [[1, 0], [0, 1]], [[1], [2]]]])));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    const empty = await run('foundations/dot-product', file('[]'));
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  it('rejects an unknown exercise id', async () => {
    expect(await failsWith('foundations/nope', file('[]'))).toMatch(/unknown exercise id "foundations\/nope"/);
  });

  it('rejects a missing inputs file and a missing argument', async () => {
    expect(await failsWith('foundations/matmul', join(dir, 'absent.json'))).toMatch(/cannot read .*absent\.json: ENOENT/);
    expect(await failsWith('foundations/matmul')).toMatch(/usage/);
  });

  it('rejects malformed JSON and a file that is not an array of cases', async () => {
    expect(await failsWith('foundations/matmul', file('[[1, 2'))).toMatch(/not valid JSON/);
    expect(await failsWith('foundations/matmul', file('{"args": []}'))).toMatch(/JSON array of cases/);
  });

  it('rejects a case that is not an array, naming the case', async () => {
    expect(await failsWith('foundations/dot-product', file('[[[1], [2]], 5]'))).toMatch(/case 2: the case is 5, expected an array of positional arguments/);
  });

  it('rejects a wrong argument count, naming the parameters', async () => {
    expect(await failsWith('attention/multi-head', file('[[[[1]], [[1]]]]'))).toMatch(/case 1: got 2 arguments, expected 4 or 5 \(Xq, Xkv, w, numHeads, mask\?\)/);
  });

  it('rejects an argument of the wrong shape, naming the case, the argument and the expected shape', async () => {
    const line = await failsWith('foundations/matmul', file(JSON.stringify([[[[1, 2]], [[1], [2]]], [[[1, 2]], [[1], [2], [3]]]])));
    expect(line).toMatch(/case 2: argument 2 \(B\): length 3, expected k = 2; expected a matrix k x m of numbers/);
    const nested = await failsWith('sam/losses', file(JSON.stringify([[[[0.5, -1]], [[0, 2]]]])));
    expect(nested).toMatch(/case 1: argument 2 \(target\[0\]\[1\]\): got 2, expected one of 0, 1/);
  });

  it('rejects arguments that break a rule across arguments', async () => {
    const X = [[1, 2, 3, 4]];
    const w = { Wq: [X[0], X[0], X[0], X[0]], Wk: [X[0], X[0], X[0], X[0]], Wv: [X[0], X[0], X[0], X[0]], Wo: [X[0], X[0], X[0], X[0]], bq: X[0], bk: X[0], bv: X[0], bo: X[0] };
    expect(await failsWith('attention/multi-head', file(JSON.stringify([[X, X, w, 3]])))).toMatch(/case 1: numHeads = 3 does not divide d = 4/);
  });
});
