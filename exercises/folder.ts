// What an exercise or question folder may hold, in one place: the checks (built-in and authored), the studio's
// autosave and the zip upload all read it. Pure, so bundled and native code alike may import it.

/** The files every exercise folder has. */
export const REQUIRED_FILES = ['exercise.ts', 'prompt.md', 'starter.ts', 'solution.ts'] as const;
/** Every file an exercise folder may hold. */
export const FOLDER_FILES: readonly string[] = [...REQUIRED_FILES, 'figures.ts'];
/** Every file a question folder holds (all three required). */
export const QUESTION_FOLDER_FILES: readonly string[] = ['question.ts', 'prompt.md', 'solution.md'];
/** Whether a folder is a question's (it holds question.ts) rather than an exercise's. */
export function isQuestionFolder(files: Record<string, string>): boolean {
  return typeof files['question.ts'] === 'string';
}

/** The longest file an authored exercise may have, in characters. */
export const MAX_FILE_CHARS = 200_000;

/** A folder as stored in JSON (name -> text): anything that is not a string is left out. */
export function filesFromJson(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
