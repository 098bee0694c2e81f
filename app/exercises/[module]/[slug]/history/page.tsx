import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '../../../../../lib/session.ts';
import { db } from '../../../../../lib/db.ts';
import { exerciseView } from '../../../../../lib/course.ts';
import { submissionHistory } from '../../../../../lib/submissions.ts';
import { currentSpace } from '../../../../../lib/current-space.ts';
import { getExercise } from '../../../../../exercises/catalog.ts';
import { questionItem } from '../../../../../lib/question-items.ts';
import { formatScore, formatTime, STATUS_TEXT } from '../../../../_components/format.ts';

type Params = Promise<{ module: string; slug: string }>;

export const metadata: Metadata = { title: 'Submission history' };

export default async function HistoryPage({ params }: { params: Params }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const user = await requireUser(`/exercises/${id}/history`);
  // a question's answers are its submissions (the answers' JSON as the code)
  const question = getExercise(id) ? null : await questionItem(db(), id, { viewer: user });
  const view = question ? { title: question.title } : await exerciseView(id, { prompt: false, db: db(), viewer: user });
  if (!view) notFound();
  const space = await currentSpace(user.id);
  const rows = await submissionHistory(db(), { userId: user.id, cohortId: space.cohortId }, id);
  return (
    <div className="history">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <Link href={`/exercises/${id}`}>{view.title}</Link>
      </nav>
      <h1>
        Your {question ? 'answers' : 'submissions'}: {view.title}
      </h1>
      <p className="space-note">{space.cohortId === null ? 'In practice (only you see them).' : `In ${space.name}.`}</p>
      {rows.length === 0 && question ? (
        <p>
          No answers yet. <Link href={`/exercises/${id}`}>Open the question</Link> to answer your first variant.
        </p>
      ) : rows.length === 0 ? (
        <p>
          No submissions yet. <Link href={`/exercises/${id}`}>Open the exercise</Link> and press Submit when your code passes the
          visible cases.
        </p>
      ) : (
        <ol className="submission-list" reversed>
          {rows.map((s) => (
            <li key={s.id} className={`submission status-${s.status}`}>
              <div className="submission-head">
                <Link href={`/submissions/${s.id}`}>
                  <time dateTime={s.createdAt.toISOString()}>{formatTime(s.createdAt)}</time>
                </Link>
                <span className="score">{s.status === 'graded' ? formatScore(s.score, s.maxScore) : STATUS_TEXT[s.status]}</span>
                <span className="summary">{s.summary}</span>
              </div>
              <details>
                <summary>{question ? 'Answers as sent' : 'Code as submitted'}</summary>
                <pre className="code">
                  <code>{s.code}</code>
                </pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
