// The question half of `npm run exercises:check`: proves every bank question is fit to grade.
// Per question: its folder holds exactly question.ts, prompt.md and solution.md, and every content
// rule of exercises/question-check.ts holds on 50 seeds. The bank: folders on disk listed in
// exercises/questions.ts, at least 3 questions per module.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exerciseIds } from '../engine/registry.ts';
import { projectRoot } from '../exercises/files.ts';
import { questionFoldersOnDisk } from '../exercises/question-files.ts';
import { QUESTION_FOLDER_FILES } from '../exercises/folder.ts';
import { bankContent, checkQuestionContent, PER_MODULE } from '../exercises/question-check.ts';
import { buildBank, questionEntries, questionProblems, type BankQuestion, type QuestionEntry } from '../exercises/questions.ts';
import { MODULES } from '../exercises/types.ts';

export interface QuestionReport {
  id: string;
  ok: boolean;
  problems: string[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Every problem of one bank question. */
export function checkQuestion(q: BankQuestion, root = projectRoot()): string[] {
  const problems: string[] = [];
  const folder = join(root, 'exercises', q.module, q.slug);
  for (const name of readdirSync(folder)) if (!QUESTION_FOLDER_FILES.includes(name)) problems.push(`files: unexpected ${name} (a question folder holds ${QUESTION_FOLDER_FILES.join(', ')})`);
  const prompt = existsSync(join(folder, 'prompt.md')) ? readFileSync(join(folder, 'prompt.md'), 'utf8') : undefined;
  const solution = existsSync(join(folder, 'solution.md')) ? readFileSync(join(folder, 'solution.md'), 'utf8') : undefined;
  if (prompt === undefined) problems.push('files: prompt.md is missing');
  if (solution === undefined) problems.push('files: solution.md is missing');
  problems.push(...checkQuestionContent(bankContent(q, prompt, solution)));
  return problems;
}

/** The bank as a whole: folders on disk listed, ids unique, enough questions per module. */
function bankProblems(entries: readonly QuestionEntry[], onDisk: string[]): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const add = (id: string, p: string) => problems.set(id, [...(problems.get(id) ?? []), p]);
  const listed = new Set(entries.map((e) => e.folder));
  for (const folder of onDisk) if (!listed.has(folder)) add(folder, 'not listed in exercises/questions.ts');
  for (const e of entries) {
    if (!onDisk.includes(e.folder)) add(e.folder, `exercises/${e.folder}/question.ts is missing`);
    if (exerciseIds.includes(e.folder) || existsSync(join(projectRoot(), 'exercises', e.folder, 'exercise.ts'))) add(e.folder, 'the folder also holds an exercise; a question needs a folder (and an id) of its own');
  }
  for (const module of MODULES) {
    const n = entries.filter((e) => e.folder.startsWith(`${module}/`)).length;
    if (n < PER_MODULE) add(`questions/${module}`, `module ${module} has ${n} questions, the bank needs at least ${PER_MODULE}`);
  }
  return problems;
}

export interface QuestionCheckOptions {
  /** Only these question ids (default: all). */
  ids?: readonly string[];
  root?: string;
  /** The entries to check (default: exercises/questions.ts). */
  entries?: readonly QuestionEntry[];
}

export function checkQuestions(options: QuestionCheckOptions = {}): QuestionReport[] {
  const root = options.root ?? projectRoot();
  const entries = options.entries ?? questionEntries;
  const onDisk = questionFoldersOnDisk(root);
  const bank = bankProblems(entries, options.entries ? entries.map((e) => e.folder) : onDisk);
  const wanted = (id: string) => !options.ids || options.ids.length === 0 || options.ids.includes(id);
  const reports: QuestionReport[] = [];
  const covered = new Set<string>();
  for (const entry of entries) {
    if (!wanted(entry.folder)) continue;
    covered.add(entry.folder);
    const problems = [...(bank.get(entry.folder) ?? [])];
    const shape = questionProblems(entry.definition, entry.folder);
    if (shape.length > 0) problems.push(...shape);
    else {
      try {
        const [q] = buildBank([entry]);
        problems.push(...checkQuestion(q, root));
      } catch (e) {
        problems.push(`check crashed: ${errorText(e)}`);
      }
    }
    reports.push({ id: entry.folder, ok: problems.length === 0, problems });
  }
  for (const [id, problems] of bank) {
    if (!covered.has(id) && wanted(id)) reports.push({ id, ok: false, problems });
  }
  return reports;
}
