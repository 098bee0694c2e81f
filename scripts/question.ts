// npm run -s question -- <question-id> [--seed N] [--json]      the variant: params, prompt, parts (never the answers)
// npm run -s question -- <question-id> [--seed N] --solution     the worked solution, with the answers (for authors)
// npm run -s question -- --list [--json]                         the bank's question ids
// Exit 0, or 2 for usage errors (an unknown id included).
import { parseArgs } from 'node:util';
import { loadQuestionVariant, loadWorkedSolution, questionVersion } from '../exercises/question-files.ts';
import type { QuestionVariant } from '../exercises/question-variant.ts';
import { getQuestion, listQuestions } from '../exercises/questions.ts';

const USAGE = 'usage: npm run -s question -- <question-id> [--seed N] [--json] [--solution]\n       npm run -s question -- --list [--json]';

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, seed: { type: 'string' }, solution: { type: 'boolean' }, list: { type: 'boolean' } },
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

const [id, ...rest] = positionals;
if (!id || rest.length) usage('expected one question id');
if (!getQuestion(id)) usage(`unknown question "${id}" (npm run -s question -- --list)`);
const seed = values.seed === undefined ? 0 : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;

if (values.solution) {
  const text = loadWorkedSolution(id, seed);
  process.stdout.write(values.json ? `${JSON.stringify({ questionId: id, seed, solution: text }, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
  process.exit(0);
}

const variant = loadQuestionVariant(id, seed);
const version = questionVersion(id);
process.stdout.write(values.json ? `${JSON.stringify({ ...variant, version }, null, 2)}\n` : formatVariant(variant, version));

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
