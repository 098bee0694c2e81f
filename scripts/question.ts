// npm run -s question -- <question-id> [--seed N] [--json]      the variant: params, prompt, parts (never the answers)
// npm run -s question -- <question-id> [--seed N] --solution     the worked solution, with the answers (for authors)
// npm run -s question -- --list [--json]                         the bank's question ids
// npm run -s question -- --dir <question-folder> [--seed N] [--json] [--solution]
//                                                                 the same for a question folder of your own
//                                                                 (its code runs in the sandbox, as on the server)
// Exit 0, or 2 for usage errors (an unknown id included, a folder whose question does not load).
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { readQuestionFile, questionVersion } from '../exercises/question-files.ts';
import { questionVariant, workedSolution, type QuestionVariant } from '../exercises/question-variant.ts';
import type { QuestionDefinition } from '../exercises/question-types.ts';
import { getQuestion, listQuestions } from '../exercises/questions.ts';

const USAGE =
  'usage: npm run -s question -- <question-id> [--seed N] [--json] [--solution]\n' +
  '       npm run -s question -- --dir <question-folder> [--seed N] [--json] [--solution]\n' +
  '       npm run -s question -- --list [--json]';

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, seed: { type: 'string' }, solution: { type: 'boolean' }, list: { type: 'boolean' }, dir: { type: 'string' } },
  });
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const { values, positionals } = parsed;

if (values.list) {
  const ids = listQuestions().map((q) => q.id);
  process.stdout.write(values.json ? `${JSON.stringify(ids)}\n` : `${ids.join('\n')}\n`);
  process.exit(0);
}

const seed = values.seed === undefined ? 0 : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;

/** The question the command is about: a bank id, or a folder loaded in a sandbox (its definition for this seed). */
async function target(): Promise<{ id: string; version: string; definition: QuestionDefinition; prompt: string; solution: string }> {
  if (values.dir !== undefined) {
    if (positionals.length) usage('--dir takes no question id');
    if (!existsSync(`${values.dir}/question.ts`)) usage(`no question.ts in ${values.dir}`);
    const { questionFolderVariant } = await import('../grader/content/question-folder.ts');
    const made = await questionFolderVariant(values.dir, seed);
    if (!made.ok) usage(made.problem);
    return made;
  }
  const [id, ...rest] = positionals;
  if (!id || rest.length) usage('expected one question id');
  const q = getQuestion(id);
  if (!q) usage(`unknown question "${id}" (npm run -s question -- --list)`);
  return { id, version: questionVersion(id), definition: q, prompt: readQuestionFile(id, 'prompt.md'), solution: readQuestionFile(id, 'solution.md') };
}

const q = await target();
try {
  if (values.solution) {
    const text = workedSolution(q.definition, seed, q.solution);
    process.stdout.write(values.json ? `${JSON.stringify({ questionId: q.id, seed, solution: text }, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
  } else {
    const variant = questionVariant(q.definition, seed, q.prompt);
    process.stdout.write(values.json ? `${JSON.stringify({ ...variant, version: q.version }, null, 2)}\n` : formatVariant(variant, q.version));
  }
} catch (err) {
  // an authored question whose code failed on this seed
  usage(`the variant of seed ${seed} cannot be made: ${err instanceof Error ? err.message : String(err)}`);
}

function formatVariant(v: QuestionVariant, version: string): string {
  const out = [`${v.questionId} (version ${version}), seed ${v.seed}: ${v.title}, ${v.points} points`, '', 'params:', `  ${JSON.stringify(v.params)}`, '', v.prompt.trim(), '', 'parts (answer with a JSON object keyed by part name):'];
  for (const p of v.parts) {
    const shape = p.kind === 'vector' && p.length ? `, ${p.length} entries` : p.kind === 'matrix' && p.shape ? `, ${p.shape[0]} x ${p.shape[1]}` : '';
    out.push(`  ${p.name}  [${p.kind}${p.multiple ? ', several answers' : ''}${shape}, ${p.points} points]  ${p.label}  (${p.note})`);
    for (const o of p.options ?? []) out.push(`      ${o.id}) ${o.label.replace(/\n/g, ' ')}`);
    if (p.variables) out.push(`      variables: ${p.variables.map((x) => `${x.name} in [${x.min}, ${x.max}]${x.integer ? ' (whole)' : ''}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
