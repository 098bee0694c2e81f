// The engine against the PyTorch oracle: every golden case of every curriculum id.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allclose } from '../../engine/allclose.ts';
import { exerciseIds, references } from '../../engine/registry.ts';
import { validateArgs } from '../../engine/validate.ts';

interface GoldenCase { name: string; args: unknown[]; expected: unknown; atol: number; rtol: number }
const golden = JSON.parse(readFileSync(new URL('../fixtures/golden/cases.json', import.meta.url), 'utf8')) as Record<string, GoldenCase[]>;
const goldenIds = Object.keys(golden).filter((k) => !k.startsWith('_'));

describe('golden cases (PyTorch 1.13, float64)', () => {
  it('cover exactly the curriculum ids, and every id has cases', () => {
    expect([...goldenIds].sort()).toEqual([...exerciseIds].sort());
    for (const id of goldenIds) expect(golden[id].length, id).toBeGreaterThan(0);
  });

  for (const id of goldenIds) {
    describe(id, () => {
      for (const c of golden[id]) {
        it(`${c.name} matches within atol ${c.atol}, rtol ${c.rtol}`, () => {
          expect(validateArgs(id, c.args)).toBeNull();
          const actual = references[id](...structuredClone(c.args));
          const ok = allclose(actual, c.expected, { atol: c.atol, rtol: c.rtol });
          if (!ok) expect(actual).toEqual(c.expected); // shows the diff
          expect(ok).toBe(true);
        });
      }
    });
  }
});
