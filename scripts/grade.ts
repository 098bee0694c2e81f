// npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]
// npm run -s grade -- --dir <exercise-folder> <solution.ts> [--json] [--seed N] [--visible-only]
// Exit 0 when every case passes, 1 when any fails (or it does not compile), 2 for usage errors
// (including a folder whose exercise does not load: its problems are printed).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAuthoredExercise } from '../grader/content/exercise.ts';
import { formatProblem } from '../grader/content/check.ts';
import { readExerciseFolder } from '../grader/content/folder.ts';
import { grade, gradeById, UnknownExerciseError } from '../grader/grade.ts';
import { SandboxPool } from '../grader/pool.ts';
import { formatVerdict } from '../grader/report.ts';

const USAGE = 'usage: npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]\n       npm run -s grade -- --dir <exercise-folder> <solution.ts> [--json] [--seed N] [--visible-only]';

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, seed: { type: 'string' }, 'visible-only': { type: 'boolean' }, dir: { type: 'string' } },
  });
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const dir = parsed.values.dir;
const [id, file, ...rest] = dir === undefined ? parsed.positionals : [undefined, ...parsed.positionals];
if (dir !== undefined) {
  if (!file || rest.length) usage('expected --dir <exercise-folder> and a solution file');
  if (!existsSync(`${dir}/exercise.ts`)) usage(`no exercise.ts in ${dir}`);
} else if (!id || !file || rest.length) usage('expected an exercise id and a solution file');
if (!existsSync(file!)) usage(`no such file: ${file}`);
const seed = parsed.values.seed;

const pool = new SandboxPool({ size: 1 });
try {
  const options = {
    pool,
    seed: seed === undefined ? undefined : /^-?\d+$/.test(seed) ? Number(seed) : seed,
    visibleOnly: parsed.values['visible-only'] === true,
  };
  let verdict;
  if (dir !== undefined) {
    const loaded = await loadAuthoredExercise(readExerciseFolder(dir), { pool });
    if (!loaded.ok) {
      await pool.close();
      usage(`the exercise in ${dir} does not load:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    }
    verdict = await grade(loaded.exercise, readFileSync(file!, 'utf8'), options);
  } else {
    verdict = await gradeById(id!, readFileSync(file!, 'utf8'), options);
  }
  process.stdout.write(parsed.values.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict));
  process.exitCode = verdict.status === 'passed' ? 0 : 1;
} catch (err) {
  if (err instanceof UnknownExerciseError) usage(`unknown exercise "${id}"`);
  throw err;
} finally {
  await pool.close();
}
