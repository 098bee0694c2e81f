import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import 'katex/dist/katex.min.css';
import { currentUser, requireUser } from '../../../../lib/session.ts';
import { db } from '../../../../lib/db.ts';
import { loadDraft } from '../../../../lib/drafts.ts';
import { recordOpened } from '../../../../lib/progress.ts';
import { exerciseView, moduleTitle } from '../../../../lib/course.ts';
import { runSetupOf } from '../../../../lib/run.ts';
import { currentSpace } from '../../../../lib/current-space.ts';
import { spaceKey } from '../../../../lib/scope.ts';
import { Workbench } from '../../../../components/workbench/Workbench.tsx';
import { PromptAndHints } from '../../../_components/PromptAndHints.tsx';
import { QuestionForm } from '../../../../components/questions/QuestionForm.tsx';
import { getExercise } from '../../../../exercises/catalog.ts';
import { questionItem } from '../../../../lib/question-items.ts';
import { questionPage, type QuestionPage as QuestionPageData } from '../../../../lib/questions.ts';
import { examInProgressWith, inExamMessage } from '../../../../lib/exams/in-progress.ts';
import type { Space } from '../../../../lib/scope.ts';
import { runAction, submitAction, saveDraftAction, resetDraftAction, answerAction } from './actions.ts';

type Params = Promise<{ module: string; slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { module, slug } = await params;
  const user = await currentUser();
  const question = user && !getExercise(`${module}/${slug}`) ? await questionItem(db(), `${module}/${slug}`, { viewer: user }) : null;
  if (question) return { title: question.title };
  const view = user ? await exerciseView(`${module}/${slug}`, { prompt: false, db: db(), viewer: user }) : null;
  return { title: view?.title ?? 'Exercise' };
}

export default async function ExercisePage({ params }: { params: Params }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const user = await requireUser(`/exercises/${id}`);
  // The page works in the learner's current space, and its actions are bound to it: a switch in
  // another tab does not send this page's submissions elsewhere (the actions check it again).
  const space = await currentSpace(user.id);
  const who = { userId: user.id, cohortId: space.cohortId };
  const question = getExercise(id) ? null : await questionPage(db(), who, id, user);
  if (question) return <QuestionPage page={question} space={space} userId={user.id} />;
  const [view, exam] = await Promise.all([exerciseView(id, { prompt: true, db: db(), viewer: user }), examInProgressWith(db(), user.id, id)]);
  if (!view) notFound();
  if (exam) {
    return (
      <div>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/">Course map</Link> › <span>{view.moduleTitle}</span>
        </nav>
        <h1>{view.title}</h1>
        <p className="notice" role="status">
          {inExamMessage(exam, 'exercise')} Your exams are on the <Link href="/">course map</Link>.
        </p>
      </div>
    );
  }
  const key = spaceKey(space);
  const [draft, { visibleCases, browserRun }] = await Promise.all([loadDraft(db(), who, id), runSetupOf(db(), user, id), recordOpened(db(), who, id, view.points)]);

  const prompt = (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <span>{view.moduleTitle}</span>
      </nav>
      <h1>{view.title}</h1>
      <p className="exercise-meta">
        {view.points} points · <Link href={`/exercises/${id}/history`}>Your submissions</Link> · {space.cohortId === null ? 'practice' : space.name}
      </p>
      <PromptAndHints html={view.promptHtml} hints={view.hints} />
    </>
  );

  return (
    <Workbench
      exerciseId={id}
      functionName={view.functionName}
      title={view.title}
      starter={view.starter}
      initialCode={draft?.code ?? view.starter}
      declarations={view.declarations}
      visibleCases={visibleCases}
      tolerance={view.tolerance}
      browserRun={browserRun}
      run={runAction.bind(null, id, key)}
      submit={submitAction.bind(null, id, key)}
      saveDraft={saveDraftAction.bind(null, id, key)}
      resetDraft={resetDraftAction.bind(null, id, key)}
      pollUrl="/api/submissions"
      prompt={prompt}
    />
  );
}

/** A question (of the bank, or authored): its variant for this learner in their current space, answered in place. */
async function QuestionPage({ page, space, userId }: { page: QuestionPageData; space: Space; userId: string }) {
  const question = page.question;
  await recordOpened(db(), { userId, cohortId: space.cohortId }, question.id, question.points);
  return (
    <div className="question-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <span>{moduleTitle(question.module)}</span> › <span>Questions</span>
      </nav>
      <h1>{question.title}</h1>
      <p className="exercise-meta">
        {question.points} points · <Link href={`/exercises/${question.id}/history`}>Your answers</Link> · {space.cohortId === null ? 'practice' : space.name}
      </p>
      <QuestionForm questionId={question.id} variant={page.variant} last={page.last} closed={page.closed} answer={answerAction.bind(null, question.id, spaceKey(space))} />
    </div>
  );
}
