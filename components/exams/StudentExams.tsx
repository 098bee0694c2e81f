// The exams of the cohort a student works in, on their course map: when each is open, whether
// they started it, and their score once it is released.
import Link from 'next/link';
import type { ExamCard } from '../../lib/exams/take.ts';
import { formatUtc } from '../instructor/format.ts';

function state(e: ExamCard): string {
  if (e.inProgress) return 'in progress';
  if (e.finished) return e.released && e.score !== null ? `${e.score} / ${e.maxScore} points` : 'finished; results not released yet';
  if (e.phase === 'upcoming') return `opens ${formatUtc(e.opensAt)}`;
  if (e.phase === 'closed') return 'closed';
  return `open until ${formatUtc(e.closesAt)}`;
}

export function StudentExams({ items }: { items: ExamCard[] }) {
  if (items.length === 0) return null;
  return (
    <section className="student-exams" aria-labelledby="exams-h">
      <h2 id="exams-h">Exams</h2>
      <ul>
        {items.map((e) => (
          <li key={e.id} data-exam={e.id}>
            <Link href={`/exams/${e.id}`}>{e.title}</Link>{' '}
            <span className="muted">
              ({e.timeLimitMinutes} minutes{e.extraMinutes > 0 ? ` + ${e.extraMinutes} extra` : ''}, {e.maxScore} points): {state(e)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
