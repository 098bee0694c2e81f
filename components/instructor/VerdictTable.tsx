// A stored or fresh verdict for instructors: every case with its result, failure kind, message and
// matched misconception; with the case's inputs and expected output when they are known (visible
// cases carry them; for hidden cases the instructor pages pass the regenerated cases beside it).
// Every string may come from learner code: React escapes it.
import { asVerdict } from '../../grader/verdict.ts';
import { formatValue } from './format.ts';
import { VerdictErrors } from '../VerdictErrors.tsx';

export interface CaseData {
  name: string;
  visible: boolean;
  args: unknown[];
  expected: unknown;
}

export function VerdictTable({ verdict, cases, caption }: { verdict: unknown; cases?: CaseData[]; caption?: string }) {
  const v = asVerdict(verdict);
  if (!v) {
    const err = verdict && typeof verdict === 'object' ? (verdict as { error?: unknown }).error : undefined;
    return <p className="muted">{typeof err === 'string' ? `Not graded: ${err}` : 'No verdict.'}</p>;
  }
  const passed = v.cases.filter((c) => c.passed).length;
  return (
    <div className="instr-verdict">
      <p>
        <strong>{v.status.replace('_', ' ')}</strong>: {v.score} / {v.maxScore} points, {passed} of {v.cases.length} cases passed
        {v.exerciseVersion ? <span className="muted"> (version {v.exerciseVersion})</span> : null}
      </p>
      <VerdictErrors verdict={v} />
      {v.cases.length > 0 && (
        <table>
          {caption && <caption>{caption}</caption>}
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Result</th>
              <th scope="col">Kind</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {v.cases.map((c, i) => {
              const data = cases?.[i] && cases[i].name === c.name ? cases[i] : undefined;
              const input = c.input ?? data?.args;
              const expected = c.expected !== undefined ? c.expected : data?.expected;
              return (
                <tr key={i} className={c.passed ? 'pass' : 'fail'}>
                  <th scope="row">
                    {c.name}
                    {!c.visible && <span className="muted"> (hidden)</span>}
                  </th>
                  <td>{c.passed ? 'Passed' : 'Failed'}</td>
                  <td>{c.kind}</td>
                  <td>
                    {c.message}
                    {c.misconception && (
                      <p className="hint">
                        <strong>{c.misconception.title}</strong> ({c.misconception.id}). {c.misconception.hint}
                      </p>
                    )}
                    {(input !== undefined || expected !== undefined) && (
                      <details>
                        <summary>Inputs and expected output</summary>
                        {input !== undefined && <pre className="code" tabIndex={0}>{formatValue(input)}</pre>}
                        {expected !== undefined && <pre className="code" tabIndex={0}>expected: {formatValue(expected)}</pre>}
                        {c.actual !== undefined && <pre className="code" tabIndex={0}>actual: {formatValue(c.actual)}</pre>}
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {v.console && (
        <details>
          <summary>Console output</summary>
          <pre className="code" tabIndex={0}>{v.console}</pre>
        </details>
      )}
    </div>
  );
}
