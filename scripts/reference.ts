// The reference CLI: npm run -s reference -- <exercise-id> <inputs.json>
// inputs.json is a JSON array of cases, each an array of positional arguments. Prints one JSON array
// of outputs (one per case) on one line, exit 0; any problem: one line on stderr, exit 2.
import { readFileSync } from 'node:fs';
import { references } from '../engine/registry.ts';
import { validateArgs } from '../engine/validate.ts';

function fail(message: string): never {
  process.stderr.write(`reference: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(2);
}

const [id, file, ...extra] = process.argv.slice(2);
if (!id || !file || extra.length > 0) fail('usage: npm run -s reference -- <exercise-id> <inputs.json>');
const reference = references[id];
if (!reference) fail(`unknown exercise id "${id}"`);

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}
let cases: unknown;
try {
  cases = JSON.parse(text);
} catch (e) {
  fail(`${file} is not valid JSON: ${(e as Error).message}`);
}
if (!Array.isArray(cases)) fail(`${file} must hold a JSON array of cases, each an array of positional arguments`);

const outputs = cases.map((args: unknown, i: number) => {
  const problem = validateArgs(id, args);
  if (problem) fail(`${id} case ${i + 1}: ${problem.message}`);
  try {
    return reference(...(args as unknown[]));
  } catch (e) {
    fail(`${id} case ${i + 1}: the reference threw ${(e as Error).message}`);
  }
});
process.stdout.write(`${JSON.stringify(outputs)}\n`);
