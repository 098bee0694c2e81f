'use server';
// Server actions of the course editor. Each reads the session itself and hands the acting user to
// lib/instructor/courses.ts, which checks what that user may do.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { db } from '../../../lib/db.ts';
import { actionUser, type SessionUser } from '../../../lib/session.ts';
import { isAccessDenied, isInputError } from '../../../lib/instructor/authorization.ts';
import { addItem, addModule, createCourse, listOnCohort, moveItem, removeItem, removeModule, unlistFromCohort } from '../../../lib/instructor/courses.ts';
import type { ActionState } from '../../../components/instructor/action-state.ts';

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

async function act(form: FormData, work: (user: SessionUser) => Promise<string>): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  try {
    const message = await work(who.user);
    revalidatePath(`/instructor/courses/${text(form, 'courseId')}`);
    return { ok: true, message, error: null };
  } catch (e) {
    if (isAccessDenied(e) || isInputError(e)) return { ok: false, error: e.message, message: null, ...(isInputError(e) && e.field ? { field: e.field } : {}) };
    throw e;
  }
}

export async function createCourseAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let id: string | null = null;
  const state = await act(form, async (user) => {
    id = await createCourse(db(), user, { title: text(form, 'title') });
    return 'Created.';
  });
  if (id) redirect(`/instructor/courses/${id}`);
  return state;
}

export async function addModuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await addModule(db(), user, text(form, 'courseId'), { title: text(form, 'title') });
    return `Added the module “${text(form, 'title').trim()}”.`;
  });
}

export async function removeModuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await removeModule(db(), user, text(form, 'moduleId'));
    return 'Removed the module.';
  });
}

export async function addItemAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await addItem(db(), user, text(form, 'moduleId'), text(form, 'exerciseId'));
    return `Added ${text(form, 'exerciseId')}.`;
  });
}

export async function removeItemAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await removeItem(db(), user, text(form, 'moduleId'), text(form, 'exerciseId'));
    return `Removed ${text(form, 'exerciseId')}.`;
  });
}

export async function moveItemAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await moveItem(db(), user, text(form, 'moduleId'), text(form, 'exerciseId'), text(form, 'direction'));
    return 'Moved.';
  });
}

export async function listOnCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await listOnCohort(db(), user, text(form, 'courseId'), text(form, 'cohortId'));
    return 'Listed: the cohort’s course map shows this course.';
  });
}

export async function unlistFromCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(form, async (user) => {
    await unlistFromCohort(db(), user, text(form, 'courseId'), text(form, 'cohortId'));
    return 'No longer listed on that cohort.';
  });
}
