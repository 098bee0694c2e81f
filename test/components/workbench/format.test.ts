import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asGrid, caseLocation, compactText, editableJson, formatNumber, gridPairs, jsonSyntaxError, locationInMessage, parameterNames, parseArgs, shapeOf,
} from '../../../components/workbench/format.ts';

describe('formatNumber', () => {
  it('keeps integers whole and short decimals short', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(0.80221)).toBe('0.8022');
    expect(formatNumber(-1.23456)).toBe('-1.235');
  });
  it('switches to exponents for tiny and huge magnitudes instead of printing 0', () => {
    expect(formatNumber(1.5e-7)).toBe('1.50e-7');
    expect(formatNumber(123456.7)).toBe('1.23e5');
    expect(formatNumber(2.5e6)).toBe('2500000'); // integers stay whole
  });
  it('names the non-finite values', () => {
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('compactText and editableJson', () => {
  it('prints one matrix row per line', () => {
    expect(compactText([[1, 0.25], [2, 3]])).toBe('[\n  [1, 0.25],\n  [2, 3]\n]');
  });
  it('gives editable JSON that parses back to the same value at full precision', () => {
    const value = [[[0.1234567891, 2]], { Wq: [[1]], bq: [0] }, [[true, false]]];
    expect(JSON.parse(editableJson(value))).toEqual(value);
  });
});

describe('parseArgs', () => {
  it('accepts an array of at most the expected arguments (optional ones may be left out)', () => {
    expect(parseArgs('[[[1]], [[2]], [[3]]]', 4)).toEqual({ ok: true, args: [[[1]], [[2]], [[3]]] });
  });
  it('locates a JSON syntax error by line and column', () => {
    const r = parseArgs('[\n  [1, 2,, 3]\n]', 1);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(2);
      expect(r.message).toMatch(/line 2, column \d+/);
    }
  });
  it('refuses a non-array, an empty array and too many arguments with a sentence', () => {
    expect(parseArgs('{"Q": 1}', 3)).toMatchObject({ ok: false, message: expect.stringContaining('JSON array') });
    expect(parseArgs('[[1, NaN]]', 1)).toMatchObject({ ok: false, message: expect.stringContaining('no Infinity or NaN') });
    expect(parseArgs('[[1, 2]', 1)).toMatchObject({ ok: false, line: 1, column: 8 });
    expect(parseArgs('[]', 3)).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(parseArgs('[1, 2, 3]', 2)).toMatchObject({ ok: false, message: 'the function takes 2 arguments, the array has 3' });
  });
});

describe('jsonSyntaxError', () => {
  it('accepts every JSON text, and editableJson of any plain value parses back to it', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(jsonSyntaxError(JSON.stringify(v, null, 1))).toBeNull();
      expect(JSON.parse(editableJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }), { numRuns: 300 });
  });
  it('points at the first offending character', () => {
    expect(jsonSyntaxError('[1, 2 3]')).toEqual({ offset: 6, message: "expected ',' or ']', found '3'" });
    expect(jsonSyntaxError('[1, ]')?.offset).toBe(4);
  });
});

describe('grids for heatmaps', () => {
  it('reads a vector as one row and a matrix as itself, and nothing ragged', () => {
    expect(asGrid([1, 2, 3])).toEqual({ rows: 1, cols: 3, values: [[1, 2, 3]] });
    expect(asGrid([[1, 2], [3, 4]])?.rows).toBe(2);
    expect(asGrid([[1, 2], [3]])).toBeNull();
    expect(asGrid([[true]])).toBeNull();
  });
  it('pairs a tensor per slice and an object per field, marking a learner value of another shape', () => {
    const pairs = gridPairs({ out: [[1, 2]], heads: [[[1]], [[2]]] }, { out: [[1, 2, 3]], heads: [[[1]], [[5]]] });
    expect(pairs.map((p) => [p.path, p.actual === null])).toEqual([
      ['output.out', true],
      ['output.heads[0]', false],
      ['output.heads[1]', false],
    ]);
  });
  it('writes shapes the way the prompts do', () => {
    expect(shapeOf([[1, 2, 3], [4, 5, 6]])).toBe('(2, 3)');
    expect(shapeOf([1, 2])).toBe('(2)');
    expect(shapeOf([[[1], [2]]])).toBe('(1, 2, 1)');
    expect(shapeOf(4)).toBe('scalar');
  });
});

describe('source locations', () => {
  it('finds a line in runtime and parser messages', () => {
    expect(locationInMessage('TypeError: x is undefined (solution.ts:7:13)')).toEqual({ line: 7, column: 13 });
    expect(locationInMessage('threw at line 4')).toEqual({ line: 4, column: 1 });
    expect(locationInMessage('no position here')).toBeNull();
  });
  it('prefers the grader\'s own line and only for thrown errors', () => {
    expect(caseLocation({ kind: 'threw', message: 'line 9', line: 3, column: 2 })).toEqual({ line: 3, column: 2 });
    expect(caseLocation({ kind: 'wrong', message: 'line 9' })).toBeNull();
  });
});

describe('parameterNames', () => {
  it('reads the starter signature, object types and optional parameters included', () => {
    expect(parameterNames('export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {', 'attention')).toEqual(['Q', 'K', 'V', 'mask']);
    expect(parameterNames('export function f(x: { a: number, b: number }, ...rest: number[]) {}', 'f')).toEqual(['x', 'rest']);
    expect(parameterNames('export const g = 1', 'f')).toEqual([]);
  });
});
