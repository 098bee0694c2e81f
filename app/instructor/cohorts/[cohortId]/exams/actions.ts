'use server';
// The exam pages' server actions for staff. Each reads the session and hands the acting user to
// lib/exams/manage.ts, which checks that they teach the exam's cohort; refusals and bad input come
// back as a sentence for the form.
import { redirect } from 'next/navigation';
import { db } from '../../../../../lib/db.ts';
import { createExam, setExtraTime, setReleased, updateExamSettings } from '../../../../../lib/exams/manage.ts';
import type { ActionState } from '../../../../../components/instructor/action-state.ts';
import { act, text, utc } from '../../../_lib/act.ts';

/** The pools the builder sent: pool1.*, pool2.*, ... (the numbers it shows). */
function poolsOf(form: FormData) {
  const pools = [];
  for (let i = 1; i <= 20; i++) {
    if (!form.has(`pool${i}.choose`)) continue;
    pools.push({ title: text(form, `pool${i}.title`), choose: text(form, `pool${i}.choose`), points: text(form, `pool${i}.points`), exerciseIds: form.getAll(`pool${i}.items`).filter((v) => typeof v === 'string') });
  }
  return pools;
}

export async function createExamAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const cohortId = text(form, 'cohortId');
  let id = '';
  const state = await act(async (user) => {
    id = (
      await createExam(db(), user, cohortId, {
        title: text(form, 'title'),
        opensAt: utc(text(form, 'opensAt')),
        closesAt: utc(text(form, 'closesAt')),
        timeLimitMinutes: text(form, 'timeLimitMinutes'),
        tryPoints: text(form, 'tryPoints'),
        honourCode: text(form, 'honourCode'),
        pools: poolsOf(form),
      })
    ).id;
    return 'Exam created.';
  });
  if (state.ok) redirect(`/instructor/cohorts/${encodeURIComponent(cohortId)}/exams/${id}`);
  return state;
}

export async function releaseExamAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const released = text(form, 'released') === 'yes';
  return act(async (user) => {
    await setReleased(db(), user, text(form, 'examId'), released);
    return released ? 'Results released: students now see their scores and the worked solutions.' : 'Results withdrawn: students no longer see them.';
  });
}

export async function extraTimeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await setExtraTime(db(), user, text(form, 'examId'), { userId: text(form, 'userId'), minutes: text(form, 'minutes') });
    return 'Extra time saved.';
  });
}

export async function updateExamAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await updateExamSettings(db(), user, text(form, 'examId'), {
      title: text(form, 'title'),
      opensAt: utc(text(form, 'opensAt')),
      closesAt: utc(text(form, 'closesAt')),
      timeLimitMinutes: text(form, 'timeLimitMinutes'),
      honourCode: text(form, 'honourCode'),
    });
    return 'Saved. Attempts already started keep their end; give more time with extra time.';
  });
}
