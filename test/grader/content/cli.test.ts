// The folder tools an instructor runs from a terminal, on a folder outside the app's course:
// `exercises:check --dir` and `grade --dir`, with their JSON and exit codes.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../../grader/verdict.ts';
import { RMS_NORM_DIR } from './support.ts';
import { builtinAsFolder, writeExerciseFolder } from '../../../lib/authoring/folders.ts';
import { loadAuthoredQuestion } from '../../../grader/content/question.ts';
import { readExerciseFolder } from '../../../grader/content/folder.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import { questionParams } from '../../../exercises/question-variant.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', script, ...args], { cwd: root, timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '--no-node-snapshot' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let tree: string;
let good: string;
let broken: string;
beforeAll(() => {
  // a tree of two exercises (the example, and a copy with a points mistake) and a question (a bank question's copy)
  tree = mkdtempSync(join(os.tmpdir(), 'al-course-'));
  good = join(tree, 'transformer-extras', 'rms-norm');
  broken = join(tree, 'transformer-extras', 'rms-norm-broken');
  cpSync(RMS_NORM_DIR, good, { recursive: true });
  cpSync(RMS_NORM_DIR, broken, { recursive: true });
  const source = readFileSync(join(broken, 'exercise.ts'), 'utf8')
    .replace("id: 'transformer-extras/rms-norm'", "id: 'transformer-extras/rms-norm-broken'")
    .replace('points: 10,', 'points: -1,');
  writeFileSync(join(broken, 'exercise.ts'), source);
  const question = builtinAsFolder('llm/temperature');
  question['question.ts'] = question['question.ts'].replace("id: 'llm/temperature'", "id: 'transformer-extras/temperature'");
  writeExerciseFolder(tree, 'transformer-extras/temperature', question);
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('exercises:check --dir', () => {
  it('checks every folder of a tree, exercises and questions, and prints {id, ok, problems} per folder', async () => {
    const r = await run('scripts/exercises-check.ts', '--dir', tree, '--json');
    expect(r.code).toBe(1);
    const reports = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports).toEqual([
      { id: 'transformer-extras/rms-norm', ok: true, problems: [] },
      { id: 'transformer-extras/rms-norm-broken', ok: false, problems: [expect.stringMatching(/^exercise\.ts:\d+:3: points: must be > 0$/)] },
      { id: 'transformer-extras/temperature', ok: true, problems: [] },
    ]);
  });

  it('says when a folder holds no exercise (exit 2)', async () => {
    const r = await run('scripts/exercises-check.ts', '--dir', join(tree, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such folder/);
  });
});

describe('grade --dir', () => {
  it('grades a file against a folder with the usual Verdict JSON and exit codes', async () => {
    const pass = await run('scripts/grade.ts', '--dir', good, join(good, 'solution.ts'), '--json', '--seed', '3');
    expect(pass.code).toBe(0);
    const v = JSON.parse(pass.stdout) as Verdict;
    expect(v).toMatchObject({ exerciseId: 'transformer-extras/rms-norm', status: 'passed', score: 10, maxScore: 10 });
    const fail = await run('scripts/grade.ts', '--dir', good, join(good, 'starter.ts'), '--json');
    expect(fail.code).toBe(1);
    expect((JSON.parse(fail.stdout) as Verdict).status).toBe('failed');
  });

  it('refuses a folder whose exercise does not load, with its problems (exit 2)', async () => {
    const r = await run('scripts/grade.ts', '--dir', broken, join(good, 'solution.ts'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/points: must be > 0/);
  });
});

describe('a question folder on the command line', () => {
  const folder = () => join(tree, 'transformer-extras', 'temperature');

  it('question --dir prints a variant (never its answers) and, with --solution, the worked solution', async () => {
    const r = await run('scripts/question.ts', '--dir', folder(), '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ questionId: 'transformer-extras/temperature', seed: 3, points: 10 });
    expect(v.parts.map((p: { name: string }) => p.name)).toEqual(['probs', 'ratio']);
    expect(r.stdout).not.toContain('"answers"');
    const solution = await run('scripts/question.ts', '--dir', folder(), '--seed', '3', '--solution');
    expect(solution.code).toBe(0);
    expect(solution.stdout).toMatch(/Probabilities/);
  });

  it('grade --dir --answers grades with the folder\'s own code: right answers pass, wrong ones fail', async () => {
    const pool = new SandboxPool({ size: 1 });
    let right: unknown;
    try {
      const loaded = await loadAuthoredQuestion(readExerciseFolder(folder()), { pool, expectedId: 'transformer-extras/temperature' });
      if (!loaded.ok) throw new Error('did not load');
      const def = await loaded.question.definitionAt(3);
      right = def.answer(questionParams(def, 3));
    } finally {
      await pool.close();
    }
    const file = join(tree, 'answers.json');
    writeFileSync(file, JSON.stringify(right));
    const pass = await run('scripts/grade.ts', '--dir', folder(), '--answers', file, '--seed', '3', '--json');
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ exerciseId: 'transformer-extras/temperature', status: 'passed', score: 10 });
    writeFileSync(file, JSON.stringify({ probs: [1, 0, 0, 0], ratio: '2' }));
    const fail = await run('scripts/grade.ts', '--dir', folder(), '--answers', file, '--seed', '3', '--json');
    expect(fail.code).toBe(1);
    expect(JSON.parse(fail.stdout).status).toBe('failed');
    const broken = await run('scripts/question.ts', '--dir', good);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/no question\.ts in/);
  });
});
