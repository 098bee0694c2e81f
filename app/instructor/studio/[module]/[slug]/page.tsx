import type { Metadata } from 'next';
import Link from 'next/link';
import 'katex/dist/katex.min.css';
import { db } from '../../../../../lib/db.ts';
import { isQuestionDraft, listAuthors, openStudio } from '../../../../../lib/authoring/studio.ts';
import { ActionForm } from '../../../../../components/instructor/ActionForm.tsx';
import { Studio } from '../../../../../components/studio/Studio.tsx';
import { studioDeclarations } from '../../../../../exercises/sdk-declarations.ts';
import { formatUtc } from '../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../_lib/guard.ts';
import { checkStudioAction, publishStudioAction, renderPromptAction, saveStudioAction, shareStudioAction, unshareStudioAction, uploadZipAction } from '../../actions.ts';

type Params = Promise<{ module: string; slug: string }>;

export const metadata: Metadata = { title: 'Studio' };

export default async function StudioExercisePage({ params }: { params: Params }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const user = await instructorUser(`/instructor/studio/${id}`);
  const [ex, authors] = await Promise.all([orRefuse(openStudio(db(), user, id)), orRefuse(listAuthors(db(), user, id))]);
  const question = isQuestionDraft(ex);
  return (
    <div>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/instructor/studio">Studio</Link> › <span>{id}</span>
      </nav>
      <h1>
        {id} <span className="muted">({question ? 'a question' : 'an exercise'})</span>
      </h1>
      <form action={`/instructor/studio/${id}/preview`} method="get" className="instr-form inline">
        <label>
          {question ? 'Preview the variant, answers and worked solution of seed' : 'Preview as a student with seed'} <input name="seed" type="number" min={0} defaultValue={1} />
        </label>
        <button type="submit">Preview</button>
      </form>
      <Studio
        id={id}
        files={ex.files}
        editable={ex.access === 'edit'}
        save={saveStudioAction.bind(null, id)}
        check={checkStudioAction.bind(null, id)}
        renderPrompt={renderPromptAction.bind(null, id)}
        publish={publishStudioAction.bind(null, id)}
        declarations={studioDeclarations(ex.files)}
      />
      <section aria-labelledby="authors">
        <h2 id="authors">Who may see it</h2>
        <p>Students see a published version once it is assigned to their cohort. Among instructors:</p>
        <ul>
          {authors.map((a) => (
            <li key={a.userId}>
              {a.name ?? a.email} ({a.email}): {a.role === 'owner' ? 'owner' : a.role === 'coauthor' ? 'co-author (edits and publishes)' : 'viewer (sees, duplicates, assigns)'}
              {a.role !== 'owner' && ex.access === 'edit' && (
                <ActionForm action={unshareStudioAction} submitLabel="Remove" secondary className="instr-form inline" label={`Remove ${a.email}`}>
                  <input type="hidden" name="exerciseId" value={id} />
                  <input type="hidden" name="userId" value={a.userId} />
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
        {ex.access === 'edit' && (
          <ActionForm action={shareStudioAction} submitLabel="Share" label="Share with an instructor">
            <input type="hidden" name="exerciseId" value={id} />
            <label>
              Instructor&apos;s email
              <input name="email" type="email" required maxLength={200} />
            </label>
            <label>
              As
              <select name="role" defaultValue="coauthor">
                <option value="coauthor">co-author</option>
                <option value="viewer">viewer</option>
              </select>
            </label>
          </ActionForm>
        )}
      </section>
      <section aria-labelledby="files-io">
        <h2 id="files-io">As a folder</h2>
        <p>
          <a href={`/instructor/studio/${id}/zip`} download>Download the working copy as a zip</a> (a folder <code>{id}/</code>, for git and for{' '}
          <code>npm run -s exercises:check -- --dir</code>).
        </p>
        {ex.access === 'edit' && (
          <ActionForm action={uploadZipAction} submitLabel="Upload" label="Upload a zip">
            <input type="hidden" name="exerciseId" value={id} />
            <label>
              A zip of the {question ? 'question' : 'exercise'} folder (replaces the working copy)
              <input name="zip" type="file" accept=".zip,application/zip" required />
            </label>
          </ActionForm>
        )}
      </section>
      <section aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        {ex.versions.length === 0 ? (
          <p>Not published yet. Once published, assign it to a cohort from the cohort&apos;s page like any exercise.</p>
        ) : (
          <>
            <table>
              <caption className="visually-hidden">Published versions</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Change note</th>
                  <th scope="col">Published</th>
                  <th scope="col">Diff</th>
                </tr>
              </thead>
              <tbody>
                {ex.versions.map((v) => (
                  <tr key={v.number}>
                    <th scope="row">
                      {v.number} <span className="muted">({v.version}{v.version === ex.current ? ', current' : ''})</span>
                    </th>
                    <td>{v.changeNote}</td>
                    <td>
                      {formatUtc(v.publishedAt)}
                      {v.publishedBy ? ` by ${v.publishedBy}` : ''}
                    </td>
                    <td>{v.number > 1 ? <Link href={`/instructor/studio/${id}/diff?from=${v.number - 1}&to=${v.number}`}>changes from {v.number - 1}</Link> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              After a new version, submissions graded on an older one can be <Link href="/instructor/regrade">regraded</Link>.
            </p>
          </>
        )}
      </section>
    </div>
  );
}
