// Authored exercises and questions as the grader takes them, loaded at run time from their published versions.
// Cached by (id, content hash), never by process lifetime: a new version is a new key, so the next
// Run, Submit or regrade after a publish uses it with no build and no restart, and a submission is
// graded with the version recorded on it.
import type { Db } from '../db.ts';
import { loadAuthoredExercise, type AuthoredExercise } from '../../grader/content/exercise.ts';
import { loadAuthoredQuestion, type AuthoredQuestion } from '../../grader/content/question.ts';
import type { SandboxPool } from '../../grader/pool.ts';
import { publishedFiles } from './store.ts';

const MAX_CACHED = 64;
const cache = new Map<string, Promise<AuthoredExercise | undefined>>();

/** The authored exercise `id` at `version`; undefined when that version does not exist. Throws when it no longer loads. */
export function authoredExercise(db: Db, pool: SandboxPool, id: string, version: string): Promise<AuthoredExercise | undefined> {
  const key = `${id}@${version}`;
  let found = cache.get(key);
  if (found) {
    cache.delete(key); // most recently used last
  } else {
    found = (async () => {
      const files = await publishedFiles(db, id, version);
      if (!files) return undefined;
      const loaded = await loadAuthoredExercise(files, { pool });
      if (!loaded.ok) throw new Error(`exercise ${id} version ${version} no longer loads: ${loaded.problems.map((p) => p.message).join('; ')}`);
      return loaded.exercise;
    })();
    found.catch(() => cache.delete(key));
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, found);
  return found;
}

const questions = new Map<string, Promise<AuthoredQuestion | undefined>>();

/** The authored question `id` at `version`, the same way: cached by id and hash; undefined when that version does not exist. */
export function authoredQuestion(db: Db, pool: SandboxPool, id: string, version: string): Promise<AuthoredQuestion | undefined> {
  const key = `${id}@${version}`;
  let found = questions.get(key);
  if (found) {
    questions.delete(key);
  } else {
    found = (async () => {
      const files = await publishedFiles(db, id, version);
      if (!files) return undefined;
      const loaded = await loadAuthoredQuestion(files, { pool, expectedId: id });
      if (!loaded.ok) throw new Error(`question ${id} version ${version} no longer loads: ${loaded.problems.map((p) => p.message).join('; ')}`);
      return loaded.question;
    })();
    found.catch(() => questions.delete(key));
    if (questions.size >= MAX_CACHED) questions.delete(questions.keys().next().value!);
  }
  questions.set(key, found);
  return found;
}
