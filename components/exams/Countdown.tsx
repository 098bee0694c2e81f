'use client';
// The time left in a student's exam, counted down each second from the end the server fixed. It
// is a courtesy: the server refuses any try after the end whatever this shows. A screen reader
// hears it at each whole minute and in the last minute, not every second.
import { useEffect, useState } from 'react';
import { formatDuration } from '../../lib/exams/scoring.ts';

export function Countdown({ endsAt }: { endsAt: string }) {
  const end = new Date(endsAt).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = now === null ? null : Math.max(0, end - now);
  const announce = left !== null && (left < 60_000 ? left % 10_000 < 1000 : left % 60_000 < 1000);
  return (
    <p className="exam-countdown" data-ends-at={endsAt} data-time-left={left ?? ''}>
      {left === null ? (
        <>Time left: …</>
      ) : left === 0 ? (
        <strong role="status">Time is up: tries are no longer accepted.</strong>
      ) : (
        <>
          Time left: <strong>{formatDuration(left)}</strong>
          <span className="visually-hidden" aria-live="polite">
            {announce ? `${formatDuration(left)} left` : ''}
          </span>
        </>
      )}
    </p>
  );
}
