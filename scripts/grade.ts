// npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]
// Exit 0 when every case passes, 1 when any fails (or it does not compile), 2 for usage errors.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gradeById, UnknownExerciseError } from '../grader/grade.ts';
import { SandboxPool } from '../grader/pool.ts';
import { formatVerdict } from '../grader/report.ts';

const USAGE = 'usage: npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]';

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, seed: { type: 'string' }, 'visible-only': { type: 'boolean' } },
  });
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const [id, file, ...rest] = parsed.positionals;
if (!id || !file || rest.length) usage('expected an exercise id and a solution file');
if (!existsSync(file)) usage(`no such file: ${file}`);
const seed = parsed.values.seed;

const pool = new SandboxPool({ size: 1 });
try {
  const verdict = await gradeById(id, readFileSync(file, 'utf8'), {
    pool,
    seed: seed === undefined ? undefined : /^-?\d+$/.test(seed) ? Number(seed) : seed,
    visibleOnly: parsed.values['visible-only'] === true,
  });
  process.stdout.write(parsed.values.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict));
  process.exitCode = verdict.status === 'passed' ? 0 : 1;
} catch (err) {
  if (err instanceof UnknownExerciseError) usage(`unknown exercise "${id}"`);
  throw err;
} finally {
  await pool.close();
}
