import type { Metadata } from 'next';
import Link from 'next/link';
import 'katex/dist/katex.min.css';
import { db } from '../../../../../../lib/db.ts';
import { isQuestionDraft, openStudio, previewExercise, previewStudioQuestion } from '../../../../../../lib/authoring/studio.ts';
import { QuestionPreviewView } from '../../../../../../components/instructor/QuestionPreviewView.tsx';
import { authoredPromptHtml, moduleTitle } from '../../../../../../lib/course.ts';
import { exerciseDeclarations } from '../../../../../../exercises/declarations.ts';
import { DEFAULT_TOLERANCE, EXACT } from '../../../../../../engine/allclose.ts';
import { Workbench } from '../../../../../../components/workbench/Workbench.tsx';
import { PromptAndHints } from '../../../../../_components/PromptAndHints.tsx';
import { instructorUser, orRefuse, param } from '../../../../_lib/guard.ts';
import { previewRunAction, previewSaveAction, previewSubmitAction } from '../../../actions.ts';

type Params = Promise<{ module: string; slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: 'Preview' };

export default async function PreviewPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const q = await searchParams;
  const user = await instructorUser(`/instructor/studio/${id}`);
  const seedNumber = Number(param(q.seed) ?? 1);
  const seed = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 1_000_000_000 ? seedNumber : 1;
  const draft = await orRefuse(openStudio(db(), user, id));
  if (isQuestionDraft(draft)) return <QuestionDraftPreview id={id} seed={param(q.seed) ?? null} user={user} />;
  const loaded = await orRefuse(previewExercise(db(), user, id));
  if ('problems' in loaded) {
    return (
      <div>
        <h1>Preview of {id}</h1>
        <p role="alert">The working copy does not load yet: {loaded.problems[0]?.message}. Fix it in the <Link href={`/instructor/studio/${id}`}>studio</Link> (Check lists every problem).</p>
      </div>
    );
  }
  const e = loaded.exercise;
  const [promptHtml, visible] = await Promise.all([authoredPromptHtml(e), e.prepare(seed, true).catch(() => [])]);
  const prompt = (
    <>
      <p className="notice">
        Preview of the working copy of {id} as a student sees it, hidden cases from seed {seed}. Run and Submit grade here and record nothing.{' '}
        <Link href={`/instructor/studio/${id}`}>Back to the studio</Link>
      </p>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <span>Course map</span> › <span>{moduleTitle(module)}</span>
      </nav>
      <h1>{e.title}</h1>
      <p className="exercise-meta">{e.points} points</p>
      <PromptAndHints html={promptHtml} hints={e.hints} />
    </>
  );
  return (
    <Workbench
      exerciseId={id}
      functionName={e.functionName}
      title={e.title}
      starter={e.files['starter.ts'] ?? ''}
      initialCode={e.files['starter.ts'] ?? ''}
      declarations={exerciseDeclarations(e)}
      visibleCases={visible.map((c) => ({ name: c.name, args: c.args }))}
      tolerance={{ ...(e.exact ? EXACT : (e.tolerance ?? DEFAULT_TOLERANCE)) }}
      run={previewRunAction.bind(null, id, seed)}
      submit={previewSubmitAction.bind(null, id, seed)}
      saveDraft={previewSaveAction}
      resetDraft={previewSaveAction}
      pollUrl="/api/submissions"
      prompt={prompt}
    />
  );
}

/** The working copy of a question on one seed, with its answers: what Check's 50 seeds are made of. */
async function QuestionDraftPreview({ id, seed, user }: { id: string; seed: string | null; user: Parameters<typeof previewStudioQuestion>[1] }) {
  const loaded = await orRefuse(previewStudioQuestion(db(), user, id, seed));
  if ('problems' in loaded) {
    return (
      <div>
        <h1>Preview of {id}</h1>
        <p role="alert">The working copy does not load yet: {loaded.problems[0]?.message}. Fix it in the <Link href={`/instructor/studio/${id}`}>studio</Link> (Check lists every problem).</p>
      </div>
    );
  }
  return (
    <QuestionPreviewView
      preview={loaded.preview}
      breadcrumb={<><Link href="/instructor/studio">Studio</Link> / <Link href={`/instructor/studio/${id}`}>{id}</Link></>}
      note={<p className="notice">Preview of the saved working copy. Each student gets the variant of their own seed; the answers and misconceptions below are for this seed only.</p>}
    />
  );
}
