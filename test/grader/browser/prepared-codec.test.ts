// The visible cases of an authored exercise travel to the page as text and come back equal:
// NaN, the infinities and -0 included, misconception outputs with them; hidden cases never travel.
import { describe, expect, it } from 'vitest';
import { decodePreparedCases, encodePreparedCases } from '../../../grader/browser/prepared-codec.ts';
import type { PreparedCase } from '../../../grader/cases.ts';

describe('prepared-codec', () => {
  it('round-trips names, inputs, expected outputs and misconception outputs exactly', () => {
    const cases: PreparedCase[] = [
      {
        name: 'edges',
        visible: true,
        args: [[[1, -0], [NaN, Infinity]], 'text', { k: -Infinity, nested: [true, null] }],
        expected: [[0.5, NaN]],
        wrongOutputs: new Map([['no-shift', { ok: true, value: [[Infinity, -0]] }], ['undefined-here', { ok: false }]]),
      },
    ];
    const back = decodePreparedCases(encodePreparedCases(cases));
    expect(back).toEqual(cases);
    expect(Object.is((back[0].args[0] as number[][])[0][1], -0)).toBe(true);
    expect(back[0].wrongOutputs).toBeInstanceOf(Map);
  });

  it('refuses a hidden case', () => {
    expect(() => encodePreparedCases([{ name: 'h', visible: false, args: [], expected: 1 }])).toThrow(/only visible cases/);
  });
});
