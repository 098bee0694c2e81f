'use client';
// The client side of the exercise page: editor, Run / Submit, draft saving, results, scratch case.
// Every server interaction goes through the actions in the props; the learner's code is never lost
// on an error, because it lives in the editor and nothing here replaces it except Reset.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Verdict } from '../../grader/verdict.ts';
import { CodeEditor, type EditorHandle, type EditorMarker } from './CodeEditor.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { caseLocation, parameterNames, parseArgs } from './format.ts';
import { waitForVerdict } from './verdict-stream.ts';
import { summaryLine, VerdictView } from './Results.tsx';
import { initialScratch, Scratch, type ScratchState } from './Scratch.tsx';
import type { ActionError, ScratchOutput, WorkbenchProps } from './types.ts';
import { useRun } from './useRun.ts';
import styles from './workbench.module.css';

const SAVE_DEBOUNCE_MS = 800;
const SAVE_RETRY_MS = 5000;

type SaveState = 'clean' | 'unsaved' | 'saving' | 'saved' | 'error';
type Activity =
  | { kind: 'idle' }
  | { kind: 'run' }
  | { kind: 'submit'; phase: 'sending' | 'queued' | 'running' };

interface Outcome {
  source: 'run' | 'submit';
  verdict: Verdict;
  seq: number;
}

function isActionError(x: unknown): x is ActionError {
  return typeof x === 'object' && x !== null && 'error' in x && typeof (x as ActionError).error === 'string';
}

/** The server words its refusals for the learner (rate limits say when to retry); add what they need to know here. */
function describeActionError(e: ActionError): string {
  if (e.kind === 'auth') return `${e.error} Sign in again in another tab, then retry: your code is still in the editor.`;
  return e.error;
}

function networkMessage(err: unknown, what: string): string {
  const detail = err instanceof Error ? err.message : String(err);
  return `Could not ${what}: the server did not answer (${detail}). Your code is still in the editor; try again.`;
}

/** Grader markers: the compile error, and the line each visible case threw on. */
function markersFor(v: Verdict): EditorMarker[] {
  const out: EditorMarker[] = [];
  if (v.compileError) out.push({ line: v.compileError.line, column: v.compileError.column, message: v.compileError.message });
  for (const c of v.cases) {
    if (c.passed || !c.visible) continue;
    const loc = caseLocation(c);
    if (loc && !out.some((m) => m.line === loc.line)) out.push({ ...loc, message: `${c.name}: ${c.message}` });
  }
  return out;
}

function useIsMac(): boolean {
  const [mac, setMac] = useState(false);
  useEffect(() => setMac(/Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)), []);
  return mac;
}

