import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../lib/db.ts';
import { listCourses } from '../../../lib/instructor/courses.ts';
import { ActionForm } from '../../../components/instructor/ActionForm.tsx';
import { instructorUser, orRefuse } from '../_lib/guard.ts';
import { createCourseAction } from './actions.ts';

export const metadata: Metadata = { title: 'Courses' };

export default async function CoursesPage() {
  const user = await instructorUser('/instructor/courses');
  const courses = await orRefuse(listCourses(db(), user));
  return (
    <div>
      <h1>Your courses</h1>
      <p>
        Group exercises (the built-in ones and your own) into modules of a course of yours, then list it on a cohort: its
        course map shows the course after the built-in one. Listing sets no due date and gives no grade; assign from the cohort
        page for that.
      </p>
      {courses.length === 0 ? (
        <p>You have no course of your own yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Your courses</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Modules</th>
              <th scope="col">Exercises</th>
              <th scope="col">Listed on</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link href={`/instructor/courses/${c.id}`}>{c.title}</Link>
                </th>
                <td>{c.modules}</td>
                <td>{c.exercises}</td>
                <td>{c.cohorts === 1 ? '1 cohort' : `${c.cohorts} cohorts`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-course">
        <h2 id="new-course">New course</h2>
        <ActionForm action={createCourseAction} submitLabel="Create course">
          <label>
            Title
            <input name="title" required maxLength={200} placeholder="Transformers, spring 2026" />
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
