import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../../lib/db.ts';
import { getCohort } from '../../../../../../lib/instructor/cohorts.ts';
import { assignableExercises } from '../../../../../../lib/instructor/assignments.ts';
import { DEFAULT_HONOUR_CODE } from '../../../../../../lib/exams/manage.ts';
import { ActionForm } from '../../../../../../components/instructor/ActionForm.tsx';
import { PoolFields } from '../../../../../../components/exams/PoolFields.tsx';
import { toInputValue } from '../../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../../_lib/guard.ts';
import { createExamAction } from '../actions.ts';

export const metadata: Metadata = { title: 'New exam' };

export default async function NewExamPage({ params }: { params: Promise<{ cohortId: string }> }) {
  const { cohortId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/exams/new`);
  const cohort = await orRefuse(getCohort(db(), user, cohortId));
  const modules = await orRefuse(assignableExercises(db(), user));
  const hour = 3_600_000;
  const start = new Date(Math.ceil(Date.now() / hour) * hour);
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={`/instructor/cohorts/${cohort.id}`}>{cohort.name}</Link> / New exam
      </p>
      <h1>New exam for {cohort.name}</h1>
      <p className="muted">
        Each student starts the exam once, inside its window, after acknowledging the honour code. Their time runs from their
        start; items are drawn per student from the pools, and a question keeps one variant for the whole exam. Results and
        worked solutions stay hidden from students until you release them.
      </p>
      <ActionForm action={createExamAction} submitLabel="Create the exam" label="New exam">
        <input type="hidden" name="cohortId" value={cohort.id} />
        <label>
          Exam title
          <input name="title" required maxLength={120} />
        </label>
        <label>
          Opens (UTC)
          <input type="datetime-local" name="opensAt" required defaultValue={toInputValue(start)} />
        </label>
        <label>
          Closes (UTC)
          <input type="datetime-local" name="closesAt" required defaultValue={toInputValue(new Date(start.getTime() + 24 * hour))} />
        </label>
        <label>
          Time limit (minutes, from each student&apos;s start)
          <input type="number" name="timeLimitMinutes" min={1} max={1440} step={1} defaultValue={60} required />
        </label>
        <label>
          Points per try (%, in order: what each try can earn at most)
          <input name="tryPoints" defaultValue="100, 70, 50" required />
        </label>
        <label>
          Honour code
          <textarea name="honourCode" rows={3} defaultValue={DEFAULT_HONOUR_CODE} required maxLength={4000} />
        </label>
        <PoolFields choices={modules.map((m) => ({ module: m.module, items: m.exercises.map((e) => ({ id: e.id, title: e.title, kind: e.kind })) }))} />
      </ActionForm>
    </div>
  );
}
