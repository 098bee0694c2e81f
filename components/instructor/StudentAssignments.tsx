// The assignments of the cohort the student works in, with their due dates, for the course map
// (server component):
//   <StudentAssignments items={await assignmentsForStudent(db(), { userId, cohortId })} />
// Renders nothing when the student has no assignment.
import type { StudentAssignment } from '../../lib/instructor/student.ts';
import { formatPoints, formatUtc } from './format.ts';

const STATE_TEXT: Record<StudentAssignment['state'], string> = {
  upcoming: 'Opens later',
  open: 'Open',
  late: 'Past due: late work loses points',
  closed: 'Closed: late work not accepted',
};

function lateText(a: StudentAssignment): string {
  if (a.latePolicy === 'reject') return 'not accepted';
  if (a.latePolicy === 'accept') return 'accepted in full';
  return `−${a.latePenaltyPerDay} % per started day, at most −${a.latePenaltyCap} %`;
}

export function StudentAssignments({ items, now = new Date() }: { items: StudentAssignment[]; now?: Date }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="assignments-h" className="student-assignments">
      <h2 id="assignments-h">Your assignments</h2>
      <table aria-labelledby="assignments-h">
        <thead>
          <tr>
            <th scope="col">Exercise</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.assignmentId} data-assignment={a.exerciseId} data-state={a.state}>
              <th scope="row">
                <a href={`/exercises/${a.exerciseId}`}>{a.title}</a>
                <div className="muted">{a.cohortName}</div>
              </th>
              <td>
                <time dateTime={a.dueAt.toISOString()}>{formatUtc(a.dueAt)}</time>
                {a.extended && <div className="muted">extended for you (was {formatUtc(a.originalDueAt)})</div>}
                {a.state === 'upcoming' && <div className="muted">opens {formatUtc(a.opensAt)}</div>}
                <div className="muted">Late: {lateText(a)}</div>
              </td>
              <td>{a.state === 'open' && a.dueAt.getTime() - now.getTime() < 86_400_000 ? 'Open: due within a day' : STATE_TEXT[a.state]}</td>
              <td>{a.attemptLimit === null ? a.attemptsUsed : `${a.attemptsUsed} of ${a.attemptLimit}`}</td>
              <td>
                {formatPoints(a.score)} / {a.points}
                {a.late && <span className="muted"> (late)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
