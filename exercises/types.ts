// The shape of one exercise's definition (`exercise.ts` of an exercise folder: `export default
// defineExercise({...})`). The built-in course's folders point `reference` at their engine function;
// an instructor's folder writes its own from the `attention-lab` module.
import type { Rng } from '../engine/random.ts';
import type { Tolerance } from '../engine/types.ts';

export const MODULES = ['foundations', 'tokens', 'attention', 'position', 'transformer', 'llm', 'vision', 'sam'] as const;
export type ModuleId = (typeof MODULES)[number];

/** One input to the learner's function: the positional arguments of the curriculum signature. */
export interface CaseSpec {
  name: string;
  args: unknown[];
}

/** A classic wrong answer, computed by the engine, and the hint shown when a learner's output matches it. */
export interface Misconception {
  id: string; // kebab-case, unique within the exercise
  title: string; // "attention without the 1/sqrt(d_k) scale"
  hint: string; // what to check, in the learner's words; never reveals case data
  compute: (...args: any[]) => unknown; // the wrong variant, built from engine functions
}

/** A function of the case's arguments (the reference, a misconception's wrong variant). */
export type CaseFunction = (...args: any[]) => unknown;

export interface ExerciseDefinition {
  id: string; // "<module>/<slug>", kebab-case; the built-in course's are curriculum ids
  title: string;
  order?: number; // position inside the module, 1-based (an authored exercise's course decides)
  prerequisites?: string[]; // exercise ids
  functionName: string; // the exported function the learner writes
  /** The right answer, called with a copy of each case's arguments; its output is what learners must match. */
  reference: CaseFunction;
  points: number;
  tolerance?: Tolerance; // default atol 1e-6, rtol 1e-5
  exact?: boolean; // compared exactly (strings, booleans, integers)
  timeLimitMs?: { perCase?: number; total?: number };
  helpers: string[]; // engine helper names granted as globals in the sandbox (see engine/helpers.ts)
  hints: string[];
  /** 1-3 small cases shown in full; the same for every learner (generated from a fixed seed). */
  visibleCases: (rng: Rng) => CaseSpec[];
  /** 5-10 cases covering the edges; generated from the learner's seed, never shown. */
  hiddenCases: (rng: Rng) => CaseSpec[];
  misconceptions: Misconception[];
}

/** What exercise.ts writes: `helpers` and `misconceptions` may be left out (none). */
export type ExerciseInput = Omit<ExerciseDefinition, 'helpers' | 'misconceptions'> & Partial<Pick<ExerciseDefinition, 'helpers' | 'misconceptions'>>;

export function defineExercise(def: ExerciseInput): ExerciseDefinition {
  return { ...def, helpers: def.helpers ?? [], misconceptions: def.misconceptions ?? [] };
}
