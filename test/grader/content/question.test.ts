// Authored questions run their own code in the content isolate, never on the host. The bank is the
// oracle: every bank question, exported as an authored folder (imports rewritten to
// `attention-lab`), must give the same variants, worked solutions and verdicts from its isolate as
// from the host, and pass the same check; hostile or broken question code ends as a clear problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinAsFolder } from '../../../lib/authoring/folders.ts';
import { listQuestions } from '../../../exercises/questions.ts';
import { readQuestionFile } from '../../../exercises/question-files.ts';
import { questionParams, questionVariant, workedSolution } from '../../../exercises/question-variant.ts';
import { gradeQuestion } from '../../../grader/question-grade.ts';
import { checkAuthoredQuestion } from '../../../grader/content/question-check.ts';
import { loadAuthoredQuestion } from '../../../grader/content/question.ts';
import { formatProblem } from '../../../grader/content/check.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import type { Verdict } from '../../../grader/verdict.ts';

let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

const SEEDS = [1, 2, 3, 'learner:7:practice:0', 41];
const bank = listQuestions();
const scoreVariance = () => builtinAsFolder('attention/score-variance');
/** A verdict without its timings (they differ run to run). */
const untimed = (v: Verdict) => {
  const { cpuMs: _c, wallMs: _w, ...rest } = v as Verdict & { cpuMs?: number; wallMs?: number };
  return rest;
};
const edit = (files: Record<string, string>, from: string | RegExp, to: string) => {
  const source = files['question.ts'].replace(from, to);
  if (source === files['question.ts']) throw new Error('the edit changed nothing');
  return { ...files, 'question.ts': source };
};

describe('a bank question run from its authored folder', () => {
  it.each(bank.map((q) => [q.id, q] as const))('%s: same variants, solutions and verdicts as on the host', async (id, q) => {
    const loaded = await loadAuthoredQuestion(builtinAsFolder(id), { pool, expectedId: id });
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const authored = loaded.question;
    expect(authored.points).toBe(q.parts.reduce((s, p) => s + p.points, 0));
    const prompt = readQuestionFile(id, 'prompt.md');
    const solution = readQuestionFile(id, 'solution.md');
    const held = await authored.variants(SEEDS);
    for (const [i, seed] of SEEDS.entries()) {
      const def = held[i].definition;
      expect(held[i].deterministic).toBe(true);
      expect(questionVariant(def, seed, prompt)).toEqual(questionVariant(q, seed, prompt));
      expect(workedSolution(def, seed, solution)).toBe(workedSolution(q, seed, solution));
      const params = questionParams(q, seed);
      const right = q.answer(params);
      expect(untimed(gradeQuestion(def, seed, right).verdict)).toEqual(untimed(gradeQuestion(q, seed, right).verdict));
      for (const m of q.misconceptions) {
        const wrong = { ...right, [m.part]: m.compute(params) };
        expect(untimed(gradeQuestion(def, seed, wrong).verdict)).toEqual(untimed(gradeQuestion(q, seed, wrong).verdict));
      }
    }
  });

  it('passes every rule of the check on 50 seeds, as it does in the bank', async () => {
    for (const id of ['attention/score-variance', 'tokens/wordpiece-pieces', 'attention/mask-choice', 'sam/mask-losses']) {
      const report = await checkAuthoredQuestion(builtinAsFolder(id), { pool, expectedId: id });
      expect(report.problems.map(formatProblem), id).toEqual([]);
      expect(report.ok).toBe(true);
    }
  });

  it('computes many seeds in one job and keeps them', async () => {
    const loaded = await loadAuthoredQuestion(scoreVariance(), { pool, expectedId: 'attention/score-variance' });
    if (!loaded.ok) throw new Error('did not load');
    const first = await loaded.question.variants([10, 11, 12]);
    const again = await loaded.question.variants([12, 10]);
    expect(again[0]).toBe(first[2]);
    expect(again[1]).toBe(first[0]);
  });
});

