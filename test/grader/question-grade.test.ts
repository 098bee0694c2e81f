// Grading a question part by part: right, wrong, the misconception it looks like, malformed, NaN
// and huge answers, partial credit, and messages that never give the answer away.
import { describe, expect, it } from 'vitest';
import { defineQuestion, lettered } from '../../exercises/question-types.ts';
import { questionParams } from '../../exercises/question-variant.ts';
import { gradeQuestion, numberMatches, type PartResult } from '../../grader/question-grade.ts';

const fixture = defineQuestion<{ x: number }>({
  id: 'foundations/fixture',
  title: 'A fixture with every kind of part',
  order: 1,
  parts: [
    { name: 'n', kind: 'number', label: 'x / 8', points: 2, tolerance: { atol: 1e-6, rtol: 0 } },
    { name: 's', kind: 'number', label: '1.2349', points: 1, tolerance: { sigFigs: 3 } },
    { name: 'v', kind: 'vector', label: '(1, 2, 3)', points: 1 },
    { name: 'm', kind: 'matrix', label: '[[1, 2], [3, 4]]', points: 2, tolerance: { atol: 1e-3, rtol: 0 } },
    { name: 'one', kind: 'choice', label: 'B', points: 1, options: () => lettered(['A', 'B', 'C']) },
    { name: 'many', kind: 'choice', multiple: true, label: 'A and C', points: 2, options: () => lettered(['A', 'B', 'C', 'D']) },
    { name: 'f', kind: 'expression', label: 'sqrt(d)', points: 1, variables: [{ name: 'd', min: 1, max: 100 }] },
  ],
  generate: (rng) => ({ x: rng.int(2, 5) }),
  answer: ({ x }) => ({ n: x / 8, s: 1.2349, v: [1, 2, 3], m: [[1, 2], [3, 4]], one: 'b', many: ['a', 'c'], f: 'sqrt(d)' }),
  misconceptions: [
    { id: 'same-as-right', part: 'n', title: 'the right answer itself', hint: 'never shown: it equals the answer', compute: ({ x }) => x / 8 },
    { id: 'quarter', part: 'n', title: 'divided by 4', hint: 'divide by 8, not by 4', compute: ({ x }) => x / 4 },
    { id: 'transposed', part: 'm', title: 'transposed', hint: 'rows are the first index', compute: () => [[1, 3], [2, 4]] },
    { id: 'option-c', part: 'one', title: 'picked C', hint: 'C is the classic slip', compute: () => 'c' },
    { id: 'linear', part: 'f', title: 'linear in d', hint: 'a square root, not d itself', compute: () => 'd' },
  ],
});

const SEED = 11;
const x = questionParams(fixture, SEED).x;
const right = { n: `${x}/8`, s: '1.23', v: '1 2 3', m: '1 2\n3 4', one: 'B', many: 'a, c', f: 'd^(1/2)' };
const grade = (answers: unknown) => gradeQuestion(fixture, SEED, answers, { version: 'abc123' });
const part = (answers: Record<string, unknown>, name: string): PartResult => grade({ ...right, ...answers }).parts.find((p) => p.part === name)!;

