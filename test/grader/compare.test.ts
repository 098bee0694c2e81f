import { describe, expect, it } from 'vitest';
import { compare, num, shapeOf } from '../../grader/compare.ts';

describe('compare: matching outputs', () => {
  it('accepts equal values and values within atol + rtol |expected|', () => {
    expect(compare(32, 32)).toBeNull();
    expect(compare([[1, 2], [3, 4]], [[1 + 5e-7, 2], [3, 4 - 4e-5]])).toBeNull(); // 4e-5 <= 1e-6 + 1e-5 * 4
    expect(compare({ Q: [1], K: [2] }, { K: [2], Q: [1] })).toBeNull();
    expect(compare(['a', '##b'], ['a', '##b'], { exact: true })).toBeNull();
  });

  it('uses the exercise tolerance when it has one', () => {
    expect(compare(1, 1.001)).not.toBeNull();
    expect(compare(1, 1.001, { tolerance: { atol: 1e-2, rtol: 0 } })).toBeNull();
  });
});

describe('compare: type and shape problems come first, with the path', () => {
  it('names a scalar where an array was expected', () => {
    expect(compare([1, 2], 3)).toEqual({ kind: 'type', message: 'output is a number, expected an array of 2 entries' });
    expect(compare(3, [3])).toEqual({ kind: 'type', message: 'output is an array of 1 entry, expected a number' });
    expect(compare(3, '3')).toEqual({ kind: 'type', message: 'output is a string, expected a number' });
    expect(compare(3, undefined)).toEqual({ kind: 'type', message: 'output is undefined, expected a number' });
  });

  it('spots a transposed matrix', () => {
    const expected = [[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8]];
    const actual = Array.from({ length: 8 }, () => [0, 0, 0, 0]);
    expect(compare(expected, actual)).toEqual({ kind: 'shape', message: 'got 8 x 4, expected 4 x 8: transposed?' });
  });

  it('reports whole shapes of rectangular outputs and the first short row of ragged ones', () => {
    const rows = (n: number, m: number) => Array.from({ length: n }, () => new Array(m).fill(0));
    expect(compare(rows(3, 8), rows(3, 7))).toEqual({ kind: 'shape', message: 'got 3 x 7, expected 3 x 8' });
    const ragged = rows(5, 8);
    ragged[3] = new Array(7).fill(0);
    expect(compare(rows(5, 8), ragged)).toEqual({ kind: 'shape', message: 'output[3] has 7 entries, expected 8' });
    expect(compare([1, 2, 3], [1, 2])).toEqual({ kind: 'shape', message: 'output has 2 entries, expected 3' });
  });

  it('reports missing and unexpected keys, then paths inside objects', () => {
    expect(compare({ Q: [1], K: [1], V: [1] }, { Q: [1], K: [1] })).toEqual({ kind: 'type', message: "output is missing key 'V'" });
    expect(compare({ Q: [1] }, { Q: [1], W: 2 })).toEqual({ kind: 'type', message: "output has unexpected key 'W'" });
    expect(compare({ Q: [[1, 2]] }, { Q: [[1, 2], [3, 4]] })).toEqual({ kind: 'shape', message: 'output.Q is 2 x 2, expected 1 x 2' });
    expect(compare({ a: 1 }, [1])).toMatchObject({ kind: 'type', message: "output is an array of 1 entry, expected an object with keys 'a'" });
  });
});

describe('compare: NaN and Infinity are never equal', () => {
  it('says where the first one is and how many there are', () => {
    expect(compare([[1, 2], [3, 4]], [[1, NaN], [Infinity, 4]])).toEqual({
      kind: 'nan',
      message: 'output[0][1] is NaN (2 entries are not finite numbers)',
      count: 2,
    });
    expect(compare(1, -Infinity)).toMatchObject({ kind: 'nan', message: 'output is -Infinity' });
  });

  it('matches NaN with NaN only when asked (misconception matching)', () => {
    expect(compare([NaN, 1], [NaN, 1])).toMatchObject({ kind: 'nan' });
    expect(compare([NaN, Infinity, 1], [NaN, Infinity, 1], { nonFiniteEqual: true })).toBeNull();
    expect(compare([Infinity], [-Infinity], { nonFiniteEqual: true })).toMatchObject({ kind: 'nan' });
  });
});

describe('compare: wrong values', () => {
  it('reports the worst element relative to its tolerance and how many are off', () => {
    const result = compare([[0.5, 0.25], [100, 2]], [[0.5, 0.2], [100.01, 2]]);
    expect(result).toMatchObject({ kind: 'wrong', count: 2, total: 4 });
    // 0.05 off at 0.25 is 5e3 tolerances; 0.01 off at 100 is 10 tolerances
    expect(result && 'worst' in result && result.worst).toEqual({
      path: 'output[0][1]',
      expected: 0.25,
      actual: 0.2,
      absError: 0.04999999999999999,
      relError: 0.19999999999999996,
    });
    expect(result?.message).toBe('2 of 4 entries off; worst at output[0][1]: expected 0.25, got 0.2 (off by 5.00e-2, relative 2.00e-1)');
  });

  it('describes a single wrong scalar directly, with no relative error against 0', () => {
    expect(compare(32, 21)?.message).toBe('output is 21, expected 32 (off by 1.10e+1)');
    const zero = compare(0, 0.25);
    expect(zero && 'worst' in zero && zero.worst?.relError).toBeNull();
  });

  it('shows the first differing entry of exact outputs', () => {
    expect(compare(['un', '##aff', '##able'], ['un', '##af', '##fable'], { exact: true })).toEqual({
      kind: 'wrong',
      message: '2 of 3 entries differ; the first is output[1] is "##af", expected "##aff"',
      count: 2,
      total: 3,
    });
    expect(compare([[true, false], [true, true]], [[true, false], [true, false]], { exact: true })?.message).toBe(
      '1 of 4 entries differ; the first is output[1][1] is false, expected true',
    );
    expect(compare(7, 8, { exact: true })?.message).toBe('output is 8, expected 7');
    expect(compare(1, 1 + 1e-12, { exact: true })).not.toBeNull();
  });
});

describe('helpers', () => {
  it('shapeOf gives dims of rectangular arrays only', () => {
    expect(shapeOf([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(shapeOf([[[1], [2]]])).toEqual([1, 2, 1]);
    expect(shapeOf([[1, 2], [3]])).toBeUndefined();
    expect(shapeOf([[1, 2], 3])).toBeUndefined();
    expect(shapeOf([])).toEqual([0]);
  });

  it('num prints integers whole and the rest to 6 significant digits', () => {
    expect(num(32)).toBe('32');
    expect(num(0.1234567891)).toBe('0.123457');
    expect(num(1e-9)).toBe('1e-9');
    expect(num(NaN)).toBe('NaN');
  });
});
