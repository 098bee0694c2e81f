// Naming a classic mistake: when a learner's output matches a misconception's output (computed by
// the engine on the same args) and that output differs from the reference, the learner most likely
// made that mistake, and the exercise's hint for it says what to check.
import type { PreparedCase } from './cases.ts';
import { compare, type CompareOptions } from './compare.ts';
import type { MisconceptionMatch } from './verdict.ts';

/** A known mistake: `compute` gives its output on the host, unless the case carries it precomputed. */
export interface KnownMistake {
  id: string;
  title: string;
  hint: string;
  compute?: (...args: any[]) => unknown;
}

export function matchMisconception(
  misconceptions: readonly KnownMistake[],
  testCase: PreparedCase,
  actual: unknown,
  options: CompareOptions,
): MisconceptionMatch | undefined {
  if (misconceptions.length === 0) return undefined;
  testCase.wrongOutputs ??= new Map();
  for (const m of misconceptions) {
    let wrong = testCase.wrongOutputs.get(m.id);
    if (!wrong) {
      if (!m.compute) continue; // precomputed elsewhere, and not for this case
      try {
        wrong = { ok: true, value: m.compute(...structuredClone(testCase.args)) };
      } catch {
        wrong = { ok: false }; // the wrong variant is undefined on this input
      }
      testCase.wrongOutputs.set(m.id, wrong);
    }
    if (!wrong.ok) continue;
    // NaN matches NaN here: "softmax without the max shift" is recognised by the NaNs it produces
    if (compare(wrong.value, actual, { ...options, nonFiniteEqual: true }) !== null) continue;
    if (compare(testCase.expected, wrong.value, options) === null) continue; // indistinguishable on this case
    return { id: m.id, title: m.title, hint: m.hint };
  }
  return undefined;
}
