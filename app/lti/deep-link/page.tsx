// The exercise picker of a deep-linking launch: the instructor chooses what the LMS course links
// to; the choice goes back to the LMS signed (app/lti/deep-link/response, lib/lti/deep-linking.ts).
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { requireRole } from '../../../lib/session.ts';
import { db } from '../../../lib/db.ts';
import { assignableExercises } from '../../../lib/instructor/assignments.ts';
import { DEEP_LINK_COOKIE, openDeepLink } from '../../../lib/lti/deep-linking.ts';

export const metadata: Metadata = { title: 'Link exercises to your LMS course' };

export default async function DeepLinkPage() {
  const user = await requireRole('instructor', '/lti/deep-link');
  const req = openDeepLink((await cookies()).get(DEEP_LINK_COOKIE)?.value, user.id);
  if (!req) {
    return (
      <div>
        <h1>Link exercises to your LMS course</h1>
        <p role="status">This choice has expired or was started by someone else. Add the tool again from your LMS course.</p>
      </div>
    );
  }
  const modules = await assignableExercises(db(), user);
  return (
    <div className="deep-link">
      <h1>Link exercises to your LMS course</h1>
      <p>
        Each exercise you pick becomes a link in the course and a column of its gradebook (out of the exercise&apos;s points); scores go
        there as your students submit. {req.acceptMultiple ? 'Pick one or several.' : 'Pick one.'}
      </p>
      <form method="post" action="/lti/deep-link/response" aria-label="Exercises to link">
        {modules.map((m) => (
          <fieldset key={m.module}>
            <legend>{m.module}</legend>
            {m.exercises.map((e) => (
              <label key={e.id} className="deep-link-item">
                <input type={req.acceptMultiple ? 'checkbox' : 'radio'} name="exercise" value={e.id} /> {e.kind === 'question' ? 'Question' : 'Code'}: {e.title}{' '}
                <span className="muted">
                  ({e.id}, {e.points} points)
                </span>
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit">Add to the course</button>
      </form>
    </div>
  );
}
