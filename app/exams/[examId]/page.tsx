import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '../../../lib/session.ts';
import { db } from '../../../lib/db.ts';
import { examOverview } from '../../../lib/exams/take.ts';
import { Countdown } from '../../../components/exams/Countdown.tsx';
import { StartExamForm } from '../../../components/exams/StartExamForm.tsx';
import { formatUtc } from '../../../components/instructor/format.ts';
import { startExamAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Exam' };

const worth = (x: number | null) => (x === null ? 'no tries left' : `next try worth at most ${Math.round(x * 100)} %`);

export default async function ExamPage({ params }: { params: Promise<{ examId: string }> }) {
  const { examId } = await params;
  const user = await requireUser(`/exams/${encodeURIComponent(examId)}`);
  const o = await examOverview(db(), user.id, examId);
  if (!o) notFound();
  const a = o.attempt;
  return (
    <div className="exam-page" data-exam={o.id} data-phase={o.phase} data-state={a ? (a.over ? 'over' : 'in-progress') : 'not-started'}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <span>{o.cohortName}</span> › <span>Exams</span>
      </nav>
      <h1>{o.title}</h1>
      <dl className="facts">
        <dt>Window</dt>
        <dd>
          {formatUtc(o.opensAt)} to {formatUtc(o.closesAt)}
        </dd>
        <dt>Time limit</dt>
        <dd>
          {o.timeLimitMinutes} {o.timeLimitMinutes === 1 ? 'minute' : 'minutes'} from your start{o.extraMinutes > 0 && <>, plus {o.extraMinutes} minutes of extra time</>}
        </dd>
        <dt>Items</dt>
        <dd>
          {o.itemCount}, {o.maxScore} points in all
        </dd>
        <dt>Tries per item</dt>
        <dd>{o.tryPoints.length}, worth at most {o.schedule}; your best try counts</dd>
      </dl>

      {!a && o.phase === 'open' && <StartExamForm honourCode={o.honourCode} action={startExamAction.bind(null, o.id)} />}
      {!a && o.phase === 'upcoming' && <p role="status">This exam opens on {formatUtc(o.opensAt)}.</p>}
      {!a && o.phase === 'closed' && <p role="status">This exam closed on {formatUtc(o.closesAt)} without your start.</p>}

      {a && (
        <section aria-labelledby="items-h">
          {a.over ? (
            <p role="status" data-over>
              Your exam ended at {formatUtc(a.endsAt)}.{' '}
              {o.released ? (
                <strong data-exam-score={a.score ?? ''}>
                  Your score: {a.score} / {o.maxScore}
                </strong>
              ) : (
                'Your instructor releases the results.'
              )}
            </p>
          ) : (
            <Countdown endsAt={a.endsAt.toISOString()} />
          )}
          <h2 id="items-h">Items</h2>
          <ol className="exam-items">
            {a.items.map((i) => (
              <li key={i.position} data-item={i.position} data-kind={i.kind} data-tries={i.tries}>
                <Link href={`/exams/${o.id}/${i.position}`}>
                  {i.kind === 'question' ? 'Question' : 'Code'}: {i.title}
                </Link>{' '}
                <span className="muted">
                  ({i.maxPoints} points; {i.tries} {i.tries === 1 ? 'try' : 'tries'}
                  {!a.over && <>, {worth(i.nextWorth)}</>}
                  {i.pending > 0 && <>, {i.pending} being graded</>})
                </span>
                {i.points !== null && (
                  <strong data-item-points={i.points}>
                    {' '}
                    {i.points} / {i.maxPoints}
                  </strong>
                )}
              </li>
            ))}
          </ol>
          {a.lateTries > 0 && <p className="muted">{a.lateTries} {a.lateTries === 1 ? 'try was' : 'tries were'} sent after your end and did not count.</p>}
        </section>
      )}
    </div>
  );
}
