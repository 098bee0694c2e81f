import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '../../../lib/session.ts';
import { db } from '../../../lib/db.ts';
import { submissionDetail } from '../../../lib/submissions.ts';
import { formatScore, formatTime, STATUS_TEXT } from '../../_components/format.ts';
import { VerdictSummary } from '../../_components/VerdictSummary.tsx';

export const metadata: Metadata = { title: 'Submission' };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireUser(`/submissions/${encodeURIComponent(id)}`);
  // Someone else's submission is "not found", exactly like one that does not exist.
  const s = await submissionDetail(db(), viewer, id);
  if (!s) notFound();
  const own = s.userId === viewer.id;
  return (
    <div className="submission-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <Link href={`/exercises/${s.exerciseId}`}>{s.exerciseTitle}</Link>
        {own && (
          <>
            {' '}
            › <Link href={`/exercises/${s.exerciseId}/history`}>Your submissions</Link>
          </>
        )}
      </nav>
      <h1>Submission: {s.exerciseTitle}</h1>
      <dl className="facts">
        {!own && (
          <>
            <dt>Learner</dt>
            <dd>{s.userDeleted ? s.userName : `${s.userName ?? '(no name)'} (${s.userEmail})`}</dd>
          </>
        )}
        <dt>For</dt>
        <dd data-testid="scope">{s.cohortName ?? 'Practice (only the learner sees it)'}</dd>
        <dt>Submitted</dt>
        <dd>
          <time dateTime={s.createdAt.toISOString()}>{formatTime(s.createdAt)}</time>
        </dd>
        <dt>Status</dt>
        <dd>{STATUS_TEXT[s.status]}</dd>
        <dt>Score</dt>
        <dd>{formatScore(s.score, s.maxScore)}</dd>
        <dt>Summary</dt>
        <dd>{s.summary}</dd>
        <dt>Exercise version</dt>
        <dd>
          <code>{s.exerciseVersion}</code>
        </dd>
      </dl>
      {s.verdict && <VerdictSummary verdict={s.verdict} />}
      <h2>Code as submitted</h2>
      {s.userDeleted ? (
        <p className="muted">The code was removed when the student deleted their account.</p>
      ) : (
        <pre className="code">
          <code>{s.code}</code>
        </pre>
      )}
    </div>
  );
}
