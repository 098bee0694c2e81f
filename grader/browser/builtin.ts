// A built-in exercise as the browser's Run worker prepares it: the definition from exercises/index.ts
// (its reference is the engine's, engine/registry.ts, as the catalog checks), the visible cases from
// the same fixed seed as the server's (grader/cases.ts), their expected outputs, and every
// misconception's output on them, all computed before any learner code runs in that worker.
import { references } from '../../engine/registry.ts';
import { entries } from '../../exercises/index.ts';
import type { ExerciseDefinition } from '../../exercises/types.ts';
import { prepareCases, type PreparedCase } from '../cases.ts';
import { wrongOutput } from '../misconceptions.ts';
import type { BrowserExercise } from './protocol.ts';

export function builtinDefinition(id: string): ExerciseDefinition | undefined {
  const definition = entries.find((e) => e.folder === id)?.definition;
  // the catalog refuses a definition whose reference is not the engine's; do the same
  return definition && definition.reference === references[id] ? definition : undefined;
}

/** The definition as the page judges it, and its visible cases with expected and wrong outputs. */
export function prepareBuiltin(definition: ExerciseDefinition): { exercise: Omit<BrowserExercise, 'version'>; cases: PreparedCase[] } {
  const cases = prepareCases(definition, definition.reference, 0, true).map((c) => ({ name: c.name, visible: c.visible, args: c.args, expected: c.expected }));
  for (const c of cases as PreparedCase[]) for (const m of definition.misconceptions) wrongOutput(m, c);
  const { id, functionName, points, tolerance, exact, helpers, timeLimitMs, misconceptions } = definition;
  return {
    exercise: {
      id,
      functionName,
      points,
      ...(tolerance ? { tolerance } : {}),
      ...(exact !== undefined ? { exact } : {}),
      helpers,
      ...(timeLimitMs ? { timeLimitMs } : {}),
      misconceptions: misconceptions.map((m) => ({ id: m.id, title: m.title, hint: m.hint })),
    },
    cases,
  };
}
