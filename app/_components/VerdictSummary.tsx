// A stored verdict as a table, for submission pages (the live, richer view is the workbench's).
// Every string here may come from learner code (thrown messages, console): React escapes it.
import type { Verdict } from '../../lib/submissions.ts';
import { VerdictErrors } from '../../components/VerdictErrors.tsx';

export function VerdictSummary({ verdict }: { verdict: Verdict }) {
  return (
    <section aria-labelledby="verdict-h" className="verdict-summary">
      <h2 id="verdict-h">Verdict</h2>
      <VerdictErrors verdict={verdict} />
      {verdict.cases.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Result</th>
              <th scope="col">Points</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {verdict.cases.map((c, i) => (
              <tr key={i} className={c.passed ? 'pass' : 'fail'}>
                <th scope="row">
                  {c.name}
                  {!c.visible && <span className="muted"> (hidden)</span>}
                </th>
                <td>{c.passed ? 'Passed' : 'Failed'}</td>
                <td>{Math.round(c.points * 100) / 100}</td>
                <td>
                  {c.message}
                  {c.misconception && (
                    <p className="hint">
                      <strong>{c.misconception.title}.</strong> {c.misconception.hint}
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {verdict.console && (
        <details>
          <summary>Console output</summary>
          <pre className="code">{verdict.console}</pre>
        </details>
      )}
    </section>
  );
}
