// A question as staff preview it (the bank's, a published authored one, or the studio's working
// copy): one seed's variant with its parameters and right answers, each misconception's wrong
// answer on that variant, and the worked solution. A server component; nothing here is recorded.
import type { ReactNode } from 'react';
import type { QuestionPreview } from '../../lib/instructor/question-preview.ts';

/** A question: any seed's variant with the answers, the misconceptions' wrong answers, the worked solution. */
export function QuestionPreviewView({ preview: p, breadcrumb, note }: { preview: QuestionPreview; breadcrumb: ReactNode; note?: ReactNode }) {
  return (
    <div data-question-preview={p.id}>
      <p className="breadcrumb">
        {breadcrumb} / {p.title}
      </p>
      {note}
      {p.problem && (
        <p role="alert" className="form-error">
          The variant of this seed cannot be made: {p.problem}
        </p>
      )}
      <h1>{p.title}</h1>
      <p className="exercise-meta">
        {p.id}: a question, {p.points} points. Version <code>{p.version}</code>. Each student gets the variant of their own seed.
      </p>
      <form method="get" className="instr-form" aria-label="Preview another seed">
        <label>
          Seed
          <input name="seed" defaultValue={p.seed} maxLength={100} />
        </label>
        <button type="submit">Show this variant</button>
      </form>
      <section aria-labelledby="params-h">
        <h2 id="params-h">Parameters</h2>
        <pre className="code">
          <code>{JSON.stringify(p.params, null, 2)}</code>
        </pre>
      </section>
      <section aria-labelledby="prompt-h">
        <h2 id="prompt-h">Prompt</h2>
        <div className="prompt" dangerouslySetInnerHTML={{ __html: p.variant.promptHtml }} />
      </section>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h">Parts and answers</h2>
        <table className="data">
          <caption className="visually-hidden">Parts and their right answers</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">Kind</th>
              <th scope="col">Points</th>
              <th scope="col">Compared</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {p.variant.parts.map((part) => (
              <tr key={part.name} data-part={part.name}>
                <th scope="row">
                  <code>{part.name}</code>: <span dangerouslySetInnerHTML={{ __html: part.labelHtml }} />
                </th>
                <td>{part.kind}</td>
                <td>{part.points}</td>
                <td>{part.note}</td>
                <td>
                  <code data-answer>{p.answers.find((a) => a.part === part.name)?.answer}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="mis-h">
        <h2 id="mis-h">Misconceptions</h2>
        {p.misconceptions.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {p.misconceptions.map((m) => (
              <li key={m.id}>
                <strong>{m.title}</strong> (part <code>{m.part}</code>; on this variant: <code>{m.wrong}</code>): {m.hint}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="worked-h">
        <h2 id="worked-h">Worked solution</h2>
        <div className="prompt" dangerouslySetInnerHTML={{ __html: p.workedHtml }} />
      </section>
    </div>
  );
}
