import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../lib/db.ts';
import { getCourse } from '../../../../lib/instructor/courses.ts';
import { assignableExercises } from '../../../../lib/instructor/assignments.ts';
import { listCohorts } from '../../../../lib/instructor/cohorts.ts';
import { ActionForm } from '../../../../components/instructor/ActionForm.tsx';
import { instructorUser, orRefuse } from '../../_lib/guard.ts';
import { addItemAction, addModuleAction, listOnCohortAction, moveItemAction, removeItemAction, removeModuleAction, unlistFromCohortAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Course' };

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const user = await instructorUser(`/instructor/courses/${courseId}`);
  const course = await orRefuse(getCourse(db(), user, courseId));
  const [exercises, cohorts] = await Promise.all([orRefuse(assignableExercises(db(), user)), orRefuse(listCohorts(db(), user))]);
  const listedIds = new Set(course.cohorts.map((c) => c.id));
  const hidden = (name: string, value: string) => <input type="hidden" name={name} value={value} />;
  return (
    <div>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/instructor/courses">Courses</Link> › <span>{course.title}</span>
      </nav>
      <h1>{course.title}</h1>
      {course.modules.length === 0 && <p>No module yet: add one below, then put exercises in it.</p>}
      {course.modules.map((m) => (
        <section key={m.id} aria-label={`Module ${m.position}: ${m.title}`} className="course-module">
          <h2>
            {m.position}. {m.title}
          </h2>
          {m.items.length === 0 ? (
            <p className="muted">No exercise yet.</p>
          ) : (
            <ol>
              {m.items.map((i, k) => (
                <li key={i.exerciseId}>
                  {i.title} <span className="muted">({i.exerciseId}, {i.points} points)</span>
                  {k > 0 && (
                    <ActionForm action={moveItemAction} submitLabel="Up" secondary className="instr-form inline" label={`Move ${i.exerciseId} up`}>
                      {hidden('courseId', course.id)}
                      {hidden('moduleId', m.id)}
                      {hidden('exerciseId', i.exerciseId)}
                      {hidden('direction', 'up')}
                    </ActionForm>
                  )}
                  {k < m.items.length - 1 && (
                    <ActionForm action={moveItemAction} submitLabel="Down" secondary className="instr-form inline" label={`Move ${i.exerciseId} down`}>
                      {hidden('courseId', course.id)}
                      {hidden('moduleId', m.id)}
                      {hidden('exerciseId', i.exerciseId)}
                      {hidden('direction', 'down')}
                    </ActionForm>
                  )}
                  <ActionForm action={removeItemAction} submitLabel="Remove" secondary className="instr-form inline" label={`Remove ${i.exerciseId}`}>
                    {hidden('courseId', course.id)}
                    {hidden('moduleId', m.id)}
                    {hidden('exerciseId', i.exerciseId)}
                  </ActionForm>
                </li>
              ))}
            </ol>
          )}
          <ActionForm action={addItemAction} submitLabel="Add" className="instr-form inline" label={`Add an exercise to ${m.title}`}>
            {hidden('courseId', course.id)}
            {hidden('moduleId', m.id)}
            <label>
              Exercise
              <select name="exerciseId" required defaultValue="">
                <option value="" disabled>
                  Choose…
                </option>
                {exercises.map((g) => (
                  <optgroup key={g.module} label={g.module}>
                    {g.exercises.map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.title} ({e.id})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
          </ActionForm>
          <ActionForm action={removeModuleAction} submitLabel="Remove this module" secondary confirm={`Remove the module “${m.title}” and its list of exercises?`} label={`Remove module ${m.title}`}>
            {hidden('courseId', course.id)}
            {hidden('moduleId', m.id)}
          </ActionForm>
        </section>
      ))}
      <section aria-labelledby="new-module">
        <h2 id="new-module">New module</h2>
        <ActionForm action={addModuleAction} submitLabel="Add module" label="New module">
          {hidden('courseId', course.id)}
          <label>
            Title
            <input name="title" required maxLength={200} placeholder="Normalisation layers" />
          </label>
        </ActionForm>
      </section>
      <section aria-labelledby="cohorts-h">
        <h2 id="cohorts-h">Listed on cohorts</h2>
        {course.cohorts.length === 0 ? (
          <p>Not listed on any cohort you teach.</p>
        ) : (
          <ul>
            {course.cohorts.map((c) => (
              <li key={c.id}>
                <Link href={`/instructor/cohorts/${c.id}`}>{c.name}</Link>
                <ActionForm action={unlistFromCohortAction} submitLabel="Unlist" secondary className="instr-form inline" label={`Unlist from ${c.name}`}>
                  {hidden('courseId', course.id)}
                  {hidden('cohortId', c.id)}
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        <ActionForm action={listOnCohortAction} submitLabel="List" label="List on a cohort">
          {hidden('courseId', course.id)}
          <label>
            Cohort
            <select name="cohortId" required defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {cohorts
                .filter((c) => !c.archived && !listedIds.has(c.id))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
