'use server';
// The exercise page's server actions, bound to the exercise and to the space (a cohort, or
// practice) the page was rendered in. Thin on purpose: who is asking and where, then one call into
// lib/, whose answers already carry the learner-facing message. Each action is callable by anyone
// who knows its id, with any arguments, so each checks the session, the exercise and that the
// learner may work in that space (a student of the cohort) itself.
import { db } from '../../../../lib/db.ts';
import { actionUser } from '../../../../lib/session.ts';
import { saveDraft, resetDraft } from '../../../../lib/drafts.ts';
import { appQueue, submit } from '../../../../lib/submissions.ts';
import { runCode } from '../../../../lib/run.ts';
import { knownExercise } from '../../../../lib/limits.ts';
import { openableAuthoredId } from '../../../../lib/authoring/live.ts';
import { NOT_IN_COHORT, requestedSpace, type LearnerScope } from '../../../../lib/scope.ts';
import { answerQuestion } from '../../../../lib/questions.ts';
import type { ActionError, RunResult, SaveResult, SubmitResult } from '../../../../components/workbench/types.ts';
import type { AnswerResult } from '../../../../components/questions/types.ts';

const strip = <T extends { ok: boolean }>(r: T): Omit<T, 'ok'> => {
  const { ok: _ok, ...rest } = r;
  return rest;
};

async function gate(exerciseId: unknown, space: unknown): Promise<{ who: LearnerScope; role: string; exerciseId: string } | ActionError> {
  const who = await actionUser();
  if (!who.ok) return strip(who);
  const id = knownExercise(exerciseId) ?? (await openableAuthoredId(db(), who.user, exerciseId));
  if (!id) return { error: 'Unknown exercise.', kind: 'validation' };
  const s = await requestedSpace(db(), who.user.id, space);
  if (!s) return { error: NOT_IN_COHORT, kind: 'validation' };
  return { who: { userId: who.user.id, cohortId: s.cohortId }, role: who.user.role, exerciseId: id };
}

export async function runAction(exerciseId: string, space: string, code: unknown, scratchArgs?: unknown): Promise<RunResult> {
  const g = await gate(exerciseId, space);
  if ('error' in g) return g;
  const r = await runCode(db(), g.who, g.exerciseId, code, scratchArgs, { id: g.who.userId, role: g.role });
  return r.ok ? { verdict: r.verdict, ...(r.scratch ? { scratch: r.scratch } : {}) } : strip(r);
}

export async function submitAction(exerciseId: string, space: string, code: unknown): Promise<SubmitResult> {
  const g = await gate(exerciseId, space);
  if ('error' in g) return g;
  const r = await submit({ db: db(), boss: appQueue }, g.who, { exerciseId: g.exerciseId, code }, { saveDraft: true, viewer: { id: g.who.userId, role: g.role } });
  return r.ok ? { submissionId: r.submissionId } : strip(r);
}

export async function saveDraftAction(exerciseId: string, space: string, code: unknown): Promise<SaveResult> {
  const g = await gate(exerciseId, space);
  if ('error' in g) return g;
  const r = await saveDraft(db(), g.who, g.exerciseId, code);
  return r.ok ? { savedAt: r.savedAt } : strip(r);
}

export async function resetDraftAction(exerciseId: string, space: string): Promise<SaveResult> {
  const g = await gate(exerciseId, space);
  if ('error' in g) return g;
  await resetDraft(db(), g.who, g.exerciseId);
  return { savedAt: new Date().toISOString() };
}

export async function answerAction(questionId: string, space: string, variant: unknown, answers: unknown): Promise<AnswerResult> {
  const who = await actionUser();
  if (!who.ok) return strip(who);
  const s = await requestedSpace(db(), who.user.id, space);
  if (!s) return { error: NOT_IN_COHORT, kind: 'validation' };
  // answerQuestion refuses an id that names no question this learner may open
  const r = await answerQuestion({ db: db() }, { userId: who.user.id, cohortId: s.cohortId }, { questionId, variant, answers }, who.user);
  return r.ok ? { review: r.review, next: r.next } : strip(r);
}
