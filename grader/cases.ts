// The cases of one grading and their expected outputs, computed on the host by the reference.
// Visible cases come from a fixed seed (the same for every learner); hidden cases from the
// learner's seed, so each learner gets their own, reproducible hidden inputs.
import { createRng } from '../engine/random.ts';
import type { ExerciseDefinition } from '../exercises/types.ts';
import { encodeArgs, type EncodedArgs } from './args-codec.ts';

export type ReferenceFunction = (...args: any[]) => unknown;

export interface PreparedCase {
  name: string;
  visible: boolean;
  args: unknown[];
  expected: unknown;
  /** The args as the sandbox receives them (args-codec.ts), encoded once. */
  encoded?: EncodedArgs;
  /** Misconception outputs on these args, computed the first time a learner fails this case. */
  wrongOutputs?: Map<string, { ok: true; value: unknown } | { ok: false }>;
}

export function visibleSeed(id: string): string {
  return `visible:${id}`;
}

export function hiddenSeed(id: string, seed: number | string): string {
  return `hidden:${id}:${seed}`;
}

// Reference outputs are pure functions of (definition, seed): keep the recent ones per definition.
const MAX_SEEDS_PER_EXERCISE = 64;
/** Where cases come from on the host: a definition's seeded generators. */
export type CaseSource = Pick<ExerciseDefinition, 'id' | 'visibleCases' | 'hiddenCases'>;

const cache = new WeakMap<CaseSource, { visible?: PreparedCase[]; hidden: Map<string, PreparedCase[]> }>();

/** Visible cases, then (unless visibleOnly) hidden ones; throws when a generator or the reference does. */
export function prepareCases(
  exercise: CaseSource,
  reference: ReferenceFunction,
  seed: number | string,
  visibleOnly: boolean,
): PreparedCase[] {
  let entry = cache.get(exercise);
  if (!entry) {
    entry = { hidden: new Map() };
    cache.set(exercise, entry);
  }
  entry.visible ??= build(exercise.visibleCases(createRng(visibleSeed(exercise.id))), true, reference);
  if (visibleOnly) return entry.visible;
  const key = String(seed);
  let hidden = entry.hidden.get(key);
  if (hidden) {
    entry.hidden.delete(key); // re-insert: most recently used last
  } else {
    hidden = build(exercise.hiddenCases(createRng(hiddenSeed(exercise.id, seed))), false, reference);
    if (entry.hidden.size >= MAX_SEEDS_PER_EXERCISE) entry.hidden.delete(entry.hidden.keys().next().value!);
  }
  entry.hidden.set(key, hidden);
  return [...entry.visible, ...hidden];
}

function build(specs: { name: string; args: unknown[] }[], visible: boolean, reference: ReferenceFunction): PreparedCase[] {
  return specs.map((spec) => {
    let expected: unknown;
    try {
      // a copy: the args themselves travel to the sandbox untouched
      expected = reference(...structuredClone(spec.args));
    } catch (err) {
      throw new Error(`the reference failed on case "${spec.name}": ${err instanceof Error ? err.message : String(err)}`);
    }
    return { name: spec.name, visible, args: spec.args, expected };
  });
}

export function encodedArgs(c: PreparedCase): EncodedArgs {
  c.encoded ??= encodeArgs(c.args);
  return c.encoded;
}
