// The exercise files on disk (server side only): prompt.md, starter.ts, solution.ts, the content
// version hash, and the prompt rendered to HTML. Paths come from the project root: the env var
// ATTENTION_LAB_ROOT, else the nearest folder above process.cwd() holding exercises/catalog.ts.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getExercise } from './catalog.ts';
import { expandFigures } from './figures.ts';
import { renderPrompt, type RenderPromptOptions } from './prompt.ts';

export type ExerciseFileName = 'prompt.md' | 'starter.ts' | 'solution.ts';
export const EXERCISE_FILES: readonly ExerciseFileName[] = ['prompt.md', 'starter.ts', 'solution.ts'];

let cachedRoot: string | undefined;

/** The project root (the folder that holds exercises/). */
export function projectRoot(): string {
  const fromEnv = process.env.ATTENTION_LAB_ROOT;
  if (fromEnv) {
    const root = resolve(fromEnv);
    if (!existsSync(join(root, 'exercises', 'catalog.ts'))) {
      throw new Error(`ATTENTION_LAB_ROOT=${fromEnv} has no exercises/catalog.ts`);
    }
    return root;
  }
  if (cachedRoot) return cachedRoot;
  for (let dir = resolve(process.cwd()); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'exercises', 'catalog.ts'))) return (cachedRoot = dir);
    if (dirname(dir) === dir) break;
  }
  throw new Error(`no exercises/catalog.ts in ${process.cwd()} or above; run from the project or set ATTENTION_LAB_ROOT`);
}

/** The folder of an exercise, exercises/<module>/<slug>. */
export function exerciseFolder(id: string): string {
  // Only catalog ids reach the file system, so an id can never walk out of exercises/.
  if (!getExercise(id)) throw new Error(`unknown exercise "${id}"`);
  return join(projectRoot(), 'exercises', ...id.split('/'));
}

export function readExerciseFile(id: string, name: ExerciseFileName): string {
  if (!EXERCISE_FILES.includes(name)) throw new Error(`not an exercise file: ${name}`);
  return readFileSync(join(exerciseFolder(id), name), 'utf8');
}

/** Short sha256 of every file in the folder (names and contents, in name order): changes with any edit. */
export function exerciseVersion(id: string): string {
  return folderVersion(exerciseFolder(id));
}

export function folderVersion(folder: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    hash.update(name).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** The prompt as HTML: figures expanded, math typeset (KaTeX's CSS must be on the page). The
 *  file's own `# Title` line is left out: the pages show the exercise's title as their heading. */
export async function exercisePromptHtml(id: string, options?: RenderPromptOptions): Promise<string> {
  const markdown = readExerciseFile(id, 'prompt.md').replace(/^# [^\n]*\n+/, '');
  return renderPrompt(expandFigures(markdown, getExercise(id)!.figures), options);
}

/** `<module>/<slug>` of every folder under exercises/ that holds an exercise.ts (any order). */
export function exerciseFoldersOnDisk(root = projectRoot()): string[] {
  return foldersHolding('exercise.ts', root);
}

/** `<module>/<slug>` of every folder under exercises/ that holds `file` (exercise.ts, question.ts). */
export function foldersHolding(file: string, root = projectRoot()): string[] {
  const base = join(root, 'exercises');
  const out: string[] = [];
  for (const module of readdirSync(base)) {
    const moduleDir = join(base, module);
    if (!statSync(moduleDir).isDirectory()) continue;
    for (const slug of readdirSync(moduleDir)) {
      if (existsSync(join(moduleDir, slug, file))) out.push(`${module}/${slug}`);
    }
  }
  return out;
}