describe('a question graded in full', () => {
  it('passes right answers typed in any accepted form, with the exercises\' Verdict shape', () => {
    const { verdict, parts } = grade(right);
    expect(parts.every((p) => p.passed && p.score === 1)).toBe(true);
    expect(verdict).toMatchObject({ exerciseId: 'foundations/fixture', exerciseVersion: 'abc123', status: 'passed', score: 10, maxScore: 10 });
    expect(verdict.cases.map((c) => [c.name, c.kind, c.points])).toEqual([
      ['n', 'passed', 2], ['s', 'passed', 1], ['v', 'passed', 1], ['m', 'passed', 2], ['one', 'passed', 1], ['many', 'passed', 2], ['f', 'passed', 1],
    ]);
    expect(verdict.cases[0]).toMatchObject({ visible: true, actual: x / 8 });
    expect(verdict.cases.every((c) => c.expected === undefined && c.input === undefined)).toBe(true);
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('adds partial credit per part', () => {
    const { verdict } = grade({ ...right, n: '0', many: ['a'] });
    expect(verdict.status).toBe('failed');
    expect(verdict.score).toBe(7); // 10 - 2 (n) - 1 (half of many)
  });

  it('fails every part, saying why, when the answers are not an object', () => {
    for (const answers of [null, 'n=1', [1, 2], 42]) {
      const { verdict } = grade(answers);
      expect(verdict.score).toBe(0);
      expect(verdict.cases.every((c) => c.kind === 'type' && c.message === 'the answers must be an object keyed by part name')).toBe(true);
    }
  });

  it('fails a missing or blank part with "no answer given", ignoring unknown keys', () => {
    const { n: _n, ...rest } = right;
    expect(grade({ ...rest, extra: 1 }).parts[0]).toMatchObject({ passed: false, status: 'type', message: 'no answer given' });
    expect(part({ n: '  ' }, 'n').message).toBe('no answer given');
  });
});

describe('number parts', () => {
  it('says the given number is not right, without the answer', () => {
    const r = part({ n: '0.7' }, 'n');
    expect(r).toMatchObject({ passed: false, status: 'wrong', message: '0.7 is not right (compared within 0.000001)' });
    expect(r.message).not.toContain(String(x / 8));
  });

  it('names the misconception the answer matches, never one equal to the right answer', () => {
    expect(part({ n: x / 4 }, 'n').misconception).toEqual({ id: 'quarter', title: 'divided by 4', hint: 'divide by 8, not by 4' });
    expect(part({ n: 99 }, 'n').misconception).toBeUndefined();
    expect(part({}, 'n').misconception).toBeUndefined();
  });

  it('reads unreadable, NaN and huge answers as a clear failure', () => {
    expect(part({ n: 'one eighth' }, 'n')).toMatchObject({ status: 'type', message: '"one eighth" is not a number; write it like 0.125, -2.5, 1e-3 or 1/8' });
    expect(part({ n: 'NaN' }, 'n')).toMatchObject({ status: 'nan' });
    expect(part({ n: '9'.repeat(400) }, 'n')).toMatchObject({ status: 'type', message: 'expected a number, got a long text' });
    expect(part({ n: 1e308 * 10 }, 'n')).toMatchObject({ status: 'nan' });
    expect(part({ n: 1e300 }, 'n')).toMatchObject({ status: 'wrong' });
  });

  it('compares significant figures by rounding, or within half a unit of the last figure', () => {
    const t = { sigFigs: 3 };
    expect(numberMatches(1.23, 1.2349, t)).toBe(true);
    expect(numberMatches(1.2349, 1.2349, t)).toBe(true);
    expect(numberMatches(1.235, 1.2349, t)).toBe(true); // rounds to 1.24, but within 0.005
    expect(numberMatches(1.24, 1.2349, t)).toBe(false);
    expect(numberMatches(1.22, 1.2349, t)).toBe(false);
    expect(numberMatches(-0.000123, -0.00012345, t)).toBe(true);
    expect(numberMatches(123000, 123456, t)).toBe(true);
    expect(numberMatches(124000, 123456, t)).toBe(false);
    expect(numberMatches(0, 0, t)).toBe(true);
    expect(numberMatches(1e-3, 0, t)).toBe(false);
    expect(numberMatches(NaN, 1, t)).toBe(false);
    expect(part({ s: '1.24' }, 's').message).toBe('1.24 is not right to 3 significant figures');
  });

  it('compares exact parts exactly', () => {
    expect(numberMatches(3, 3, { atol: 0, rtol: 0 })).toBe(true);
    expect(numberMatches(3.0000001, 3, { atol: 0, rtol: 0 })).toBe(false);
  });
});

describe('vector and matrix parts', () => {
  it('checks the shape first', () => {
    expect(part({ v: '1 2' }, 'v')).toMatchObject({ status: 'shape', message: 'the vector has 2 entries, expected 3' });
    expect(part({ m: '1 2 3\n4 5 6' }, 'm')).toMatchObject({ status: 'shape', message: 'the matrix is 2 x 3, expected 2 x 2' });
  });

  it('points at the worst entry, with the value given there and not the one expected', () => {
    const r = part({ m: [[1, 2.01], [3.5, 4]] }, 'm');
    expect(r).toMatchObject({ status: 'wrong', message: '2 of 4 entries are off (compared within 0.001); the worst is entry [1][0], where you gave 3.5' });
    expect(part({ v: [1, 2, 3.5] }, 'v').message).toBe('1 of 3 entries is off (compared within 0.000001 + 0.00001 × |answer|); the worst is entry [2], where you gave 3.5');
  });

  it('names a matrix misconception', () => {
    expect(part({ m: '1 3; 2 4' }, 'm').misconception?.id).toBe('transposed');
  });

  it('reports NaN entries and ragged rows', () => {
    expect(part({ v: [1, 'Infinity', 3] }, 'v')).toMatchObject({ status: 'nan', message: 'entry [1]: "Infinity" is not a finite number' });
    expect(part({ m: '1 2\n3' }, 'm')).toMatchObject({ status: 'shape', message: 'row 2 has 1 entries, row 1 has 2' });
  });

  it('handles a huge pasted answer without trouble', () => {
    expect(part({ m: Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 1)) }, 'm')).toMatchObject({ status: 'shape' });
    expect(part({ v: '1 '.repeat(50_000) }, 'v').status).toBe('type');
  });
});