describe('a broken or hostile question is a problem of that question', () => {
  const limits = { perCallMs: 300, totalMs: 3000, memoryMb: 64 };
  const problemsOf = async (files: Record<string, string>) => {
    const report = await checkAuthoredQuestion(files, { pool, expectedId: 'attention/score-variance', limits });
    expect(report.ok).toBe(false);
    return report.problems.map(formatProblem).join('\n');
  };

  it('an endless loop in generate is stopped at the time limit, and asked again next time (a busy machine is not a broken question)', async () => {
    const files = edit(scoreVariance(), 'generate: draw,', 'generate: () => { while (true) {} },');
    expect(await problemsOf(files)).toMatch(/took longer than 300 ms/);
    const loaded = await loadAuthoredQuestion(files, { pool, expectedId: 'attention/score-variance', limits });
    if (!loaded.ok) throw new Error('did not load');
    await expect(loaded.question.definitionAt(1)).rejects.toThrow(/took longer than 300 ms/);
    await expect(loaded.question.definitionAt(1)).rejects.toThrow(/took longer than 300 ms/);
  });

  it('a generate that throws is kept as what that seed gives: every use of the variant says why', async () => {
    const files = edit(scoreVariance(), 'generate: draw,', "generate: () => { throw new Error('no params'); },");
    const loaded = await loadAuthoredQuestion(files, { pool, expectedId: 'attention/score-variance', limits });
    if (!loaded.ok) throw new Error('did not load');
    const def = await loaded.question.definitionAt(1);
    expect(() => def.generate(undefined as never)).toThrow(/no params/);
    expect(await loaded.question.definitionAt(1)).toBe(def);
  });

  it('a throwing answer names the seed', async () => {
    expect(await problemsOf(edit(scoreVariance(), 'answer: ({ d, a, b }) => ({', "answer: () => { throw new Error('no answer'); },\n  unused: ({ d, a, b }: Params) => ({"))).toBe('question.ts: answer throws (seed 1): no answer');
  });

  it('params drawn from Math.random are not reproducible', async () => {
    expect(await problemsOf(edit(scoreVariance(), 'generate: draw,', 'generate: (rng) => ({ ...draw(rng), a: Math.random() }),'))).toMatch(/generate: the same seed gave different params/);
  });

  it('a function in the params is refused', async () => {
    expect(await problemsOf(edit(scoreVariance(), 'generate: draw,', 'generate: (rng) => ({ ...draw(rng), f: () => 1 }),'))).toMatch(/is a function at f, not data/);
  });

  it('node modules and the host are out of reach', async () => {
    expect(await problemsOf(edit(scoreVariance(), 'export default', "import { readFileSync } from 'node:fs';\nreadFileSync('/etc/passwd');\nexport default"))).toMatch(/^question\.ts:\d+:\d+: "node:fs" cannot be imported/m);
    expect(await problemsOf(edit(scoreVariance(), 'generate: draw,', 'generate: () => (globalThis as any).process.env,'))).toMatch(/generate: TypeError: Cannot read properties of undefined \(reading 'env'\)/);
  });

  it('a misconception naming no part, a wrong id and a missing file are each named', async () => {
    const files = edit(edit(scoreVariance(), "part: 'variance',", "part: 'nope',"), "id: 'attention/score-variance'", "id: 'attention/other'");
    delete (files as Record<string, string>)['solution.md'];
    const problems = await problemsOf(files);
    expect(problems).toMatch(/solution\.md: solution\.md is missing/);
    expect(problems).toMatch(/question\.ts:\d+:\d+: id: "attention\/other" must be this question's id, "attention\/score-variance"/);
    expect(problems).toMatch(/misconception "added-variances": part "nope" is not a part of this question/);
  });

  it('a prompt placeholder with no value is a problem of prompt.md', async () => {
    const files = { ...scoreVariance(), 'prompt.md': 'What is {{answerVariance}}?' };
    expect(await problemsOf(files)).toMatch(/^prompt\.md: prompt\.md: no value for \{\{answerVariance\}\}/m);
  });
});
