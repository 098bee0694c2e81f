// npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]
// npm run -s grade -- --dir <exercise-folder> <solution.ts> [--json] [--seed N] [--visible-only]
// npm run -s grade -- <question-id> --answers <answers.json> [--json] [--seed N]
// npm run -s grade -- --dir <question-folder> --answers <answers.json> [--json] [--seed N]
// Exit 0 when every case (every part of a question) passes, 1 when any fails (or it does not
// compile), 2 for usage errors (including a folder whose exercise does not load: its problems are
// printed, and an answers file that is not JSON).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAuthoredExercise } from '../grader/content/exercise.ts';
import { formatProblem } from '../grader/content/check.ts';
import { readExerciseFolder } from '../grader/content/folder.ts';
import { grade, gradeById, UnknownExerciseError } from '../grader/grade.ts';
import { SandboxPool } from '../grader/pool.ts';
import { formatVerdict } from '../grader/report.ts';

const USAGE =
  'usage: npm run -s grade -- <exercise-id> <solution.ts> [--json] [--seed N] [--visible-only]\n' +
  '       npm run -s grade -- --dir <exercise-folder> <solution.ts> [--json] [--seed N] [--visible-only]\n' +
  '       npm run -s grade -- <question-id> --answers <answers.json> [--json] [--seed N]\n' +
  '       npm run -s grade -- --dir <question-folder> --answers <answers.json> [--json] [--seed N]';

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, seed: { type: 'string' }, 'visible-only': { type: 'boolean' }, dir: { type: 'string' }, answers: { type: 'string' } },
  });
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const parseSeed = (s: string | undefined) => (s === undefined ? undefined : /^-?\d+$/.test(s) ? Number(s) : s);

// a question: answers, no code; a bank question needs no sandbox, a folder's runs its code in one
{
  const [qid, ...more] = parsed.positionals;
  const { getQuestion } = await import('../exercises/questions.ts');
  const dirQuestion = parsed.values.dir !== undefined && existsSync(`${parsed.values.dir}/question.ts`);
  const question = parsed.values.dir === undefined && qid !== undefined ? getQuestion(qid) : undefined;
  if (parsed.values.answers !== undefined && !question && !dirQuestion) usage(qid && parsed.values.dir === undefined ? `unknown question "${qid}" (--answers grades a question)` : 'expected a question id or a question folder with --answers');
  if (question || dirQuestion) {
    const file = parsed.values.answers;
    if (file === undefined) usage(`${question ? `"${qid}"` : parsed.values.dir} is a question: give its answers with --answers <answers.json>`);
    if (more.length || (dirQuestion && qid !== undefined)) usage('a question takes no solution file, only --answers');
    if (parsed.values['visible-only']) usage('--visible-only is for exercises');
    if (!existsSync(file)) usage(`no such file: ${file}`);
    let answers: unknown;
    try {
      answers = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      usage(`${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const seed = parseSeed(parsed.values.seed) ?? 0;
    const { gradeQuestion } = await import('../grader/question-grade.ts');
    let verdict;
    if (question) {
      const { questionVersion } = await import('../exercises/question-files.ts');
      verdict = gradeQuestion(question, seed, answers, { version: questionVersion(question.id) }).verdict;
    } else {
      const { questionFolderVariant } = await import('../grader/content/question-folder.ts');
      const made = await questionFolderVariant(parsed.values.dir!, seed);
      if (!made.ok) usage(made.problem);
      try {
        verdict = gradeQuestion(made.definition, seed, answers, { version: made.version }).verdict;
      } catch (err) {
        usage(`the variant of seed ${seed} cannot be made: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    process.stdout.write(parsed.values.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict));
    process.exit(verdict.status === 'passed' ? 0 : 1);
  }
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
    seed: parseSeed(seed),
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
