import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import 'katex/dist/katex.min.css';
import { requireUser } from '../../../../lib/session.ts';
import { db } from '../../../../lib/db.ts';
import { examCodeItem, examOverview, examQuestion } from '../../../../lib/exams/take.ts';
import { exerciseView } from '../../../../lib/course.ts';
import { loadDraft } from '../../../../lib/drafts.ts';
import { runSetupOf } from '../../../../lib/run.ts';
import { Countdown } from '../../../../components/exams/Countdown.tsx';
import { QuestionForm } from '../../../../components/questions/QuestionForm.tsx';
import { Workbench } from '../../../../components/workbench/Workbench.tsx';
import { PromptAndHints } from '../../../_components/PromptAndHints.tsx';
import { answerExamAction, submitExamCodeAction } from '../../actions.ts';
import { resetDraftAction, runAction, saveDraftAction } from '../../../exercises/[module]/[slug]/actions.ts';

export const metadata: Metadata = { title: 'Exam item' };

export default async function ExamItemPage({ params }: { params: Promise<{ examId: string; position: string }> }) {
  const { examId, position: raw } = await params;
  const user = await requireUser(`/exams/${encodeURIComponent(examId)}/${encodeURIComponent(raw)}`);
  const position = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  const o = await examOverview(db(), user.id, examId);
  const item = o?.attempt?.items.find((i) => i.position === position);
  if (!o || !o.attempt || !item) notFound();
  const head = (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <Link href={`/exams/${o.id}`}>{o.title}</Link> › <span>Item {item.position} of {o.attempt.items.length}</span>
      </nav>
      <h1>{item.title}</h1>
      {/* the schedule, not the try count: this header is not re-rendered after a try, the form below says which try is next */}
      <p className="exercise-meta">
        {item.maxPoints} exam points · {o.tryPoints.length === 1 ? 'one try' : `${o.tryPoints.length} tries, worth at most ${o.tryPoints.map((w) => `${Math.round(w * 100)} %`).join(', ')}; the best counts`}
      </p>
      {o.attempt.over ? <p role="status">Your exam ended.</p> : <Countdown endsAt={o.attempt.endsAt.toISOString()} />}
    </>
  );

  if (item.kind === 'question') {
    const q = await examQuestion(db(), user.id, o.id, position);
    if (!q) notFound();
    return (
      <div className="question-page exam-item">
        {head}
        <QuestionForm questionId={q.question.id} variant={q.variant} last={q.last} closed={q.closed} againLabel={q.againLabel} answer={answerExamAction.bind(null, o.id, position)} />
      </div>
    );
  }

  const code = await examCodeItem(db(), user.id, o.id, position);
  const view = code ? await exerciseView(code.exerciseId, { prompt: true, db: db(), viewer: user }) : null;
  if (!code || !view) notFound();
  // the draft is the learner's code for this exercise in the exam's cohort, kept across reloads
  const who = { userId: user.id, cohortId: code.cohortId };
  const [draft, { visibleCases, browserRun }] = await Promise.all([loadDraft(db(), who, code.exerciseId), runSetupOf(db(), user, code.exerciseId)]);
  return (
    <Workbench
      exerciseId={code.exerciseId}
      functionName={view.functionName}
      title={view.title}
      starter={view.starter}
      initialCode={draft?.code ?? view.starter}
      declarations={view.declarations}
      visibleCases={visibleCases}
      tolerance={view.tolerance}
      browserRun={browserRun}
      run={runAction.bind(null, code.exerciseId, code.cohortId)}
      submit={submitExamCodeAction.bind(null, o.id, position)}
      saveDraft={saveDraftAction.bind(null, code.exerciseId, code.cohortId)}
      resetDraft={resetDraftAction.bind(null, code.exerciseId, code.cohortId)}
      pollUrl="/api/submissions"
      prompt={
        <>
          {head}
          {code.closed && <p role="status" data-closed>{code.closed}</p>}
          <PromptAndHints html={view.promptHtml} hints={[]} />
        </>
      }
    />
  );
}
