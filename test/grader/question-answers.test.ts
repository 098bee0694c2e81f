// Reading what a learner typed or pasted: every form the answer box accepts, and a message (never
// a throw) for everything else.
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS, readChoice, readMatrix, readNumber, readVector } from '../../grader/question-answers.ts';

const ok = <T>(r: { ok: boolean; value?: T }) => {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r.value as T;
};
const bad = (r: { ok: boolean; kind?: string; message?: string }, kind: string) => {
  expect(r.ok).toBe(false);
  expect(r.kind).toBe(kind);
  return r.message!;
};

describe('readNumber', () => {
  it('takes JSON numbers and decimal, signed, scientific and fraction text', () => {
    expect(ok(readNumber(0.125))).toBe(0.125);
    expect(ok(readNumber('0.125'))).toBe(0.125);
    expect(ok(readNumber(' 1/8 '))).toBe(0.125);
    expect(ok(readNumber('-3 / 4'))).toBe(-0.75);
    expect(ok(readNumber('1e-3'))).toBe(0.001);
    expect(ok(readNumber('-2.5'))).toBe(-2.5);
    expect(ok(readNumber('+7'))).toBe(7);
    expect(ok(readNumber('.5'))).toBe(0.5);
    expect(ok(readNumber('−2'))).toBe(-2); // the Unicode minus sign
  });

  it('takes thousands groups, one separator throughout', () => {
    expect(ok(readNumber('119,221,248'))).toBe(119221248);
    expect(ok(readNumber('1 024'))).toBe(1024);
    expect(ok(readNumber('1_000_000.5'))).toBe(1000000.5);
    bad(readNumber('1,22'), 'type');
    bad(readNumber('1,000 000'), 'type');
  });

  it('says what is wrong with text that is not a number', () => {
    expect(bad(readNumber('abc'), 'type')).toBe('"abc" is not a number; write it like 0.125, -2.5, 1e-3 or 1/8');
    bad(readNumber('1/'), 'type');
    bad(readNumber('2^3'), 'type');
    bad(readNumber('1.2.3'), 'type');
    expect(bad(readNumber([1]), 'type')).toBe('expected a number, got a list');
    expect(bad(readNumber({}), 'type')).toBe('expected a number, got an object');
    expect(bad(readNumber(true), 'type')).toBe('expected a number, got boolean true');
  });

  it('calls NaN, infinities, overflow and division by zero not finite', () => {
    bad(readNumber(NaN), 'nan');
    bad(readNumber(Infinity), 'nan');
    bad(readNumber('NaN'), 'nan');
    bad(readNumber('-inf'), 'nan');
    bad(readNumber('1e400'), 'nan');
    expect(bad(readNumber('1/0'), 'nan')).toBe('"1/0" divides by zero');
  });

  it('refuses a huge text without reading it', () => {
    expect(bad(readNumber('1'.repeat(100_000)), 'type')).toBe('expected a number, got a long text');
  });
});

