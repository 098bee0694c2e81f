import { describe, expect, it } from 'vitest';
import { blankParts, fillGrid, isBlankValue, joinMatrix, joinVector, parseGrid } from '../../../components/questions/grid.ts';
import type { PartField } from '../../../components/questions/types.ts';

const twoByTwo = [['1', '2'], ['3', '4']];

describe('parseGrid', () => {
  it('splits rows by newline or ";" and entries by spaces or commas', () => {
    expect(parseGrid('1 2\n3 4')).toEqual(twoByTwo);
    expect(parseGrid('1, 2; 3, 4')).toEqual(twoByTwo);
    expect(parseGrid('1,2;3,4')).toEqual(twoByTwo);
    expect(parseGrid('  1    2  \r\n 3 ,4 ')).toEqual(twoByTwo);
  });
  it('reads nested arrays and bracketed rows', () => {
    expect(parseGrid('[[1, 2], [3, 4]]')).toEqual(twoByTwo);
    expect(parseGrid('[[1,2],[3,4]]')).toEqual(twoByTwo);
    expect(parseGrid('[[1. 2.]\n [3. 4.]]')).toEqual([['1.', '2.'], ['3.', '4.']]); // NumPy's print
    expect(parseGrid('[1 2; 3 4]')).toEqual(twoByTwo);
    expect(parseGrid('[1, 2, 3]')).toEqual([['1', '2', '3']]);
  });
  it('splits spreadsheet rows by tabs, keeping empty cells in place', () => {
    expect(parseGrid('1\t2\t3')).toEqual([['1', '2', '3']]);
    expect(parseGrid('1\t\t3\n4\t5\t6\n')).toEqual([['1', '', '3'], ['4', '5', '6']]);
  });
  it('drops empty rows and reads nothing from empty text', () => {
    expect(parseGrid('')).toEqual([]);
    expect(parseGrid('  \n ; \n')).toEqual([]);
    expect(parseGrid('1 2\n\n\n3 4\n')).toEqual(twoByTwo);
    expect(parseGrid('[]')).toEqual([]);
  });
  it('keeps signs, exponents and fractions inside an entry', () => {
    expect(parseGrid('-0.5 1e-3\n1/8 +2')).toEqual([['-0.5', '1e-3'], ['1/8', '+2']]);
  });
});

describe('joinMatrix and joinVector', () => {
  it('join what the server reads', () => {
    expect(joinMatrix(twoByTwo)).toBe('1 2; 3 4');
    expect(joinMatrix([])).toBe('');
    expect(joinVector(['1', '-2', '0.5'])).toBe('1, -2, 0.5');
  });
  it('round-trip through parseGrid', () => {
    for (const text of ['1 2\n3 4', '1, 2; 3, 4', '[[1, 2], [3, 4]]', '1\t2\t3', '0.25 -1e-3 1/8', '']) {
      const rows = parseGrid(text);
      expect(parseGrid(joinMatrix(rows))).toEqual(rows);
    }
    expect(parseGrid(joinVector(['1', '2', '3']))).toEqual([['1', '2', '3']]);
  });
});

describe('fillGrid', () => {
  const blank = () => [['', '', ''], ['', '', '']];
  it('writes the pasted block from the given cell and drops what falls outside', () => {
    expect(fillGrid(blank(), twoByTwo, 0, 0)).toEqual([['1', '2', ''], ['3', '4', '']]);
    expect(fillGrid(blank(), twoByTwo, 1, 2)).toEqual([['', '', ''], ['', '', '1']]);
  });
  it('keeps the cells the paste does not reach', () => {
    expect(fillGrid([['a', 'b', 'c']], [['1']], 0, 1)).toEqual([['a', '1', 'c']]);
  });
});

describe('blankParts', () => {
  const part = (name: string, kind: PartField['kind']): PartField => ({ name, kind, labelHtml: name, points: 1, note: '' });
  const parts = [part('a', 'number'), part('v', 'vector'), part('m', 'matrix'), part('c', 'choice'), part('e', 'expression')];

  it('names the parts with nothing typed', () => {
    expect(blankParts(parts, {})).toEqual(['a', 'v', 'm', 'c', 'e']);
    expect(blankParts(parts, { a: '', v: ', , ', m: ' ;  ; ', c: [], e: '   ' })).toEqual(['a', 'v', 'm', 'c', 'e']);
    expect(blankParts(parts, { a: '0', v: '1, , 3', m: '1 2; 3 4', c: ['b'], e: 'n' })).toEqual([]);
    expect(blankParts(parts, { a: '0.5', v: '1, 2', m: '1', c: 'a' })).toEqual(['e']);
  });
  it('counts a choice array of empty ids as blank', () => {
    expect(isBlankValue([''])).toBe(true);
    expect(isBlankValue(['a'])).toBe(false);
    expect(isBlankValue('0')).toBe(false);
  });
});
