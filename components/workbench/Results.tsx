'use client';
// The verdict, as the grader wrote it: a score line, then one card per case. The misconception
// callout comes first in a failing card: naming the classic mistake is what teaches.
import type { CaseVerdict, Verdict } from '../../grader/verdict.ts';
import { caseLocation, compactText, formatError, formatNumber, gridPairs, KIND_LABEL, shapeOf } from './format.ts';
import { HeatmapTriple, type Tolerance } from './Heatmap.tsx';
import styles from './workbench.module.css';

export function summaryLine(verdict: Verdict, source: 'run' | 'submit'): string {
  const passed = verdict.cases.filter((c) => c.passed).length;
  const total = verdict.cases.length;
  if (verdict.status === 'compile_error') return `Your code does not compile${verdict.compileError ? ` (line ${verdict.compileError.line})` : ''}.`;
  if (verdict.status === 'error') return 'The grader failed on this attempt; this is not your code\'s fault.';
  if (source === 'run') return `${passed} of ${total} visible case${total === 1 ? '' : 's'} passed.`;
  if (verdict.withheld) return `${verdict.withheld} ${passed} of ${total} visible case${total === 1 ? '' : 's'} passed.`;
  return `Score ${formatNumber(verdict.score)} / ${formatNumber(verdict.maxScore)}: ${passed} of ${total} cases passed.`;
}

function Worst({ c }: { c: CaseVerdict }) {
  const w = c.worst;
  if (!w) return null;
  return (
    <table className={styles.worst}>
      <caption>Worst element: <code>{w.path}</code></caption>
      <tbody>
        <tr><th scope="row">expected</th><td><code>{formatNumber(w.expected, 8)}</code></td></tr>
        <tr><th scope="row">got</th><td><code>{formatNumber(w.actual, 8)}</code></td></tr>
        <tr><th scope="row">abs. error</th><td><code>{formatError(w.absError)}</code></td></tr>
        <tr><th scope="row">rel. error</th><td><code>{w.relError === null ? 'n/a (expected 0)' : formatError(w.relError)}</code></td></tr>
      </tbody>
    </table>
  );
}

export function Misconception({ m }: { m: NonNullable<CaseVerdict['misconception']> }) {
  return (
    <div className={styles.misconception} role="note" aria-label="Likely mistake">
      <p className={styles.misconceptionTitle}>
        <svg className={styles.bulb} viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 2a7 7 0 0 0-4 12.74V17a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1v-2.26A7 7 0 0 0 12 2Zm-3 18a1 1 0 0 0 1 1h4a1 1 0 0 0 1-1v-1H9v1Z" />
        </svg>
        <span>Likely mistake: {m.title}</span>
      </p>
      <p>{m.hint}</p>
    </div>
  );
}

/** The learner's output beside the expected one: numbers as text plus heatmaps for matrices. */
export function OutputComparison({ expected, actual, hasActual, tolerance, expectedLabel = 'Expected', actualLabel = 'Yours' }: {
  expected: unknown;
  actual: unknown;
  hasActual: boolean;
  tolerance?: Tolerance;
  expectedLabel?: string;
  actualLabel?: string;
}) {
  const pairs = gridPairs(expected, hasActual ? actual : undefined);
  return (
    <>
      {pairs.map((p) => <HeatmapTriple key={p.path} pair={p} tolerance={tolerance} expectedLabel={expectedLabel} actualLabel={actualLabel} />)}
      <div className={styles.sideBySide}>
        <div>
          <h4>{expectedLabel} <span className={styles.shape}>{shapeOf(expected)}</span></h4>
          <pre className={styles.data}>{compactText(expected)}</pre>
        </div>
        <div>
          <h4>{actualLabel} <span className={styles.shape}>{hasActual ? shapeOf(actual) : ''}</span></h4>
          <pre className={styles.data}>{hasActual ? compactText(actual) : '(no value)'}</pre>
        </div>
      </div>
    </>
  );
}

