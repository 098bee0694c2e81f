// The question files on disk (server side only): prompt.md and solution.md of a bank question, its
// content version, and the variant and worked solution built from them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderVersion, foldersHolding, projectRoot } from './files.ts';
import { QUESTION_FOLDER_FILES } from './folder.ts';
import { questionVariant, workedSolution, type QuestionVariant } from './question-variant.ts';
import { getQuestion } from './questions.ts';

export type QuestionFileName = 'prompt.md' | 'solution.md';
/** Every file a question folder holds. */
export const QUESTION_FILES: readonly string[] = QUESTION_FOLDER_FILES;

/** The folder of a bank question, exercises/<module>/<slug>. */
export function questionFolder(id: string): string {
  // only bank ids reach the file system, so an id can never walk out of exercises/
  if (!getQuestion(id)) throw new Error(`unknown question "${id}"`);
  return join(projectRoot(), 'exercises', ...id.split('/'));
}

export function readQuestionFile(id: string, name: QuestionFileName): string {
  if (name !== 'prompt.md' && name !== 'solution.md') throw new Error(`not a question file: ${name}`);
  return readFileSync(join(questionFolder(id), name), 'utf8');
}

/** Short sha256 of the folder's files: changes with any edit. */
export function questionVersion(id: string): string {
  return folderVersion(questionFolder(id));
}

/** The variant of a learner's seed: params, prompt (Markdown) and parts, no answers. */
export function loadQuestionVariant(id: string, seed: number | string): QuestionVariant {
  const q = getQuestion(id);
  if (!q) throw new Error(`unknown question "${id}"`);
  return questionVariant(q, seed, readQuestionFile(id, 'prompt.md'));
}

/** The worked solution of a learner's seed (Markdown, with the answers): show it only after answering or closing. */
export function loadWorkedSolution(id: string, seed: number | string): string {
  const q = getQuestion(id);
  if (!q) throw new Error(`unknown question "${id}"`);
  return workedSolution(q, seed, readQuestionFile(id, 'solution.md'));
}

/** `<module>/<slug>` of every folder under exercises/ that holds a question.ts (any order). */
export function questionFoldersOnDisk(root = projectRoot()): string[] {
  return foldersHolding('question.ts', root);
}
