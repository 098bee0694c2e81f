import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../lib/db.ts';
import { gradebook, type GradebookSortKey } from '../../../../../lib/instructor/gradebook.ts';
import { latePolicyText } from '../../../../../lib/instructor/assignments.ts';
import { formatPoints, formatUtc } from '../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse, param } from '../../../_lib/guard.ts';
import { examColumns, examScores } from '../../../../../lib/exams/gradebook.ts';

export const metadata: Metadata = { title: 'Gradebook' };

interface Props {
  params: Promise<{ cohortId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function GradebookPage({ params, searchParams }: Props) {
  const { cohortId } = await params;
  const sp = await searchParams;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/gradebook`);
  const gb = await orRefuse(gradebook(db(), user, cohortId, { module: param(sp.module), sort: param(sp.sort), dir: param(sp.dir) }));
  const base = `/instructor/cohorts/${gb.cohort.id}`;
  // gradebook() checked that the user teaches the cohort
  const exams = await examColumns(db(), gb.cohort.id);
  const examScore = await examScores(db(), exams, gb.rows.map((r) => r.userId));

  const href = (sort: GradebookSortKey) => {
    const q = new URLSearchParams();
    if (gb.module) q.set('module', gb.module);
    q.set('sort', sort);
    // clicking the current column flips it; a new column starts in its natural direction
    if (gb.sort === sort) q.set('dir', gb.dir === 'asc' ? 'desc' : 'asc');
    return `?${q.toString()}`;
  };
  const ariaSort = (sort: GradebookSortKey) => (gb.sort === sort ? (gb.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  const arrow = (sort: GradebookSortKey) => (gb.sort === sort ? (gb.dir === 'asc' ? ' ▲' : ' ▼') : '');
  const csv = `${base}/gradebook/csv${gb.module ? `?module=${encodeURIComponent(gb.module)}` : ''}`;

  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{gb.cohort.name}</Link> / Gradebook
      </p>
      <h1>Gradebook: {gb.cohort.name}</h1>
      <form method="get" className="instr-form" aria-label="Filter the gradebook">
        <label>
          Module
          <select name="module" defaultValue={gb.module ?? ''}>
            <option value="">All modules</option>
            {gb.modules.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <input type="hidden" name="sort" value={gb.sort} />
        <input type="hidden" name="dir" value={gb.dir} />
        <button type="submit" className="secondary">
          Show
        </button>
        <a href={csv} className="button" download>
          Download CSV
        </a>
      </form>
      {gb.columns.length === 0 ? (
        <p>
          No assignments{gb.module ? ' in this module' : ''} yet. <Link href={base}>Assign exercises</Link>.
        </p>
      ) : gb.rows.length === 0 ? (
        <p>No students yet: they join with the cohort&apos;s code.</p>
      ) : (
        <div className="instr-table-wrap">
          <table className="gradebook">
            <caption>
              Scores after late penalties and extensions; the number in parentheses is attempts used. “late”: the score comes from a late submission.
            </caption>
            <thead>
              <tr>
                <th scope="col" aria-sort={ariaSort('name')}>
                  <Link href={href('name')}>Student{arrow('name')}</Link>
                </th>
                {gb.columns.map((c) => (
                  <th key={c.assignmentId} scope="col" aria-sort={ariaSort(`assignment:${c.assignmentId}`)} title={`${c.exerciseId}; due ${formatUtc(c.dueAt)}; ${latePolicyText(c)}`}>
                    <Link href={href(`assignment:${c.assignmentId}`)}>
                      {c.title}
                      {arrow(`assignment:${c.assignmentId}`)}
                    </Link>
                    <div className="muted">/{c.points}</div>
                  </th>
                ))}
                <th scope="col" aria-sort={ariaSort('total')}>
                  <Link href={href('total')}>Total{arrow('total')}</Link>
                  <div className="muted">/{gb.rows[0]?.maxTotal ?? 0}</div>
                </th>
              </tr>
            </thead>
            <tbody>
              {gb.rows.map((r) => (
                <tr key={r.userId} data-student={r.deleted ? `deleted:${r.userId}` : r.email}>
                  <th scope="row">
                    <Link href={`${base}/students/${r.userId}`}>{r.name ?? r.email}</Link>
                    {r.name && r.email && <div className="muted">{r.email}</div>}
                  </th>
                  {gb.columns.map((c) => {
                    const cell = r.cells[c.assignmentId];
                    return (
                      <td key={c.assignmentId} className="score" data-assignment={c.exerciseId}>
                        <span data-testid="score">{formatPoints(cell.score)}</span>
                        {cell.attempts > 0 && <span className="attempts">({cell.attempts})</span>}
                        {cell.late && (
                          <span className="late" title={cell.penaltyPercent ? `late: −${cell.penaltyPercent} %` : 'late, accepted in full'}>
                            late{cell.penaltyPercent ? ` −${cell.penaltyPercent} %` : ''}
                          </span>
                        )}
                        {cell.extended && (
                          <span className="muted" title={`extended to ${formatUtc(cell.dueAt)}`}>
                            {' '}
                            ext.
                          </span>
                        )}
                        {cell.pending > 0 && <div className="pending">{cell.pending} being graded</div>}
                      </td>
                    );
                  })}
                  <td className="score">{formatPoints(r.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {exams.length > 0 && gb.rows.length > 0 && (
        <section aria-labelledby="exam-scores-h">
          <h2 id="exam-scores-h">Exams</h2>
          <div className="instr-table-wrap">
            <table className="gradebook" data-testid="exam-gradebook">
              <caption>Each student&apos;s exam score: the best try of each item, at the points its place in the tries allows. Students see it once it is released.</caption>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  {exams.map((e) => (
                    <th key={e.examId} scope="col">
                      <Link href={`${base}/exams/${e.examId}`}>{e.title}</Link>
                      <div className="muted">
                        /{e.maxScore}
                        {e.released ? ' · released' : ' · not released'}
                      </div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {gb.rows.map((r) => (
                  <tr key={r.userId} data-exam-student={r.deleted ? `deleted:${r.userId}` : r.email}>
                    <th scope="row">{r.name ?? r.email}</th>
                    {exams.map((e) => {
                      const x = examScore.get(e.examId)?.get(r.userId);
                      return (
                        <td key={e.examId} className="score" data-exam={e.examId}>
                          <span data-testid="exam-score">{x === undefined ? 'not started' : formatPoints(x)}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
