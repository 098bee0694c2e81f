import { describe, expect, it } from 'vitest';
import { decodeArgs, encodeArgs } from '../../grader/args-codec.ts';

describe('args codec', () => {
  it('puts every number in one Float64Array and the structure in a short JSON string', () => {
    const args = [[[1, 2], [3, 4]], { Wq: [[0.5]], bq: [0.25] }, 2, [[true, false]], 'text', undefined, null];
    const encoded = encodeArgs(args);
    expect(Array.from(encoded.numbers)).toEqual([1, 2, 3, 4, 0.5, 0.25, 2, 1, 0]);
    expect(JSON.parse(encoded.structure)).toEqual([
      'a',
      ['m', 2, 2],
      ['o', 'Wq', ['m', 1, 1], 'bq', ['f', 1]],
      ['n'],
      ['k', 1, 2],
      ['v', 'text'],
      ['u'],
      ['v', null],
    ]);
    expect(decodeArgs(encoded)).toEqual(args);
  });

  it('keeps NaN, -0, the infinities, empty arrays and odd keys exactly', () => {
    const odd = JSON.parse('{"__proto__": [1]}') as unknown; // an own key named __proto__
    const args = [[NaN, -0, Infinity, -Infinity], [], [[]], odd, [1, 'a', undefined]];
    const back = decodeArgs(encodeArgs(args));
    expect(back[0]).toEqual([NaN, -0, Infinity, -Infinity]);
    expect(Object.is((back[0] as number[])[1], -0)).toBe(true);
    expect(back.slice(1, 3)).toEqual([[], [[]]]);
    expect(Object.keys(back[3] as object)).toEqual(['__proto__']);
    expect(back[4]).toEqual([1, 'a', undefined]);
  });

  it('keeps ragged and mixed arrays as arrays of rows', () => {
    const args = [[[1, 2], [3]], [[true], [1]], [['a', null]], [[[1, 2]], [[3, 4]]]];
    const encoded = encodeArgs(args);
    expect(JSON.parse(encoded.structure)).toEqual([
      'a',
      ['a', ['f', 2], ['f', 1]],
      ['a', ['p', [true]], ['f', 1]],
      ['a', ['p', ['a', null]]],
      ['a', ['m', 1, 2], ['m', 1, 2]],
    ]);
    expect(decodeArgs(encoded)).toEqual(args);
  });

  it('refuses what is not plain data', () => {
    expect(() => encodeArgs([new Map()])).toThrow(/plain data/);
    expect(() => encodeArgs([() => 1])).toThrow(/plain data/);
  });
});
