// The question half of `npm run exercises:check`: the whole bank passes, and the check catches the
// faults it exists for.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getQuestion, type BankQuestion } from '../../exercises/questions.ts';
import { checkQuestion, checkQuestions } from '../../scripts/questions-check.ts';
import { formulas, katexProblems } from '../../exercises/question-check.ts';

describe('the question check over the whole bank', () => {
  it('finds no problem in any question', () => {
    const reports = checkQuestions();
    expect(reports.length).toBeGreaterThanOrEqual(24);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
  });
});

describe('formulas and KaTeX', () => {
  it('finds inline and display math, skipping code', () => {
    expect(formulas('a $x^2$ b\n\n$$\n\\frac{1}{2}\n$$\n`$not$` and\n```\n$nor$\n```')).toEqual([
      { tex: 'x^2', display: false },
      { tex: '\n\\frac{1}{2}\n', display: true },
    ]);
  });

  it('reads inline math across a line break, not across a blank line', () => {
    expect(formulas('if $a\nb$ then')).toEqual([{ tex: 'a\nb', display: false }]);
    expect(formulas('if $a\n\nb$ then')).toEqual([]);
  });

  it('reports a formula KaTeX cannot render and an unpaired $', () => {
    expect(katexProblems('ok $x$ and $\\frac{1}{$', 'prompt.md')[0]).toMatch(/^prompt\.md: KaTeX cannot render \$\\frac\{1\}\{\$/);
    expect(katexProblems('costs $5 only', 'prompt.md')).toEqual(['prompt.md: an unpaired $']);
    expect(katexProblems('$\\sqrt{2}$, $$\\begin{bmatrix} 1 & 0 \\end{bmatrix}$$', 'x')).toEqual([]);
  });
});

describe('the check catches broken questions', () => {
  const root = mkdtempSync(join(tmpdir(), 'questions-check-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const folder = join(root, 'exercises', 'attention', 'mha-params');
  cpSync(join(import.meta.dirname, '../../exercises/attention/mha-params'), folder, { recursive: true });
  const base = getQuestion('attention/mha-params')!;
  const variant = (patch: Partial<BankQuestion>): BankQuestion => ({ ...base, ...patch });

  it('passes the real question', () => {
    expect(checkQuestion(base, root)).toEqual([]);
  });

  it('reports a misconception equal to the right answer, and one the grader would never name', () => {
    const same = { id: 'same', part: 'params', title: 'the answer itself', hint: 'nothing to see here', compute: (p: { d: number }) => 4 * p.d * p.d + 4 * p.d };
    const twin = { ...base.misconceptions[0], id: 'twin' };
    const problems = checkQuestion(variant({ misconceptions: [same, base.misconceptions[0], twin] }), root);
    expect(problems).toContain('misconception same: equals the right answer on 50 of 50 seeds (1, 2, 3, 4, 5, ...)');
    expect(problems).toContain('misconception twin: the grader does not name it when it is given, on 50 seeds (1, 2, 3, 4, 5, ...)');
    expect(problems).toContain('misconceptions no-biases and twin: the same answer on 50 of 50 seeds');
  });

  it('reports answers that are not finite or not of the part\'s kind', () => {
    const problems = checkQuestion(variant({ answer: (p) => ({ ...base.answer(p), params: NaN, headWidth: [1, 2] as unknown as number }) }), root);
    expect(problems).toContain('answer of part params is NaN, not a finite number (seed 1)');
    expect(problems).toContain('answer of part headWidth is [1,2], not a finite number (seed 1)');
  });

  it('reports a generator that ignores its rng, or draws too few variants', () => {
    expect(checkQuestion(variant({ generate: () => ({ d: 128 + 64 * Math.floor(Math.random() * 4), heads: 4, n: 64 }) }), root)).toContain('generate: the same seed gave different params');
    expect(checkQuestion(variant({ generate: () => ({ d: 128, heads: 4, n: 64 }) }), root)).toContain('generate: only 1 different variants over 50 seeds (need 5); does it use the rng?');
  });

  it('reports a formula KaTeX cannot render and a placeholder without a value', () => {
    writeFileSync(join(folder, 'prompt.md'), '# Broken\n\n$\\frac{ {{d}} }{$ and {{nope}}\n');
    const problems = checkQuestion(base, root);
    expect(problems).toContain('prompt.md: no value for {{nope}} (seed 1)');
    writeFileSync(join(folder, 'prompt.md'), '# Broken\n\n$\\frac{ {{d}} }{$\n');
    expect(checkQuestion(base, root).some((p) => /^prompt\.md: KaTeX cannot render/.test(p))).toBe(true);
  });

  it('reports a worked solution naming a part that does not exist, and stray files', () => {
    cpSync(join(import.meta.dirname, '../../exercises/attention/mha-params/prompt.md'), join(folder, 'prompt.md'));
    writeFileSync(join(folder, 'solution.md'), 'It is {{answer.nothing}}.\n');
    writeFileSync(join(folder, 'notes.txt'), 'x');
    const problems = checkQuestion(base, root);
    expect(problems).toContain('solution.md: no value for {{answer.nothing}} (seed 1)');
    expect(problems).toContain('files: unexpected notes.txt (a question folder holds question.ts, prompt.md, solution.md)');
  });
});
