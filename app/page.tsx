import Link from 'next/link';
import { currentUser } from '../lib/session.ts';
import { courseMap, type ExerciseStatus } from '../lib/course.ts';
import { db } from '../lib/db.ts';
import { JoinCohortForm } from './_components/JoinCohortForm.tsx';
import { StudentAssignments } from '../components/instructor/StudentAssignments.tsx';
import { assignmentsForStudent } from '../lib/instructor/student.ts';
import { currentSpace } from '../lib/current-space.ts';
import { examsForStudent } from '../lib/exams/take.ts';
import { StudentExams } from '../components/exams/StudentExams.tsx';

const STATUS_LABEL: Record<ExerciseStatus, string> = { not_started: 'Not started', attempted: 'Attempted', solved: 'Solved' };

function Landing() {
  return (
    <div className="landing">
      <h1>Attention Lab</h1>
      <p className="lede">
        Implement the mathematics of modern AI yourself: dot products and softmax, attention and its masks, positional
        encodings, transformer blocks, a tiny language model, the Vision Transformer and Segment Anything&apos;s prompt
        encoder. Every exercise is checked on the spot against a reference implementation, and a wrong answer tells you
        what went wrong.
      </p>
      <p className="cta">
        <Link className="button" href="/signup">
          Sign up with a join code
        </Link>{' '}
        <Link className="button secondary" href="/signin">
          Sign in
        </Link>
      </p>
    </div>
  );
}

export default async function Home() {
  const user = await currentUser();
  if (!user) return <Landing />;
  const space = await currentSpace(user.id);
  const who = { userId: user.id, cohortId: space.cohortId };
  const [map, enrolled, assignments, exams] = await Promise.all([
    courseMap(db(), who),
    db().enrollment.count({ where: { userId: user.id } }),
    assignmentsForStudent(db(), who),
    examsForStudent(db(), who),
  ]);
  const { totals } = map;
  return (
    <div className="course-map">
      <h1>Course map</h1>
      <p className="space-note" data-space={space.cohortId ?? 'practice'}>
        {space.cohortId === null ? (
          <>Your practice space: your work here is yours alone, no instructor sees it.</>
        ) : (
          <>
            Your work in <strong>{space.name}</strong>
            {space.archived ? ' (archived: it takes no more submissions)' : ''}; its instructors see it. Work in your other cohorts, or in practice, counts there and not here.
          </>
        )}
      </p>
      {enrolled === 0 && <JoinCohortForm />}
      <StudentExams items={exams} />
      <StudentAssignments items={assignments} />
      <section className="totals" aria-label="Your progress">
        <p>
          <strong>{totals.solved}</strong> of {totals.exercises} exercises solved
          {totals.attempted > 0 && <>, {totals.attempted} attempted</>}. Score{' '}
          <strong>
            {totals.score} / {totals.maxScore}
          </strong>{' '}
          ({totals.percent}%).
          {map.questionTotals.questions > 0 && (
            <>
              {' '}
              Questions: <strong>{map.questionTotals.solved}</strong> of {map.questionTotals.questions} answered right, {map.questionTotals.score} / {map.questionTotals.maxScore} points.
            </>
          )}
        </p>
        <progress max={totals.maxScore || 1} value={totals.score} aria-label="Overall score">
          {totals.percent}%
        </progress>
      </section>
      <ol className="modules">
        {map.modules.map((m) => (
          <li key={m.id} className="module">
            <h2 id={`module-${m.id}`}>
              {m.number}. {m.title}
              <span className="module-score">
                {m.solved}/{m.exercises.length} solved · {m.score}/{m.maxScore} points
              </span>
            </h2>
            <ol className="exercises" aria-labelledby={`module-${m.id}`}>
              {m.exercises.map((e) => (
                <li key={e.id} className={`exercise status-${e.status}`} data-exercise={e.id} data-status={e.status}>
                  <Link href={e.href}>{e.title}</Link>
                  <span className={`badge ${e.status}`}>{STATUS_LABEL[e.status]}</span>
                  <span className="score">{e.bestScore === null ? `${e.points} points` : `${e.bestScore} / ${e.points}`}</span>
                </li>
              ))}
            </ol>
            {m.id === 'llm' && m.exercises.length > 0 && (
              <p className="capstone-link">
                <Link href="/capstone/gpt">Capstone: generate text with TinyGPT, a model trained on this course</Link>
              </p>
            )}
            {m.id === 'vision' && m.exercises.length > 0 && (
              <p className="capstone-link">
                <Link href="/capstone/vit">Capstone: classify handwritten digits with TinyViT, a model trained on MNIST</Link>
              </p>
            )}
            {m.id === 'sam' && m.exercises.length > 0 && (
              <p className="capstone-link">
                <Link href="/capstone/sam">Capstone: segment shapes with TinySAM, a model trained on synthetic scenes</Link>
              </p>
            )}
            {m.questions.length > 0 && (
              <>
                <h3 className="questions-heading" id={`questions-${m.id}`}>
                  Questions
                </h3>
                <ol className="exercises questions" aria-labelledby={`questions-${m.id}`}>
                  {m.questions.map((q) => (
                    <li key={q.id} className={`exercise status-${q.status}`} data-question={q.id} data-question-status={q.status}>
                      <Link href={q.href}>{q.title}</Link>
                      <span className={`badge ${q.status}`}>{STATUS_LABEL[q.status]}</span>
                      <span className="score">{q.bestScore === null ? `${q.points} points` : `${q.bestScore} / ${q.points}`}</span>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
