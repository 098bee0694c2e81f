import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../lib/db.ts';
import { cohortAnalytics } from '../../../../../lib/instructor/analytics.ts';
import { BarChart } from '../../../../../components/instructor/BarChart.tsx';
import { formatPercent } from '../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../_lib/guard.ts';

export const metadata: Metadata = { title: 'Analytics' };

interface Props {
  params: Promise<{ cohortId: string }>;
}

export default async function AnalyticsPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/analytics`);
  const a = await orRefuse(cohortAnalytics(db(), user, cohortId));
  const base = `/instructor/cohorts/${a.cohort.id}`;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{a.cohort.name}</Link> / Analytics
      </p>
      <h1>Analytics: {a.cohort.name}</h1>
      <p>
        {a.students} student{a.students === 1 ? '' : 's'}. Exercises assigned to the cohort or worked on by its students; pass rate = students with a passing submission /
        students who submitted.
      </p>
      <BarChart
        id="pass-rate"
        title="Pass rate by exercise"
        description="The share of students who submitted an exercise and passed it."
        labelHeader="Exercise"
        valueHeader="Passed / submitted"
        max={1}
        bars={a.exercises.map((e) => ({
          label: e.title,
          value: e.passRate ?? 0,
          text: `${e.passed} / ${e.attempted} (${formatPercent(e.passRate)})`,
          href: `${base}/analytics/${e.exerciseId}`,
        }))}
        empty="No exercise assigned or submitted yet."
      />
      {a.exercises.length > 0 && (
        <table>
          <caption>Per exercise</caption>
          <thead>
            <tr>
              <th scope="col">Exercise</th>
              <th scope="col">Assigned</th>
              <th scope="col">Submitted</th>
              <th scope="col">Passed</th>
              <th scope="col">Pass rate</th>
              <th scope="col">Graded submissions</th>
            </tr>
          </thead>
          <tbody>
            {a.exercises.map((e) => (
              <tr key={e.exerciseId}>
                <th scope="row">
                  <Link href={`${base}/analytics/${e.exerciseId}`}>{e.title}</Link> <span className="muted">({e.exerciseId})</span>
                </th>
                <td>{e.assigned ? 'yes' : 'no'}</td>
                <td>
                  {e.attempted} / {e.students}
                </td>
                <td>{e.passed}</td>
                <td>{formatPercent(e.passRate)}</td>
                <td>{e.submits}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
