// The question files on disk (server side only): prompt.md and solution.md of a bank question, its
// content version. Variants and worked solutions are built from them by lib/question-items.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderVersion, foldersHolding, projectRoot } from './files.ts';
import { getQuestion } from './questions.ts';

export type QuestionFileName = 'prompt.md' | 'solution.md';

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

/** `<module>/<slug>` of every folder under exercises/ that holds a question.ts (any order). */
export function questionFoldersOnDisk(root = projectRoot()): string[] {
  return foldersHolding('question.ts', root);
}
