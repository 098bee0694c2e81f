'use server';
// The exercise page's server actions, bound to the exercise by the page. Thin on purpose: who is
// asking, then one call into lib/, whose answers already carry the learner-facing message. Each
// action is callable by anyone who knows its id, so each checks the session and validates itself.
import { db } from '../../../../lib/db.ts';
import { actionUser } from '../../../../lib/session.ts';
import { saveDraft, resetDraft } from '../../../../lib/drafts.ts';
import { appQueue, submit } from '../../../../lib/submissions.ts';
import { runCode } from '../../../../lib/run.ts';
import { knownExercise } from '../../../../lib/limits.ts';
import { openableAuthoredId } from '../../../../lib/authoring/live.ts';
import type { ActionError, RunResult, SaveResult, SubmitResult } from '../../../../components/workbench/types.ts';

const strip = <T extends { ok: boolean }>(r: T): Omit<T, 'ok'> => {
  const { ok: _ok, ...rest } = r;
  return rest;
};

async function gate(exerciseId: unknown): Promise<{ userId: string; role: string; exerciseId: string } | ActionError> {
  const who = await actionUser();
  if (!who.ok) return strip(who);
  const id = knownExercise(exerciseId) ?? (await openableAuthoredId(db(), who.user, exerciseId));
  if (!id) return { error: 'Unknown exercise.', kind: 'validation' };
  return { userId: who.user.id, role: who.user.role, exerciseId: id };
}

export async function runAction(exerciseId: string, code: unknown, scratchArgs?: unknown): Promise<RunResult> {
  const g = await gate(exerciseId);
  if ('error' in g) return g;
  const r = await runCode(db(), g.userId, g.exerciseId, code, scratchArgs, { id: g.userId, role: g.role });
  return r.ok ? { verdict: r.verdict, ...(r.scratch ? { scratch: r.scratch } : {}) } : strip(r);
}

export async function submitAction(exerciseId: string, code: unknown): Promise<SubmitResult> {
  const g = await gate(exerciseId);
  if ('error' in g) return g;
  const r = await submit({ db: db(), boss: appQueue }, g.userId, { exerciseId: g.exerciseId, code }, { saveDraft: true, viewer: { id: g.userId, role: g.role } });
  return r.ok ? { submissionId: r.submissionId } : strip(r);
}

export async function saveDraftAction(exerciseId: string, code: unknown): Promise<SaveResult> {
  const g = await gate(exerciseId);
  if ('error' in g) return g;
  const r = await saveDraft(db(), g.userId, g.exerciseId, code);
  return r.ok ? { savedAt: r.savedAt } : strip(r);
}

export async function resetDraftAction(exerciseId: string): Promise<SaveResult> {
  const g = await gate(exerciseId);
  if ('error' in g) return g;
  await resetDraft(db(), g.userId, g.exerciseId);
  return { savedAt: new Date().toISOString() };
}
