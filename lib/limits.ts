// Size limits on what learners send, in one place: the server enforces them, the page tells the
// editor so it can warn before sending. Server actions' request bodies are capped in next.config.ts
// (serverActions.bodySizeLimit), comfortably above these.
import { z } from 'zod';
import { getExercise } from '../exercises/catalog.ts';

import { CODE_TOO_LARGE_MESSAGE, EMPTY_CODE_MESSAGE, MAX_CODE_BYTES } from '../grader/code-limits.ts';

export { MAX_CODE_BYTES };
export { MAX_SCRATCH_BYTES } from '../grader/scratch-reference.ts';

/** Learner code: a non-empty string of at most MAX_CODE_BYTES bytes (UTF-8). */
export const codeSchema = z
  .string({ error: 'Code must be text.' })
  .refine((c) => c.trim().length > 0, EMPTY_CODE_MESSAGE)
  .refine((c) => Buffer.byteLength(c, 'utf8') <= MAX_CODE_BYTES, CODE_TOO_LARGE_MESSAGE);

/** A draft may be empty (the learner cleared the editor), but not larger than code. */
export const draftSchema = z
  .string({ error: 'A draft must be text.' })
  .refine((c) => Buffer.byteLength(c, 'utf8') <= MAX_CODE_BYTES, `Your code is larger than ${MAX_CODE_BYTES / 1024} KB; the draft was not saved.`);

/** "attention/scaled-dot-product": two kebab-case parts. */
export const exerciseIdSchema = z.string().regex(/^[a-z0-9-]{1,64}\/[a-z0-9-]{1,64}$/, 'Unknown exercise.');

export function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Invalid input.';
}

/** A refusal the learner can act on; `kind` matches the workbench's ActionError. */
export interface Refusal {
  ok: false;
  error: string;
  kind: 'rate_limit' | 'validation' | 'auth' | 'server';
  retryAfterMs?: number;
}

export const refuse = (kind: Refusal['kind'], error: string, retryAfterMs?: number): Refusal =>
  retryAfterMs === undefined ? { ok: false, error, kind } : { ok: false, error, kind, retryAfterMs: Math.ceil(retryAfterMs) };

/** The id of a catalog exercise, or null for anything else a client might send. */
export function knownExercise(id: unknown): string | null {
  const parsed = exerciseIdSchema.safeParse(id);
  return parsed.success && getExercise(parsed.data) ? parsed.data : null;
}
