// Exercise and question folders on disk, for the command-line tools: read one into memory, or find
// every folder under a tree that holds an exercise.ts or a question.ts. The id a folder must carry is its last two path parts,
// `<module>/<slug>`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExerciseFiles } from './bundle.ts';

/** Every file directly in the folder (sub-folders are not part of an exercise). */
export function readExerciseFolder(folder: string): ExerciseFiles {
  const files: ExerciseFiles = {};
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path, 'utf8');
  }
  return files;
}

/** `<module>/<slug>` of a folder: its parent's name and its own. */
export function folderId(folder: string): string {
  const abs = resolve(folder);
  return `${basename(dirname(abs))}/${basename(abs)}`;
}

/** The exercise and question folders at or under `root` (a folder with exercise.ts or question.ts is not searched further). */
export function findExerciseFolders(root: string): string[] {
  const abs = resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`no such folder: ${root}`);
  if (existsSync(join(abs, 'exercise.ts')) || existsSync(join(abs, 'question.ts'))) return [abs];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(abs, name);
    if (statSync(path).isDirectory()) out.push(...findExerciseFolders(path));
  }
  return out;
}
