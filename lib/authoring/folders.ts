// Exercises and questions between folders and the database, for git-minded instructors (`npm run course`).
// Import checks each folder with every rule first and refuses a failing one; export writes a
// published version (or the working copy) as `<module>/<slug>/` under a folder. A built-in exercise
// exports too, its imports rewritten to the `attention-lab` module, ready to duplicate.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import type { ExerciseFiles, FileProblem } from '../../grader/content/bundle.ts';
import type { SandboxPool } from '../../grader/pool.ts';
import { getExercise } from '../../exercises/catalog.ts';
import { exerciseFolder } from '../../exercises/files.ts';
import { questionFolder } from '../../exercises/question-files.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { asFiles, AuthoringError, createAuthoredExercise, currentVersion, publishExercise, saveDraftFiles } from './store.ts';

export interface ImportResult {
  id: string;
  outcome: 'published' | 'unchanged' | 'refused';
  number?: number;
  version?: string;
  problems: FileProblem[];
}

/** Creates (owned by `ownerId`) or updates the authored exercise `id` and publishes `files` as its next version. */
export async function importExercise(db: Db, pool: SandboxPool, input: { id: string; files: ExerciseFiles; ownerId: string | null; changeNote: string }): Promise<ImportResult> {
  const existing = await db.authoredExercise.findUnique({ where: { id: input.id }, select: { id: true } });
  try {
    if (!existing) await createAuthoredExercise(db, { id: input.id, ownerId: input.ownerId, files: input.files });
    const result = await publishExercise(db, pool, { id: input.id, userId: input.ownerId, changeNote: input.changeNote, files: input.files });
    await saveDraftFiles(db, input.id, input.files);
    return { id: input.id, outcome: 'published', number: result.number, version: result.version, problems: [] };
  } catch (e) {
    if (!(e instanceof AuthoringError)) throw e;
    if (e.message.startsWith('nothing changed')) return { id: input.id, outcome: 'unchanged', problems: [] };
    if (!existing) await db.authoredExercise.deleteMany({ where: { id: input.id } }); // refused: leave nothing behind
    return { id: input.id, outcome: 'refused', problems: e.problems.length ? e.problems : [{ file: 'exercise.ts', message: e.message }] };
  }
}

/** A built-in exercise's or bank question's files as an authored folder: every relative import becomes `attention-lab`. */
export function builtinAsFolder(id: string): ExerciseFiles {
  const folder = getExercise(id) ? exerciseFolder(id) : getQuestion(id) ? questionFolder(id) : undefined;
  if (!folder) throw new AuthoringError(`unknown exercise "${id}"`);
  const files: ExerciseFiles = {};
  for (const name of readdirSync(folder).sort()) {
    if (!statSync(join(folder, name)).isFile()) continue;
    const text = readFileSync(join(folder, name), 'utf8');
    files[name] = name.endsWith('.ts') ? toSdkImports(text) : text;
  }
  return files;
}

/** Merges the relative imports of a built-in file into one value import and one type import of `attention-lab`. */
export function toSdkImports(source: string): string {
  const values = new Set<string>();
  const types = new Set<string>();
  const IMPORT = /^import (type )?\{([^}]*)\} from '\.\.\/[^']*';\n/gm;
  const rest = source.replace(IMPORT, (_m, isType: string | undefined, names: string) => {
    for (const raw of names.split(',')) {
      const name = raw.trim();
      if (!name) continue;
      if (isType || name.startsWith('type ')) types.add(name.replace(/^type /, ''));
      else values.add(name);
    }
    return '';
  });
  for (const v of values) types.delete(v);
  const lines = [
    values.size ? `import { ${[...values].sort().join(', ')} } from 'attention-lab';` : '',
    types.size ? `import type { ${[...types].sort().join(', ')} } from 'attention-lab';` : '',
  ].filter(Boolean);
  return lines.length ? `${lines.join('\n')}\n${rest}` : rest;
}

/** The files `export` writes for `id`: the current published version, the working copy (`draft`), or the built-in folder. */
export async function exportableFiles(db: Db, id: string, options: { draft?: boolean } = {}): Promise<ExerciseFiles> {
  if (getExercise(id) || getQuestion(id)) return builtinAsFolder(id);
  if (options.draft) {
    const authored = await db.authoredExercise.findUnique({ where: { id }, select: { draftFiles: true } });
    if (!authored) throw new AuthoringError(`unknown exercise "${id}"`);
    return asFiles(authored.draftFiles);
  }
  const current = await currentVersion(db, id);
  if (!current) throw new AuthoringError(`"${id}" has no published version (export --draft writes the working copy)`);
  return current.files;
}

/** Writes the files under `<root>/<module>/<slug>/`; returns that folder. */
export function writeExerciseFolder(root: string, id: string, files: ExerciseFiles): string {
  const folder = join(root, ...id.split('/'));
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) continue; // names came from the allowed set
    writeFileSync(join(folder, name), text);
  }
  return folder;
}