describe('readVector', () => {
  it('takes JSON arrays (numbers or number text) and their JSON text', () => {
    expect(ok(readVector([1, '1/2', '-3']))).toEqual([1, 0.5, -3]);
    expect(ok(readVector('[1, 2.5, -3]'))).toEqual([1, 2.5, -3]);
  });

  it('takes pasted text: spaces, commas, tabs, a column or brackets', () => {
    expect(ok(readVector('1 2 3'))).toEqual([1, 2, 3]);
    expect(ok(readVector('1, 2, 3'))).toEqual([1, 2, 3]);
    expect(ok(readVector('1\t2\t3'))).toEqual([1, 2, 3]);
    expect(ok(readVector('1\n2\n3\n'))).toEqual([1, 2, 3]);
    expect(ok(readVector('1; 2; 3'))).toEqual([1, 2, 3]);
    expect(ok(readVector('(0.25, 0.75)'))).toEqual([0.25, 0.75]);
    expect(ok(readVector('[[1], [2]]'))).toEqual([1, 2]);
    expect(ok(readVector(5))).toEqual([5]);
  });

  it('names the entry that is not a number', () => {
    expect(bad(readVector('1 x 3'), 'type')).toBe('entry [1]: "x" is not a number; write it like 0.125, -2.5, 1e-3 or 1/8');
    expect(bad(readVector([1, null]), 'type')).toBe('entry [1]: expected a number, got null');
    expect(bad(readVector(['1', 'NaN']), 'nan')).toBe('entry [1]: "NaN" is not a finite number');
  });

  it('says when the answer is a matrix, empty, nested or too big', () => {
    expect(bad(readVector('1 2\n3 4'), 'shape')).toMatch(/expected a vector \(one row or one column\), got 2 rows/);
    bad(readVector('[]'), 'shape');
    expect(bad(readVector([1, [2]]), 'type')).toMatch(/nested lists/);
    bad(readVector(Array.from({ length: 10_000 }, () => 1)), 'shape');
    expect(bad(readVector('1 '.repeat(MAX_ANSWER_CHARS)), 'type')).toMatch(/longer than/);
  });
});

describe('readMatrix', () => {
  it('takes JSON rows, rows by newline or ";", entries by spaces, commas or tabs', () => {
    expect(ok(readMatrix([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
    expect(ok(readMatrix('[[1, 2], [3, 4]]'))).toEqual([[1, 2], [3, 4]]);
    expect(ok(readMatrix('1 2\n3 4'))).toEqual([[1, 2], [3, 4]]);
    expect(ok(readMatrix('1, 2; 3, 4'))).toEqual([[1, 2], [3, 4]]);
    expect(ok(readMatrix('1\t2\r\n3\t4\n'))).toEqual([[1, 2], [3, 4]]);
    expect(ok(readMatrix('[1 2; 3 1/2]'))).toEqual([[1, 2], [3, 0.5]]);
    expect(ok(readMatrix('[[1, 2], [3, 4]')).toString()).toBe('1,2,3,4'); // broken JSON, read as text
  });

  it('says which row is ragged and which entry is not a number', () => {
    expect(bad(readMatrix('1 2\n3'), 'shape')).toBe('row 2 has 1 entries, row 1 has 2');
    expect(bad(readMatrix([[1, 2], [3, 'four']]), 'type')).toMatch(/^entry \[1\]\[1\]: "four" is not a number/);
    expect(bad(readMatrix([1, 2]), 'shape')).toMatch(/got a single row/);
    expect(bad(readMatrix([[1], 2]), 'type')).toMatch(/mix of rows/);
    bad(readMatrix(''), 'shape');
    bad(readMatrix([[1, Infinity]]), 'nan');
  });
});

describe('readChoice', () => {
  const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() }));

  it('takes an id, with case, spaces or parentheses', () => {
    expect(ok(readChoice('b', options, false))).toEqual(['b']);
    expect(ok(readChoice(' (C) ', options, false))).toEqual(['c']);
    expect(ok(readChoice('d)', options, false))).toEqual(['d']);
    expect(ok(readChoice(['a'], options, false))).toEqual(['a']);
  });

  it('takes several ids as a list or text, in option order, without repeats', () => {
    expect(ok(readChoice(['c', 'a', 'c'], options, true))).toEqual(['a', 'c']);
    expect(ok(readChoice('c, a', options, true))).toEqual(['a', 'c']);
    expect(ok(readChoice('d b', options, true))).toEqual(['b', 'd']);
    expect(ok(readChoice([], options, true))).toEqual([]);
  });

  it('refuses an unknown id, several for a one-answer part, and other types', () => {
    expect(bad(readChoice('e', options, false), 'type')).toBe('"e" is not an option; the options are a, b, c, d');
    expect(bad(readChoice('a c', options, false), 'type')).toBe('pick only one option');
    expect(bad(readChoice({ a: 1 }, options, false), 'type')).toMatch(/expected an option id/);
    bad(readChoice(Array.from({ length: 50 }, () => 'a'), options, true), 'type');
  });
});
