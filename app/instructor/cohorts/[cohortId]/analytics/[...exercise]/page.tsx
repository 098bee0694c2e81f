import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../../lib/db.ts';
import { exerciseAnalytics, formatDuration } from '../../../../../../lib/instructor/analytics.ts';
import { BarChart } from '../../../../../../components/instructor/BarChart.tsx';
import { formatPercent } from '../../../../../../components/instructor/format.ts';
import { KIND_LABEL } from '../../../../../../components/workbench/format.ts';
import { instructorUser, orRefuse } from '../../../../_lib/guard.ts';

export const metadata: Metadata = { title: 'Exercise analytics' };

interface Props {
  params: Promise<{ cohortId: string; exercise: string[] }>;
}

// the compile errors counted beside the cases' failure kinds
const KIND_TEXT: Record<string, string> = { ...KIND_LABEL, compile_error: 'does not compile' };

export default async function ExerciseAnalyticsPage({ params }: Props) {
  const { cohortId, exercise } = await params;
  const exerciseId = exercise.map(decodeURIComponent).join('/');
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/analytics/${exerciseId}`);
  const a = await orRefuse(exerciseAnalytics(db(), user, cohortId, exerciseId));
  const base = `/instructor/cohorts/${a.cohort.id}`;
  const stats: [string, string][] = [
    ['Students', String(a.students)],
    ['Submitted', String(a.attempted)],
    ['Passed', String(a.passed)],
    ['Pass rate', formatPercent(a.passRate)],
    ['Median attempts to pass', a.medianAttemptsToPass === null ? '—' : String(a.medianAttemptsToPass)],
    ['Median time, first open to solve', formatDuration(a.solveTime.medianMs)],
  ];
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{a.cohort.name}</Link> / <Link href={`${base}/analytics`}>Analytics</Link> / {a.title}
      </p>
      <h1>
        {a.title} <span className="muted">({a.exerciseId})</span>
      </h1>
      <ul className="instr-stats" aria-label="Summary">
        {stats.map(([k, v]) => (
          <li key={k}>
            <span className="big">{v}</span>
            {k}
          </li>
        ))}
      </ul>
      <p className="muted">
        Solve time over {a.solveTime.count} student{a.solveTime.count === 1 ? '' : 's'} (middle half: {formatDuration(a.solveTime.p25Ms)} to {formatDuration(a.solveTime.p75Ms)}).{' '}
        <Link href={`/instructor/exercises/${a.exerciseId}`}>The exercise, its cases and misconceptions</Link>
      </p>
      <BarChart
        id="attempts"
        title="Attempts until the first pass"
        description="How many graded submissions each student who passed needed, counting the passing one."
        labelHeader="Attempts"
        valueHeader="Students"
        bars={a.attemptsToFirstPass.map((b) => ({ label: `${b.label} attempt${b.label === '1' ? '' : 's'}`, value: b.count, text: `${b.count} student${b.count === 1 ? '' : 's'}` }))}
        empty="Nobody has passed yet."
      />
      <BarChart
        id="kinds"
        title="Most frequent failure kinds"
        description="Graded submissions with at least one case failing this way (and the number of failing cases)."
        labelHeader="Failure"
        valueHeader="Submissions (cases)"
        bars={a.failureKinds.map((k) => ({ label: KIND_TEXT[k.kind] ?? k.kind, value: k.submissions, text: `${k.submissions} subm.${k.cases ? ` (${k.cases} cases)` : ''}` }))}
        empty="No failures recorded."
      />
      <BarChart
        id="misconceptions"
        title="Most frequent misconceptions"
        description="Graded submissions whose output matched a known wrong variant of the exercise, and how many students made them."
        labelHeader="Misconception"
        valueHeader="Submissions (students)"
        bars={a.misconceptions.map((m) => ({ label: m.title, value: m.submissions, text: `${m.submissions} subm. (${m.students} stud.)` }))}
        empty="No known misconception matched yet."
      />
      {a.wrongAnswers.length > 0 && (
        <BarChart
          id="wrong-answers"
          title="Most frequent wrong answers"
          description="Wrong answers to the question's parts as the grader read them, homework and exam tries alike, and how many students gave them."
          labelHeader="Part: answer"
          valueHeader="Times (students)"
          bars={a.wrongAnswers.map((w) => ({ label: `${w.part}: ${w.answer}`, value: w.count, text: `${w.count} (${w.students} stud.)` }))}
          empty="No wrong answers yet."
        />
      )}
    </div>
  );
}