function CaseCard({ c, argNames, tolerance, onGoTo }: { c: CaseVerdict; argNames?: string[]; tolerance?: Tolerance; onGoTo?: (line: number, column: number) => void }) {
  const loc = c.passed || !c.visible ? null : caseLocation(c);
  return (
    <li className={`${styles.case} ${c.passed ? styles.casePassed : styles.caseFailed}`} data-case={c.name} data-passed={c.passed}>
      <div className={styles.caseHead}>
        <span className={styles.caseIcon} aria-hidden="true">{c.passed ? '✓' : '✗'}</span>
        <h3 className={styles.caseName}>{c.visible ? c.name : `${c.name} (hidden)`}</h3>
        <span className={styles.srOnly}>{c.passed ? 'passed' : 'failed'}</span>
        {!c.passed && <span className={styles.kind}>{KIND_LABEL[c.kind] ?? c.kind}</span>}
        <span className={styles.points}>{formatNumber(c.points)} pt{c.points === 1 ? '' : 's'}</span>
      </div>
      {!c.passed && c.misconception && (
        <p className={styles.caseMisconception}>Likely mistake: <strong>{c.misconception.title}</strong></p>
      )}
      {!c.passed && (
        <p className={styles.message}>
          {c.message}
          {loc && onGoTo && (
            <> <button type="button" className={styles.linkButton} onClick={() => onGoTo(loc.line, loc.column)}>Go to line {loc.line}</button></>
          )}
        </p>
      )}
      {!c.passed && <Worst c={c} />}
      {c.visible && !c.passed && 'expected' in c && (
        <details className={styles.details} open>
          <summary>Expected and your output</summary>
          <OutputComparison expected={c.expected} actual={c.actual} hasActual={'actual' in c} tolerance={tolerance} />
        </details>
      )}
      {c.visible && c.input && (
        <details className={styles.details}>
          <summary>Inputs</summary>
          {c.input.map((arg, i) => (
            <div key={i} className={styles.input}>
              <h4>{argNames?.[i] ?? `argument ${i + 1}`} <span className={styles.shape}>{shapeOf(arg)}</span></h4>
              <pre className={styles.data}>{compactText(arg)}</pre>
            </div>
          ))}
        </details>
      )}
      {!c.visible && !c.passed && <p className={styles.hiddenNote}>Hidden case: its inputs stay hidden. Use the message and hint above, and try your own inputs in the scratch case.</p>}
    </li>
  );
}

export function VerdictView({ verdict, source, argNames, tolerance, onGoTo }: {
  verdict: Verdict;
  source: 'run' | 'submit';
  argNames?: string[];
  tolerance?: Tolerance;
  onGoTo?: (line: number, column: number) => void;
}) {
  const passed = verdict.cases.filter((c) => c.passed).length;
  const total = verdict.cases.length;
  const pct = verdict.maxScore > 0 ? Math.round((100 * verdict.score) / verdict.maxScore) : 0;
  // the named mistakes lead the verdict, once each, however many cases they explain
  const mistakes = [...new Map(verdict.cases.filter((c) => !c.passed && c.misconception).map((c) => [c.misconception!.id, c.misconception!])).values()];
  return (
    <div className={styles.verdict} data-status={verdict.status}>
      <div className={`${styles.summary} ${styles[`summary_${verdict.status}`] ?? ''}`}>
        <p className={styles.summaryLine}>
          <strong>{source === 'run' ? 'Run' : 'Submission'}:</strong> {summaryLine(verdict, source)}
          {source === 'run' && verdict.status !== 'compile_error' && <span className={styles.muted}> Not counted; Submit to be graded on all cases.</span>}
        </p>
        {source === 'submit' && verdict.status === 'passed' && !verdict.withheld && (
          <p className={styles.solved}>Full marks: exercise solved. <a href="/">Back to the course map</a></p>
        )}
        {source === 'submit' && verdict.status !== 'compile_error' && !verdict.withheld && (
          <div className={styles.scoreBar} role="meter" aria-valuemin={0} aria-valuemax={verdict.maxScore} aria-valuenow={verdict.score}
            aria-label={`Score ${verdict.score} of ${verdict.maxScore}`}>
            <span style={{ width: `${pct}%` }} />
          </div>
        )}
        {total > 0 && verdict.status !== 'compile_error' && (
          <p className={styles.muted}>{passed}/{total} passed · {formatNumber(verdict.wallMs, 3)} ms</p>
        )}
      </div>
      {mistakes.map((m) => <Misconception key={m.id} m={m} />)}
      {verdict.compileError && (
        <div className={styles.compileError} role="group" aria-label="Compile error">
          <p>
            <strong>Line {verdict.compileError.line}, column {verdict.compileError.column}:</strong> {verdict.compileError.message}
          </p>
          {onGoTo && <button type="button" className={styles.linkButton} onClick={() => onGoTo(verdict.compileError!.line, verdict.compileError!.column)}>Go to line {verdict.compileError.line}</button>}
        </div>
      )}
      {verdict.status === 'error' && verdict.error && <p className={styles.errorBox}>{verdict.error}</p>}
      {total > 0 && (
        <ol className={styles.cases} aria-label="Cases">
          {verdict.cases.map((c, i) => <CaseCard key={`${i}-${c.name}`} c={c} argNames={argNames} tolerance={tolerance} onGoTo={onGoTo} />)}
        </ol>
      )}
      {verdict.console && (
        <details className={styles.details} open>
          <summary>Console output</summary>
          <pre className={styles.console}>{verdict.console}</pre>
        </details>
      )}
    </div>
  );
}
