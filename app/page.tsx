import { db } from '../lib/db.ts';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const exercises = await db().exercise.findMany({ orderBy: [{ moduleOrder: 'asc' }, { order: 'asc' }] });
  return (
    <main>
      <h1>Attention Lab</h1>
      <p>{exercises.length} exercises</p>
      <ul>
        {exercises.map((e) => (
          <li key={e.id}>{e.title}</li>
        ))}
      </ul>
    </main>
  );
}
