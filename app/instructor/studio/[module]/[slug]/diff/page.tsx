import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../../lib/db.ts';
import { versionDiff } from '../../../../../../lib/authoring/studio.ts';
import { instructorUser, orRefuse, param } from '../../../../_lib/guard.ts';

type Params = Promise<{ module: string; slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: 'Changes between versions' };

export default async function DiffPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const q = await searchParams;
  const user = await instructorUser(`/instructor/studio/${id}`);
  const from = Number(param(q.from));
  const to = Number(param(q.to));
  const files = await orRefuse(versionDiff(db(), user, id, Number.isInteger(from) ? from : -1, Number.isInteger(to) ? to : -1));
  return (
    <div>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/instructor/studio">Studio</Link> › <Link href={`/instructor/studio/${id}`}>{id}</Link> › <span>versions {from} to {to}</span>
      </nav>
      <h1>
        {id}: version {from} to {to}
      </h1>
      {files.length === 0 ? (
        <p>The two versions have the same files.</p>
      ) : (
        files.map((f) => (
          <section key={f.file} aria-label={f.file}>
            <h2>{f.file}</h2>
            <pre className="diff">
              {f.patch.split('\n').slice(2).map((line, i) => (
                <span key={i} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : undefined}>
                  {line}
                  {'\n'}
                </span>
              ))}
            </pre>
          </section>
        ))
      )}
    </div>
  );
}
