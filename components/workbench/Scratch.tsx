'use client';
// The scratch case: a visible case's inputs as editable JSON. Run then also calls the learner's
// function and the reference on them and shows the two outputs side by side.
import { useId } from 'react';
import { editableJson, parseArgs } from './format.ts';
import { Misconception, OutputComparison } from './Results.tsx';
import type { Tolerance } from './Heatmap.tsx';
import type { ScratchOutput, VisibleCase } from './types.ts';
import styles from './workbench.module.css';

export interface ScratchState {
  enabled: boolean;
  caseIndex: number;
  text: string;
}

export function initialScratch(cases: VisibleCase[]): ScratchState {
  return { enabled: false, caseIndex: 0, text: cases.length ? editableJson(cases[0].args) : '[]' };
}

export function Scratch({ cases, argNames, state, onChange, onRun, busy, output, tolerance }: {
  cases: VisibleCase[];
  argNames: string[];
  state: ScratchState;
  onChange: (s: ScratchState) => void;
  onRun: () => void;
  busy: boolean;
  output: ScratchOutput | null;
  tolerance?: Tolerance;
}) {
  const id = useId();
  const expectedArgs = Math.max(argNames.length, cases[state.caseIndex]?.args.length ?? 0);
  const parsed = parseArgs(state.text, expectedArgs);
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  if (cases.length === 0) return null;
  return (
    <div className={styles.scratch}>
      <p id={helpId} className={styles.muted}>
        Start from a visible case, edit its inputs (a JSON array of the arguments{argNames.length ? `: ${argNames.join(', ')}` : ''}),
        and Run shows your output beside the reference&apos;s.
      </p>
      <div className={styles.scratchControls}>
        <label className={styles.field}>
          <span>Start from</span>
          <select value={state.caseIndex} onChange={(e) => {
            const i = Number(e.target.value);
            onChange({ ...state, caseIndex: i, text: editableJson(cases[i].args) });
          }}>
            {cases.map((c, i) => <option key={i} value={i}>{c.name}</option>)}
          </select>
        </label>
        <button type="button" className={styles.secondary} onClick={() => onChange({ ...state, text: editableJson(cases[state.caseIndex].args) })}>
          Restore inputs
        </button>
        <label className={styles.checkbox}>
          <input type="checkbox" checked={state.enabled} onChange={(e) => onChange({ ...state, enabled: e.target.checked })} />
          <span>Include in Run</span>
        </label>
      </div>
      <label className={styles.field}>
        <span>Inputs (JSON)</span>
        <textarea
          className={styles.jsonInput}
          value={state.text}
          spellCheck={false}
          rows={Math.min(14, Math.max(4, state.text.split('\n').length))}
          aria-invalid={!parsed.ok}
          aria-describedby={parsed.ok ? helpId : `${errorId} ${helpId}`}
          onChange={(e) => onChange({ ...state, text: e.target.value, enabled: true })}
        />
      </label>
      {!parsed.ok && <p id={errorId} className={styles.fieldError} role="alert">Invalid inputs: {parsed.message}</p>}
      <div className={styles.scratchControls}>
        <button type="button" className={styles.secondary} onClick={onRun} aria-disabled={busy || !parsed.ok}
          title="Run the visible cases and this scratch case">
          Run with scratch case
        </button>
      </div>
      {output && (
        <section className={styles.scratchOutput} aria-label="Scratch case result">
          {output.referenceError && <p className={styles.errorBox}>The reference rejects these inputs: {output.referenceError}</p>}
          {output.verdict && (
            <p className={output.verdict.passed ? styles.okText : styles.failText}>
              {output.verdict.passed ? '✓ Your output matches the reference.' : `✗ ${output.verdict.message}`}
            </p>
          )}
          {output.verdict?.misconception && !output.verdict.passed && <Misconception m={output.verdict.misconception} />}
          {!output.referenceError && (
            <OutputComparison expected={output.expected} actual={output.actual} hasActual={'actual' in output}
              tolerance={tolerance} expectedLabel="Reference" actualLabel="Yours" />
          )}
          {output.console && (
            <details className={styles.details} open>
              <summary>Console output (scratch case)</summary>
              <pre className={styles.console}>{output.console}</pre>
            </details>
          )}
        </section>
      )}
    </div>
  );
}
