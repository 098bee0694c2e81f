// What learner code must be before anything runs it, in one pure place: the server's schemas
// (lib/limits.ts) and the browser's Run (components/workbench/useRun.ts) refuse the same code with
// the same words.

export const MAX_CODE_BYTES = 64 * 1024;

export const EMPTY_CODE_MESSAGE = 'Your code is empty.';
export const CODE_TOO_LARGE_MESSAGE = `Your code is larger than ${MAX_CODE_BYTES / 1024} KB. Remove some of it and try again.`;

export function codeBytes(code: string): number {
  return new TextEncoder().encode(code).length;
}

/** Why Run or Submit refuses this code, or null. */
export function codeProblem(code: string): string | null {
  if (code.trim().length === 0) return EMPTY_CODE_MESSAGE;
  if (codeBytes(code) > MAX_CODE_BYTES) return CODE_TOO_LARGE_MESSAGE;
  return null;
}
