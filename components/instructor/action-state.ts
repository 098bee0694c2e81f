// What every instructor server action hands back to its form: a sentence to show, error or not
// (the try-code action: the grading, or why there is none).
import type { TryResult } from '../../lib/instructor/exercises.ts';

export interface ActionState {
  ok: boolean;
  message: string | null;
  error: string | null;
  field?: string;
  /** A path on this site to show as a link under the message (a password reset link). */
  link?: string | null;
}

export const IDLE: ActionState = { ok: false, message: null, error: null };

export interface TryState {
  error: string | null;
  result: TryResult | null;
}
