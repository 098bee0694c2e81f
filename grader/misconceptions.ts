// Naming a classic mistake: when a learner's output matches a misconception's output (computed by
// the engine on the same args) and that output differs from the reference, the learner most likely
// made that mistake, and the exercise's hint for it says what to check.
import type { PreparedCase } from './cases.ts';
import { compare, type CompareOptions } from './compare.ts';
import type { MisconceptionMatch } from './verdict.ts';

type WrongOutput = NonNullable<PreparedCase['wrongOutputs']> extends Map<string, infer W> ? W : never;

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
  for (const m of misconceptions) {
    const wrong = wrongOutput(m, testCase);
    if (!wrong?.ok) continue;
    // NaN matches NaN here: "softmax without the max shift" is recognised by the NaNs it produces
    if (compare(wrong.value, actual, { ...options, nonFiniteEqual: true }) !== null) continue;
    if (compare(testCase.expected, wrong.value, options) === null) continue; // indistinguishable on this case
    return { id: m.id, title: m.title, hint: m.hint };
  }
  return undefined;
}

/** A misconception's output on the case, computed once and kept on the case; undefined when precomputed elsewhere and not for this case. */
export function wrongOutput(m: KnownMistake, testCase: PreparedCase): WrongOutput | undefined {
  testCase.wrongOutputs ??= new Map();
  let wrong = testCase.wrongOutputs.get(m.id);
  if (!wrong && m.compute) {
    try {
      wrong = { ok: true, value: m.compute(...structuredClone(testCase.args)) };
    } catch {
      wrong = { ok: false }; // the wrong variant is undefined on this input
    }
    testCase.wrongOutputs.set(m.id, wrong);
  }
  return wrong;
}
