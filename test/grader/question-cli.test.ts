// The question CLIs: `npm run question` prints a variant and never its answers; `npm run grade`
// grades answers to a question with the exercises' Verdict and exit codes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readQuestionFile } from '../../exercises/question-files.ts';
import { formatNumber } from '../../exercises/question-types.ts';
import { questionParams, questionVariant } from '../../exercises/question-variant.ts';
import { getQuestion, listQuestions } from '../../exercises/questions.ts';
import type { Verdict } from '../../grader/verdict.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'question-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', `scripts/${script}.ts`, ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Text forms of an answer distinctive enough that finding them in the output means it leaked. */
function leaks(value: unknown): string[] {
  if (typeof value === 'number') {
    const forms = [String(value), formatNumber(value), formatNumber(value, 4)];
    return forms.filter((f) => f.replace(/[-.]/g, '').length >= 5);
  }
  if (Array.isArray(value)) return value.flatMap(leaks);
  return typeof value === 'string' && value.length > 3 ? [value] : [];
}

describe('a variant shows no answer', () => {
  it('for any question and seed: its params, prompt and parts hold none of the answers', () => {
    for (const q of listQuestions()) {
      for (const seed of [1, 2, 3]) {
        const text = JSON.stringify(questionVariant(q, seed, readQuestionFile(q.id, 'prompt.md')));
        expect(text).not.toMatch(/"(answer|answers|correct|expected)"/);
        const answers = q.answer(questionParams(q, seed));
        for (const [part, value] of Object.entries(answers)) {
          for (const form of leaks(value)) expect(text.includes(form), `${q.id} seed ${seed} part ${part} shows ${form}`).toBe(false);
        }
      }
    }
  });
});

describe('scripts/question.ts', () => {
  it('prints the variant as JSON: params, prompt with values, parts, version; the same for the same seed', async () => {
    const a = await run('question', 'vision/vit-attention-cost', '--seed', '5', '--json');
    const b = await run('question', 'vision/vit-attention-cost', '--seed', '5', '--json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const v = JSON.parse(a.stdout);
    const params = questionParams(getQuestion('vision/vit-attention-cost')!, 5);
    expect(v).toMatchObject({ questionId: 'vision/vit-attention-cost', seed: 5, points: 10, params, version: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(v.prompt).toContain(`${params.imageSize} \\times ${params.imageSize}`);
    expect(v.prompt).not.toContain('{{');
    expect(v.parts.map((p: { name: string; kind: string }) => `${p.name}:${p.kind}`)).toEqual(['tokens:number', 'flops:number', 'memory:number']);
    const answers = getQuestion('vision/vit-attention-cost')!.answer(params);
    for (const value of Object.values(answers)) expect(a.stdout).not.toContain(String(value));
  });

  it('prints a readable variant with the options of a choice part, and the worked solution only when asked', async () => {
    const text = await run('question', 'attention/mask-choice', '--seed', '2');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^attention\/mask-choice \(version [0-9a-f]{12}\), seed 2: A causal mask with padding, 10 points/);
    expect(text.stdout).toMatch(/ {6}a\) \$\\begin\{bmatrix\}/);
    const solution = await run('question', 'attention/mask-choice', '--seed', '2', '--solution');
    const answers = getQuestion('attention/mask-choice')!.answer(questionParams(getQuestion('attention/mask-choice')!, 2));
    expect(solution.stdout).toMatch(new RegExp(`option\\s+\\*\\*${answers.mask}\\*\\*`));
    expect(solution.stdout).toContain(`= ${answers.allowed}$ pairs`);
  });

  it('lists the bank and refuses unknown ids with exit 2', async () => {
    const list = await run('question', '--list', '--json');
    expect(JSON.parse(list.stdout)).toEqual(listQuestions().map((q) => q.id));
    const unknown = await run('question', 'attention/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown question "attention\/nope"/);
  });
});

describe('scripts/grade.ts with a question id', () => {
  const q = getQuestion('attention/mha-params')!;
  const seed = 9;
  const right = q.answer(questionParams(q, seed));
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

  it('exits 0 with a passed Verdict for the right answers', async () => {
    const { code, stdout } = await run('grade', 'attention/mha-params', '--answers', file('right.json', right), '--seed', String(seed), '--json');
    expect(code).toBe(0);
    const v = JSON.parse(stdout) as Verdict;
    expect(v).toMatchObject({ exerciseId: 'attention/mha-params', status: 'passed', score: 10, maxScore: 10 });
    expect(v.cases.map((c) => c.name)).toEqual(['params', 'headWidth', 'weights']);
  });

  it('exits 1 naming the misconception, without printing the answer', async () => {
    const params = questionParams(q, seed);
    const answers = { ...right, params: String(4 * params.d * params.d) };
    const { code, stdout } = await run('grade', 'attention/mha-params', '--answers', file('wrong.json', answers), '--seed', String(seed), '--json');
    expect(code).toBe(1);
    const v = JSON.parse(stdout) as Verdict;
    expect(v.score).toBe(6);
    expect(v.cases[0]).toMatchObject({ passed: false, kind: 'wrong', misconception: { id: 'no-biases' } });
    expect(stdout).not.toContain(String(right.params));
    const text = await run('grade', 'attention/mha-params', '--answers', join(dir, 'wrong.json'), '--seed', String(seed));
    expect(text.stdout).toMatch(/FAILED {2}score 6 \/ 10/);
    expect(text.stdout).toContain('looks like: the biases not counted');
  });

  it('exits 2 for usage errors: no answers, a solution file, bad JSON, --answers on an exercise', async () => {
    expect((await run('grade', 'attention/mha-params')).code).toBe(2);
    expect((await run('grade', 'attention/mha-params', 'x.ts', '--answers', join(dir, 'right.json'))).code).toBe(2);
    const bad = await run('grade', 'attention/mha-params', '--answers', file('bad.json', '{ nope'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not JSON/);
    const exercise = await run('grade', 'attention/multi-head', '--answers', join(dir, 'right.json'));
    expect(exercise.code).toBe(2);
    expect(exercise.stderr).toMatch(/unknown question "attention\/multi-head"/);
  });
});