export function Workbench(props: WorkbenchProps) {
  const { exerciseId, functionName, title, starter, initialCode, declarations, visibleCases, pollUrl, prompt, tolerance } = props;
  const id = useId();
  const isMac = useIsMac();
  const mod = isMac ? '⌘' : 'Ctrl';

  const editor = useRef<EditorHandle | null>(null);
  const code = useRef(initialCode);
  const [activity, setActivity] = useState<Activity>({ kind: 'idle' });
  const busy = useRef(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const seq = useRef(0);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [scratch, setScratch] = useState<ScratchState>(() => initialScratch(visibleCases));
  const [scratchOutput, setScratchOutput] = useState<ScratchOutput | null>(null);
  const [scratchNote, setScratchNote] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const runButton = useRef<HTMLButtonElement>(null);
  const pollAbort = useRef<AbortController | null>(null);
  const argNames = useMemo(() => parameterNames(starter, functionName), [starter, functionName]);

  // the actions change identity on every server render; handlers read the latest through refs
  const actions = useRef(props);
  actions.current = props;
  // Run in the browser when it can (no request), else the server's Run action
  const serverRun = useCallback(() => actions.current.run, []);
  const { run: runCode, mode: runMode } = useRun(props.browserRun, serverRun);

  // ---- drafts -------------------------------------------------------------------------------
  const [saveState, setSaveState] = useState<SaveState>('clean');
  const [saveProblem, setSaveProblem] = useState('');
  const lastSaved = useRef(initialCode);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saving = useRef<Promise<void> | null>(null);
  const suppressSave = useRef(false);

  const flushSave = useCallback(async (): Promise<void> => {
    clearTimeout(saveTimer.current);
    if (saving.current) await saving.current; // one save at a time, in order
    const text = code.current;
    if (text === lastSaved.current) {
      setSaveState((s) => (s === 'clean' ? s : 'saved'));
      return;
    }
    setSaveState('saving');
    const attempt = (async () => {
      try {
        const r = await actions.current.saveDraft(text);
        if (isActionError(r)) {
          setSaveProblem(r.error);
          setSaveState('error');
          // a refused draft (too large) stays refused until the learner changes it; anything else may pass later
          if (r.kind !== 'validation') saveTimer.current = setTimeout(() => void flushSave(), SAVE_RETRY_MS);
          return;
        }
        lastSaved.current = text;
        setSaveState(code.current === text ? 'saved' : 'unsaved');
      } catch {
        setSaveProblem('the server did not answer; retrying');
        setSaveState('error');
        saveTimer.current = setTimeout(() => void flushSave(), SAVE_RETRY_MS);
      }
    })();
    saving.current = attempt;
    await attempt;
    saving.current = null;
    if (code.current !== lastSaved.current && !saveTimer.current) saveTimer.current = setTimeout(() => void flushSave(), SAVE_DEBOUNCE_MS);
  }, []);

  const onCodeChange = useCallback((text: string) => {
    code.current = text;
    if (suppressSave.current) return;
    setSaveState('unsaved');
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      saveTimer.current = undefined;
      void flushSave();
    }, SAVE_DEBOUNCE_MS);
  }, [flushSave]);

  useEffect(() => {
    const onHide = () => { if (document.visibilityState === 'hidden' && code.current !== lastSaved.current) void flushSave(); };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (code.current !== lastSaved.current) e.preventDefault(); // unsaved work: let the browser ask
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onUnload);
      clearTimeout(saveTimer.current);
      pollAbort.current?.abort();
    };
  }, [flushSave]);

  // ---- results ------------------------------------------------------------------------------
  const resultsRef = useRef<HTMLElement>(null);
  const show = useCallback((source: 'run' | 'submit', verdict: Verdict) => {
    seq.current += 1;
    setOutcome({ source, verdict, seq: seq.current });
    // bring the summary into view when it is below the fold, without moving focus from the editor
    requestAnimationFrame(() => resultsRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
    editor.current?.setMarkers(markersFor(verdict));
    const hint = verdict.cases.find((c) => !c.passed && c.misconception)?.misconception;
    setAnnouncement(`${source === 'run' ? 'Run' : 'Submission'} finished. ${summaryLine(verdict, source)}${hint ? ` Hint: ${hint.title}.` : ''}`);
  }, []);

  const currentCode = () => editor.current?.getValue() ?? code.current;

  const run = useCallback(async (requireScratch = false) => {
    if (busy.current) return;
    let scratchArgs: unknown[] | undefined;
    setScratchNote(null);
    if (scratch.enabled || requireScratch) {
      const expected = Math.max(argNames.length, visibleCases[scratch.caseIndex]?.args.length ?? 0);
      const parsed = parseArgs(scratch.text, expected);
      if (parsed.ok) scratchArgs = parsed.args;
      else if (requireScratch) {
        setError(`The scratch inputs are not valid: ${parsed.message}`);
        return;
      } else setScratchNote(`Scratch case skipped: ${parsed.message}`);
    }
    busy.current = true;
    setError(null);
    setActivity({ kind: 'run' });
    setAnnouncement('Running the visible cases…');
    try {
      const r = await runCode(currentCode(), scratchArgs);
      if (isActionError(r)) {
        setError(describeActionError(r));
        setAnnouncement(`Run failed: ${r.error}`);
      } else {
        show('run', r.verdict);
        setScratchOutput(r.scratch ?? null);
      }
    } catch (err) {
      setError(networkMessage(err, 'run your code'));
      setAnnouncement('Run failed: the server did not answer.');
    } finally {
      busy.current = false;
      setActivity({ kind: 'idle' });
    }
  }, [scratch, argNames.length, visibleCases, show, runCode]);

  const submit = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    setActivity({ kind: 'submit', phase: 'sending' });
    setAnnouncement('Submitting…');
    try {
      const r = await actions.current.submit(currentCode());
      if (isActionError(r)) {
        setError(describeActionError(r));
        setAnnouncement(`Submission refused: ${r.error}`);
        return;
      }
      if ('verdict' in r) {
        show('submit', r.verdict);
        return;
      }
      setActivity({ kind: 'submit', phase: 'queued' });
      pollAbort.current?.abort();
      const abort = new AbortController();
      pollAbort.current = abort;
      const result = await waitForVerdict({
        url: `${pollUrl.replace(/\/$/, '')}/${encodeURIComponent(r.submissionId)}`,
        signal: abort.signal,
        onStatus: (s) => {
          if (s === 'queued' || s === 'running') setActivity({ kind: 'submit', phase: s });
        },
      });
      if (result.kind === 'graded') show('submit', result.verdict);
      else if (result.kind === 'failed') {
        setError(result.message);
        setAnnouncement(result.message);
      }
    } catch (err) {
      setError(networkMessage(err, 'submit'));
      setAnnouncement('Submission failed: the server did not answer.');
    } finally {
      busy.current = false;
      setActivity({ kind: 'idle' });
    }
  }, [pollUrl, show]);

  // Run and Submit from anywhere on the page; inside Monaco its own keybindings fire first
  const handlers = useRef({ run, submit });
  handlers.current = { run, submit };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('.monaco-editor') || target?.closest('dialog[open]')) return;
      e.preventDefault();
      if (e.shiftKey) void handlers.current.submit();
      else void handlers.current.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ---- reset --------------------------------------------------------------------------------
  const doReset = async () => {
    setConfirmReset(false);
    clearTimeout(saveTimer.current);
    suppressSave.current = true;
    editor.current?.replaceAll(starter);
    suppressSave.current = false;
    code.current = starter;
    editor.current?.setMarkers([]);
    setAnnouncement('Your code was replaced by the starter. Undo with Ctrl+Z in the editor.');
    try {
      const r = await actions.current.resetDraft();
      if (isActionError(r)) throw new Error(r.error);
      lastSaved.current = starter;
      setSaveState('saved');
    } catch (err) {
      setError(`The starter is in the editor, but the saved draft could not be removed (${err instanceof Error ? err.message : String(err)}).`);
      setSaveState('error');
    }
  };

  const onEscapeEditor = useCallback(() => runButton.current?.focus(), []);
  const onGoTo = useCallback((line: number, column: number) => editor.current?.goTo(line, column), []);
  const outcomeRef = useRef<Outcome | null>(null);
  outcomeRef.current = outcome;
  const onEditorReady = useCallback((h: EditorHandle) => {
    editor.current = h;
    // markers of a verdict shown before Monaco mounted
    if (outcomeRef.current) h.setMarkers(markersFor(outcomeRef.current.verdict));
  }, []);

  // wide formulas and code blocks in the prompt scroll sideways: make each one that overflows
  // focusable, so keyboard users can scroll it (the prompt's HTML comes from the server as is)
  const promptRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const root = promptRef.current;
    if (!root) return;
    const update = () => {
      for (const el of root.querySelectorAll<HTMLElement>('pre, .katex-display, table, figure, div')) {
        const style = getComputedStyle(el);
        const scrollable = /auto|scroll/.test(style.overflowX + style.overflowY);
        const overflows = scrollable && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
        if (overflows && !el.hasAttribute('tabindex')) {
          el.tabIndex = 0;
          el.dataset.scrollFocus = '';
        } else if (!overflows && el.dataset.scrollFocus !== undefined) {
          el.removeAttribute('tabindex');
          delete el.dataset.scrollFocus;
        }
      }
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(root);
    return () => ro.disconnect();
  }, [prompt]);

  const isBusy = activity.kind !== 'idle';
  const saveText: Record<SaveState, string> = {
    clean: '',
    unsaved: 'Unsaved changes',
    saving: 'Saving…',
    saved: 'Saved',
    error: `Not saved: ${saveProblem}`,
  };
  const helpId = `${id}-keys`;

  const work = (
    <section className={styles.workPane} aria-labelledby={`${id}-h`}>
      <div className={styles.toolbar}>
        <h2 id={`${id}-h`} className={styles.paneTitle}>
          Your solution <span className={styles.fnName}><code>{functionName}</code></span>
        </h2>
        <span className={`${styles.saveState} ${saveState === 'error' ? styles.saveError : ''}`} data-save-state={saveState}>
          {saveState === 'saved' && <span aria-hidden="true">✓ </span>}
          {saveText[saveState]}
        </span>
        <div className={styles.buttons}>
          <button type="button" className={styles.secondary} onClick={() => setConfirmReset(true)}>Reset</button>
          <button ref={runButton} type="button" className={styles.secondary} onClick={() => void run()} aria-disabled={isBusy}
            aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'} title={`Run the visible cases (${mod}+Enter)`}>
            {activity.kind === 'run' ? 'Running…' : 'Run'} <kbd className={styles.kbd}>{mod}+Enter</kbd>
          </button>
          <button type="button" className={styles.primary} onClick={() => void submit()} aria-disabled={isBusy}
            aria-keyshortcuts={isMac ? 'Meta+Shift+Enter' : 'Control+Shift+Enter'} title={`Submit for grading on all cases (${mod}+Shift+Enter)`}>
            {activity.kind === 'submit' ? 'Submitting…' : 'Submit'} <kbd className={styles.kbd}>{mod}+Shift+Enter</kbd>
          </button>
        </div>
      </div>
      <CodeEditor
        initialCode={initialCode}
        declarations={declarations}
        label={`Code editor: ${title}`}
        describedBy={helpId}
        onChange={onCodeChange}
        onReady={onEditorReady}
        onRun={() => void handlers.current.run()}
        onSubmit={() => void handlers.current.submit()}
        onEscape={onEscapeEditor}
      />
      <p id={helpId} className={styles.keysHelp}>
        <kbd>{mod}+Enter</kbd> Run · <kbd>{mod}+Shift+Enter</kbd> Submit · <kbd>Esc</kbd> leaves the editor ·{' '}
        <kbd>{isMac ? 'Ctrl+Shift+M' : 'Ctrl+M'}</kbd> toggles whether Tab indents or moves focus · <kbd>Alt+F1</kbd> editor accessibility help
      </p>
      <div role="status" aria-live="polite" aria-atomic="true" className={styles.srOnly} data-testid="announcer">{announcement}</div>
      {error && (
        <div className={styles.errorBanner} role="alert">
          <p>{error}</p>
          <button type="button" className={styles.linkButton} onClick={() => setError(null)}>Dismiss</button>
        </div>
      )}
      <section ref={resultsRef} className={styles.results} aria-labelledby={`${id}-r`} aria-busy={isBusy}
        data-seq={outcome?.seq ?? 0} data-source={outcome?.source ?? ''} data-status={outcome?.verdict.status ?? ''} data-run-mode={runMode.where}>
        <h2 id={`${id}-r`} className={styles.srOnly}>Results</h2>
        {activity.kind === 'submit' && (
          <p className={styles.pending}>
            <span className={styles.spinner} aria-hidden="true" />
            {activity.phase === 'sending' ? 'Sending your submission…' : activity.phase === 'queued' ? 'Submitted: waiting for a grader…' : 'Grading on all cases…'}
          </p>
        )}
        {activity.kind === 'run' && <p className={styles.pending}><span className={styles.spinner} aria-hidden="true" />Running the visible cases…</p>}
        {scratchNote && <p className={styles.muted}>{scratchNote}</p>}
        {runMode.where === 'server' && runMode.why && <p className={styles.muted} data-testid="run-mode">Run uses the server: {runMode.why}.</p>}
        {outcome ? (
          <VerdictView key={outcome.seq} verdict={outcome.verdict} source={outcome.source} argNames={argNames} tolerance={tolerance} onGoTo={onGoTo} />
        ) : (
          !isBusy && <p className={styles.muted}>Run checks your function on the visible cases below; Submit grades it on all cases, hidden ones included.</p>
        )}
      </section>
      <details className={styles.scratchDetails}>
        <summary><h3 className={styles.summaryHeading}>Scratch case: try your own inputs</h3></summary>
        <Scratch cases={visibleCases} argNames={argNames} state={scratch} onChange={setScratch} busy={isBusy}
          onRun={() => void run(true)} output={scratchOutput} tolerance={tolerance} />
      </details>
      <ConfirmDialog open={confirmReset} title="Reset to the starter code?" confirmLabel="Reset my code"
        onConfirm={() => void doReset()} onCancel={() => setConfirmReset(false)}>
        <p>Your code in the editor will be replaced by the starter and your saved draft deleted. You can still undo with {mod}+Z in the editor until you reload.</p>
      </ConfirmDialog>
    </section>
  );

  if (!prompt) return <div className={styles.root} data-exercise={exerciseId}>{work}</div>;
  return (
    <div className={`${styles.root} ${styles.layout}`} data-exercise={exerciseId}>
      {/* scrolls on its own beside the editor: focusable so keyboard users can scroll it too */}
      <section ref={promptRef} className={styles.promptPane} aria-label={`Exercise: ${title}`} tabIndex={0}>{prompt}</section>
      {work}
    </div>
  );
}

export default Workbench;
