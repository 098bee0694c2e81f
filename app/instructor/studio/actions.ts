'use server';
// Server actions of the studio. Each reads the session itself and hands the acting user to
// lib/authoring/studio.ts, which checks what that user may do with the exercise.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { db } from '../../../lib/db.ts';
import { actionUser, type SessionUser } from '../../../lib/session.ts';
import { isAccessDenied, isInputError } from '../../../lib/instructor/authorization.ts';
import { checkStudioDraft, createStudioExercise, gradePreview, publishStudio, renderStudioPrompt, saveStudioDraft, shareExercise, unshareExercise } from '../../../lib/authoring/studio.ts';
import type { ActionState } from '../../../components/instructor/action-state.ts';
import type { RunResult, SubmitResult } from '../../../components/workbench/types.ts';
import type { StudioProblem } from '../../../components/studio/Studio.tsx';

type Result<T> = T | { error: string };

async function act<T>(work: (user: SessionUser) => Promise<T>): Promise<Result<T>> {
  const who = await actionUser();
  if (!who.ok) return { error: who.error };
  try {
    return await work(who.user);
  } catch (e) {
    if (isAccessDenied(e) || isInputError(e)) return { error: e.message };
    throw e;
  }
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export async function createStudioAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await act((user) => createStudioExercise(db(), user, { id: text(form, 'id'), title: text(form, 'title'), from: text(form, 'from') }));
  if (typeof r === 'string') redirect(`/instructor/studio/${r}`);
  return { ok: false, error: r.error, message: null };
}

export async function saveStudioAction(id: string, files: Record<string, string>): Promise<Result<{ savedAt: string }>> {
  return act(async (user) => ({ savedAt: (await saveStudioDraft(db(), user, id, files)).toISOString() }));
}

export async function checkStudioAction(id: string, files: Record<string, string>): Promise<Result<{ ok: boolean; problems: StudioProblem[] }>> {
  return act((user) => checkStudioDraft(db(), user, id, files));
}

export async function renderPromptAction(id: string, files: Record<string, string>): Promise<Result<{ html: string }>> {
  return act(async (user) => ({ html: await renderStudioPrompt(db(), user, id, files) }));
}

export async function publishStudioAction(id: string, changeNote: string): Promise<Result<{ number: number; problems: StudioProblem[] }>> {
  return act((user) => publishStudio(db(), user, id, changeNote));
}

export async function previewRunAction(id: string, seed: number, code: unknown): Promise<RunResult> {
  return act(async (user) => ({ verdict: await gradePreview(db(), user, id, { code, seed, visibleOnly: true }) }));
}

export async function previewSubmitAction(id: string, seed: number, code: unknown): Promise<SubmitResult> {
  return act(async (user) => ({ verdict: await gradePreview(db(), user, id, { code, seed, visibleOnly: false }) }));
}

export async function previewSaveAction(): Promise<void> {
  // Preview records nothing, the learner's draft included
}

export async function shareStudioAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await act((user) => shareExercise(db(), user, text(form, 'exerciseId'), { email: text(form, 'email'), role: text(form, 'role') }));
  if ('error' in r) return { ok: false, error: r.error, message: null };
  revalidatePath(`/instructor/studio/${text(form, 'exerciseId')}`);
  return { ok: true, error: null, message: `Shared with ${r.email} as ${r.role === 'coauthor' ? 'co-author' : 'viewer'}.` };
}

export async function unshareStudioAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await act(async (user) => {
    await unshareExercise(db(), user, text(form, 'exerciseId'), text(form, 'userId'));
    return true;
  });
  if (typeof r === 'object' && 'error' in r) return { ok: false, error: r.error, message: null };
  revalidatePath(`/instructor/studio/${text(form, 'exerciseId')}`);
  return { ok: true, error: null, message: 'Removed.' };
}
