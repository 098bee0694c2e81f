import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '../../../../../../../../lib/db.ts';
import { examAttemptDetail } from '../../../../../../../../lib/exams/manage.ts';
import { formatPoints, formatUtc } from '../../../../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../../../../_lib/guard.ts';

export const metadata: Metadata = { title: 'Exam attempt' };

export default async function AttemptPage({ params }: { params: Promise<{ cohortId: string; examId: string; userId: string }> }) {
  const { cohortId, examId, userId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/exams/${examId}/students/${userId}`);
  const d = await orRefuse(examAttemptDetail(db(), user, examId, userId));
  if (!d || d.exam.cohortId !== cohortId) notFound();
  const base = `/instructor/cohorts/${d.exam.cohort.id}`;
  const name = d.student.name ?? d.student.email;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{d.exam.cohort.name}</Link> / <Link href={`${base}/exams/${d.exam.id}`}>{d.exam.title}</Link> / {name}
      </p>
      <h1>
        {d.exam.title}: {name}
      </h1>
      <dl className="facts">
        <dt>Honour code acknowledged</dt>
        <dd>{formatUtc(d.acknowledgedAt)}</dd>
        <dt>Started</dt>
        <dd>{formatUtc(d.startedAt)}</dd>
        <dt>Ends</dt>
        <dd>{formatUtc(d.endsAt)}</dd>
        <dt>Score</dt>
        <dd data-testid="attempt-score">
          {formatPoints(d.score.score)} / {d.score.maxScore}
        </dd>
      </dl>
      {d.items.map((item, i) => (
        <section key={item.position} aria-labelledby={`item-${item.position}`} data-item={item.position}>
          <h2 id={`item-${item.position}`}>
            {item.position}. {item.kind === 'question' ? 'Question' : 'Code'}: {item.title}{' '}
            <span className="muted">
              ({formatPoints(d.score.items[i].points)} / {d.score.items[i].maxPoints})
            </span>
          </h2>
          {item.tries.length === 0 && item.late.length === 0 && <p>No try.</p>}
          <ol>
            {item.tries.map((t) => (
              <li key={t.id}>
                <Link href={`/submissions/${t.id}`}>{formatUtc(t.createdAt)}</Link>: {t.status === 'graded' ? `${formatPoints(t.score)} / ${t.maxScore}` : t.status}, worth at most {Math.round(t.worth * 100)} %
                <details>
                  <summary>{item.kind === 'question' ? 'Answers as sent' : 'Code as sent'}</summary>
                  <pre className="code">
                    <code>{t.code}</code>
                  </pre>
                </details>
              </li>
            ))}
          </ol>
          {item.late.length > 0 && (
            <>
              <h3>Late tries (refused, not counted)</h3>
              <ol>
                {item.late.map((l, n) => (
                  <li key={n}>
                    {formatUtc(l.createdAt)}
                    <details>
                      <summary>As sent</summary>
                      <pre className="code">
                        <code>{l.payload}</code>
                      </pre>
                    </details>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      ))}
    </div>
  );
}
