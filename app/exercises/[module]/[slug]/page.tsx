import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import 'katex/dist/katex.min.css';
import { currentUser, requireUser } from '../../../../lib/session.ts';
import { db } from '../../../../lib/db.ts';
import { loadDraft } from '../../../../lib/drafts.ts';
import { recordOpened } from '../../../../lib/progress.ts';
import { exerciseView } from '../../../../lib/course.ts';
import { visibleCasesOf } from '../../../../lib/run.ts';
import { Workbench } from '../../../../components/workbench/Workbench.tsx';
import { runAction, submitAction, saveDraftAction, resetDraftAction } from './actions.ts';

type Params = Promise<{ module: string; slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { module, slug } = await params;
  const user = await currentUser();
  const view = user ? await exerciseView(`${module}/${slug}`, { prompt: false, db: db(), viewer: user }) : null;
  return { title: view?.title ?? 'Exercise' };
}

export default async function ExercisePage({ params }: { params: Params }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const user = await requireUser(`/exercises/${id}`);
  const view = await exerciseView(id, { prompt: true, db: db(), viewer: user });
  if (!view) notFound();
  const [draft, visibleCases] = await Promise.all([loadDraft(db(), user.id, id), visibleCasesOf(db(), user, id), recordOpened(db(), user.id, id, view.points)]);

  const prompt = (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course map</Link> › <span>{view.moduleTitle}</span>
      </nav>
      <h1>{view.title}</h1>
      <p className="exercise-meta">
        {view.points} points · <Link href={`/exercises/${id}/history`}>Your submissions</Link>
      </p>
      {/* Rendered on the server: our own prompt.md, or an instructor's with raw HTML dropped (lib/course.ts). */}
      <article className="prompt" dangerouslySetInnerHTML={{ __html: view.promptHtml }} />
      {view.hints.length > 0 && (
        <details className="hints">
          <summary>Hints</summary>
          <ol>
            {view.hints.map((h, i) => (
              <li key={i}>{h}</li>
            ))}
          </ol>
        </details>
      )}
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
      run={runAction.bind(null, id)}
      submit={submitAction.bind(null, id)}
      saveDraft={saveDraftAction.bind(null, id)}
      resetDraft={resetDraftAction.bind(null, id)}
      pollUrl="/api/submissions"
      prompt={prompt}
    />
  );
}
