// An exercise's prompt and its hints, as the exercise page and the studio's preview both show them.
// The HTML is rendered on the server: our own prompt.md, or an instructor's with raw HTML dropped
// and figures drawn by our renderer (lib/course.ts).
export function PromptAndHints({ html, hints }: { html: string; hints: readonly string[] }) {
  return (
    <>
      <article className="prompt" dangerouslySetInnerHTML={{ __html: html }} />
      {hints.length > 0 && (
        <details className="hints">
          <summary>Hints</summary>
          <ol>
            {hints.map((h, i) => (
              <li key={i}>{h}</li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
