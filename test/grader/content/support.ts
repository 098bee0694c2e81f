// An authored exercise folder in memory for the content tests: the RMSNorm example of
// docs/examples, with any file replaced.
import { fileURLToPath } from 'node:url';
import { readExerciseFolder } from '../../../grader/content/folder.ts';
import type { ExerciseFiles } from '../../../grader/content/bundle.ts';

export const RMS_NORM_DIR = fileURLToPath(new URL('../../../docs/examples/transformer-extras/rms-norm', import.meta.url));
export const rmsNorm: ExerciseFiles = readExerciseFolder(RMS_NORM_DIR);

/** The example with its exercise.ts edited: `edit` gets the text and returns the new one. */
export function withExercise(edit: (source: string) => string, files: ExerciseFiles = rmsNorm): ExerciseFiles {
  const source = edit(files['exercise.ts']);
  if (source === files['exercise.ts']) throw new Error('the edit changed nothing');
  return { ...files, 'exercise.ts': source };
}

/** The example whose reference is `body` (a function expression of (x, g, eps)). */
export function withReference(body: string): ExerciseFiles {
  return withExercise((s) => s.replace('reference: (x: Matrix, g: Vector, eps: number) => rmsNorm(x, g, eps),', `reference: ${body},`));
}
