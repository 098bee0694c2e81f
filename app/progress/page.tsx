import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '../../lib/session.ts';
import { db } from '../../lib/db.ts';
import { courseMap, recentSubmissions } from '../../lib/course.ts';
import { currentSpace } from '../../lib/current-space.ts';
import { formatScore, formatTime, STATUS_TEXT } from '../_components/format.ts';

export const metadata: Metadata = { title: 'Progress' };

export default async function ProgressPage() {
  const user = await requireUser('/progress');
  const space = await currentSpace(user.id);
  const who = { userId: user.id, cohortId: space.cohortId };
  const [map, recent] = await Promise.all([courseMap(db(), who), recentSubmissions(db(), who)]);
  const { totals } = map;
  return (
    <div className="progress-page">
      <h1>Your progress: {space.cohortId === null ? 'practice' : space.name}</h1>
      <p>
        {totals.solved} of {totals.exercises} exercises solved; {totals.score} of {totals.maxScore} points ({totals.percent}%).
      </p>
      <table className="module-progress">
        <caption>By module</caption>
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Solved</th>
            <th scope="col">Points</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {map.modules.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.number}. {m.title}
              </th>
              <td>
                {m.solved} / {m.exercises.length}
              </td>
              <td>
                {m.score} / {m.maxScore}
              </td>
              <td>
                <progress max={m.maxScore || 1} value={m.score} aria-label={`${m.title}: ${m.score} of ${m.maxScore} points`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Recent submissions</h2>
      {recent.length === 0 ? (
        <p>
          Nothing submitted yet. Start with the <Link href="/">course map</Link>.
        </p>
      ) : (
        <table className="recent">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Exercise</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/submissions/${s.id}`}>
                    <time dateTime={s.createdAt.toISOString()}>{formatTime(s.createdAt)}</time>
                  </Link>
                </td>
                <td>
                  <Link href={`/exercises/${s.exerciseId}`}>{s.exerciseTitle}</Link>
                </td>
                <td>{STATUS_TEXT[s.status]}</td>
                <td>{formatScore(s.score, s.maxScore)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