describe('choice parts', () => {
  it('one answer: says the option is not the right one, and names the misconception', () => {
    expect(part({ one: 'a' }, 'one')).toMatchObject({ passed: false, message: 'option a is not the right one' });
    expect(part({ one: 'c' }, 'one').misconception?.id).toBe('option-c');
    expect(part({ one: 'z' }, 'one')).toMatchObject({ status: 'type', message: '"z" is not an option; the options are a, b, c' });
    expect(part({ one: 'a b' }, 'one')).toMatchObject({ status: 'type', message: 'pick only one option' });
  });

  it('several answers: (right picks - wrong picks) / right options, naming wrong picks and counting missing ones', () => {
    expect(part({ many: ['a'] }, 'many')).toMatchObject({ passed: false, score: 0.5, points: 1, message: '1 right option is missing' });
    expect(part({ many: ['a', 'b', 'c'] }, 'many')).toMatchObject({ passed: false, score: 0.5, message: 'b is not right' });
    expect(part({ many: 'b d' }, 'many')).toMatchObject({ score: 0, message: 'b, d are not right; 2 right options are missing' });
    expect(part({ many: 'a b c d' }, 'many')).toMatchObject({ score: 0 });
    expect(part({ many: [] }, 'many')).toMatchObject({ status: 'type', message: 'no answer given' });
  });
});

describe('expression parts', () => {
  it('passes an equivalent formula', () => {
    for (const f of ['sqrt(d)', 'd^0.5', 'exp(log(d)/2)', 'd / sqrt(d)']) expect(part({ f }, 'f').passed, f).toBe(true);
  });

  it('says at which point a wrong formula differs and what it gives there', () => {
    const r = part({ f: '2*sqrt(d)' }, 'f');
    expect(r.status).toBe('wrong');
    expect(r.message).toMatch(/^the formula differs from the answer at d = [\d.]+: there it gives [\d.]+$/);
  });

  it('names the misconception, and refuses unknown names and bad syntax with the parser\'s message', () => {
    expect(part({ f: 'd' }, 'f').misconception?.id).toBe('linear');
    expect(part({ f: 'sqrt(x)' }, 'f')).toMatchObject({ status: 'type', message: expect.stringContaining('unknown name "x"') });
    expect(part({ f: 'sqrt(d' }, 'f')).toMatchObject({ status: 'type' });
    expect(part({ f: 12 }, 'f')).toMatchObject({ status: 'type', message: 'an expression must be text' });
  });

  it('fails a formula that is not finite where the answer is', () => {
    expect(part({ f: 'sqrt(-d)' }, 'f').message).toMatch(/: there it is not a finite number \(NaN\)$/);
  });
});
