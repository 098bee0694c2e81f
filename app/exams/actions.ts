'use server';
// The exam pages' server actions for students, bound to the exam (and item) the page shows. Each
// reads the session itself and makes one call into lib/exams/take.ts, which checks that the user
// is a student of the exam's cohort and enforces the time, the tries and the window.
import { redirect } from 'next/navigation';
import { db } from '../../lib/db.ts';
import { actionUser } from '../../lib/session.ts';
import { appQueue } from '../../lib/submissions.ts';
import { answerExamQuestion, startExam, submitExamCode } from '../../lib/exams/take.ts';
import type { StartState } from '../../components/exams/StartExamForm.tsx';
import type { AnswerResult } from '../../components/questions/types.ts';
import type { SubmitResult } from '../../components/workbench/types.ts';

const strip = <T extends { ok: boolean }>(r: T): Omit<T, 'ok'> => {
  const { ok: _ok, ...rest } = r;
  return rest;
};

export async function startExamAction(examId: string, _prev: StartState, form: FormData): Promise<StartState> {
  const who = await actionUser();
  if (!who.ok) return { error: who.error };
  const r = await startExam(db(), who.user.id, examId, form.get('acknowledge'));
  if (!r.ok) return { error: r.error };
  redirect(`/exams/${encodeURIComponent(examId)}`);
}

export async function answerExamAction(examId: string, position: number, tryIndex: unknown, answers: unknown): Promise<AnswerResult> {
  const who = await actionUser();
  if (!who.ok) return strip(who);
  const r = await answerExamQuestion({ db: db() }, who.user.id, { examId, position, tryIndex, answers });
  return r.ok ? { review: r.review, next: r.next, closed: r.closed, againLabel: r.againLabel } : strip(r);
}

export async function submitExamCodeAction(examId: string, position: number, code: unknown): Promise<SubmitResult> {
  const who = await actionUser();
  if (!who.ok) return strip(who);
  const r = await submitExamCode({ db: db(), boss: appQueue }, who.user.id, examId, position, code);
  return r.ok ? { submissionId: r.submissionId } : strip(r);
}
