'use client';
// The answer form of a question page, and the review of an answer once graded. The page renders all
// Markdown on the server (trusted KaTeX HTML); this component collects what the learner types and
// shows what the answer action returns. Typed values live in state here, so a refused or failed
// answer never loses them; only a graded answer clears them, since the next variant has new numbers.
import { useEffect, useId, useRef, useState, useTransition, type ClipboardEvent, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { ActionError } from '../workbench/types.ts';
import { blankParts, fillGrid, isBlankValue, joinMatrix, joinVector, parseGrid } from './grid.ts';
import type { AnswerResult, AnswerReview, AnswerValues, PartField, PartReview, QuestionFormProps, VariantForm } from './types.ts';
import styles from './questions.module.css';

/** What the learner typed into one part; each kind uses the fields it needs. */
interface Draft {
  /** number, expression, a part without a size, and a matrix pasted as text */
  text: string;
  /** vector (one row) and matrix */
  cells: string[][];
  /** choice */
  picked: string[];
}

interface InputProps {
  part: PartField;
  draft: Draft;
  set: (change: Partial<Draft>) => void;
  describedBy: string | undefined;
  /** a prefix for ids and radio group names, unique on the page */
  uid: string;
}

interface Problem {
  message: string;
  signInHref?: string;
}

const NETWORK_MESSAGE = 'Could not reach the server; your answers are still here. Try again.';
/** Pasted text holding one of these is a row or a block of numbers, not one entry. */
const SEVERAL_ENTRIES = /[\t\n;,]|\S\s+\S/;

const hasGrid = (p: PartField) => (p.kind === 'vector' && p.length !== undefined) || (p.kind === 'matrix' && p.shape !== undefined);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function emptyDraft(part: PartField): Draft {
  const [rows, cols] = part.kind === 'matrix' && part.shape ? part.shape : part.kind === 'vector' && part.length !== undefined ? [1, part.length] : [0, 0];
  return { text: '', cells: Array.from({ length: rows }, () => Array<string>(cols).fill('')), picked: [] };
}

const emptyDrafts = (v: VariantForm): Record<string, Draft> => Object.fromEntries(v.parts.map((p) => [p.name, emptyDraft(p)]));

function valueOf(part: PartField, d: Draft): string | string[] {
  if (part.kind === 'choice' && part.options) return part.multiple ? d.picked : (d.picked[0] ?? '');
  if (!hasGrid(part)) return d.text;
  // the text box, when filled, replaces the grid; an untouched grid is sent as nothing, not as ", , "
  const text = part.kind === 'vector' ? joinVector(d.cells[0] ?? []) : joinMatrix(d.text.trim() ? parseGrid(d.text) : d.cells);
  return isBlankValue(text) ? '' : text;
}

function isActionError(x: AnswerResult): x is ActionError {
  return typeof (x as ActionError).error === 'string';
}

/** The server words its refusals; add what the learner needs to know about their answers. */
function describeError(e: ActionError): Problem {
  if (e.kind === 'auth') return { message: `${e.error} Your answers are still here:`, signInHref: `/signin?callbackUrl=${encodeURIComponent(location.pathname)}` };
  if (e.kind === 'rate_limit' && e.retryAfterMs !== undefined && !/try again/i.test(e.error)) {
    return { message: `${e.error} Try again in ${plural(Math.max(1, Math.ceil(e.retryAfterMs / 1000)), 'second', 'seconds')}.` };
  }
  return { message: e.error };
}

/** The grid text of a paste that holds several entries, or null to let the browser paste one entry. */
function pastedGrid(e: ClipboardEvent<HTMLInputElement>): string[][] | null {
  const text = e.clipboardData.getData('text/plain');
  if (!SEVERAL_ENTRIES.test(text.trim())) return null;
  e.preventDefault();
  return parseGrid(text);
}

export function QuestionForm({ questionId, variant: firstVariant, last, closed: firstClosed, answer, againLabel: firstAgain = 'Try a new variant' }: QuestionFormProps) {
  // an exam's answer can close the question (no try left) or reprice the next try
  const [closed, setClosed] = useState(firstClosed);
  const [againLabel, setAgainLabel] = useState<string | null>(firstAgain);
  const uid = useId();
  const [mode, setMode] = useState<'form' | 'review'>(last ? 'review' : 'form');
  const [variant, setVariant] = useState(firstVariant);
  const [review, setReview] = useState(last);
  const [drafts, setDrafts] = useState(() => emptyDrafts(firstVariant));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [blankNote, setBlankNote] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  // where focus goes once the next render is on screen; the submit button lost it while disabled
  const focusNext = useRef<'review' | 'form' | 'submit' | null>(null);

  useEffect(() => {
    const target = focusNext.current;
    if (target === 'submit' && pending) return; // a disabled button cannot take focus yet
    focusNext.current = null;
    if (target === 'review') headingRef.current?.focus();
    else if (target === 'form') formRef.current?.querySelector<HTMLElement>('input, textarea')?.focus();
    else if (target === 'submit' && (!document.activeElement || document.activeElement === document.body)) submitRef.current?.focus();
  });

  const setDraft = (part: PartField) => (change: Partial<Draft>) =>
    setDrafts((prev) => ({ ...prev, [part.name]: { ...(prev[part.name] ?? emptyDraft(part)), ...change } }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const answered = variant;
    const values: AnswerValues = Object.fromEntries(answered.parts.map((p) => [p.name, valueOf(p, drafts[p.name] ?? emptyDraft(p))]));
    const blank = blankParts(answered.parts, values);
    setBlankNote(blank.length === 0 ? null : blank.length === 1 ? '1 part is empty: it will score 0.' : `${blank.length} parts are empty: they will score 0.`);
    setProblem(null);
    startTransition(async () => {
      let result: AnswerResult;
      try {
        result = await answer(answered.index, values);
      } catch {
        result = { error: NETWORK_MESSAGE };
      }
      if (isActionError(result)) {
        setProblem(describeError(result));
        focusNext.current = 'submit';
        return;
      }
      setReview(result.review);
      setVariant(result.next);
      if (result.closed !== undefined) setClosed(result.closed);
      if (result.againLabel !== undefined) setAgainLabel(result.againLabel);
      setDrafts(emptyDrafts(result.next));
      setBlankNote(null);
      setMode('review');
      focusNext.current = 'review';
    });
  };

  const tryAgain = () => {
    setProblem(null);
    setMode('form');
    focusNext.current = 'form';
  };

  return (
    <section data-question={questionId} className={styles.root}>
      {closed && <p role="status" data-closed className={styles.closed}>{closed}</p>}
      {mode === 'review' && review && (
        <Review key={review.submissionId} review={review} headingRef={headingRef} onAgain={closed || !againLabel ? undefined : tryAgain} againLabel={againLabel ?? ''} />
      )}
      {mode === 'form' && !closed && (
        <>
          <article data-prompt className={styles.prompt} dangerouslySetInnerHTML={{ __html: variant.promptHtml }} />
          <form key={variant.index} ref={formRef} className={styles.form} onSubmit={onSubmit} noValidate aria-label="Your answers" aria-busy={pending}>
            {variant.parts.map((part) => (
              <PartFieldset key={part.name} uid={uid} part={part} draft={drafts[part.name] ?? emptyDraft(part)} set={setDraft(part)} />
            ))}
            {blankNote && <p role="status" data-blank-note className={styles.blankNote}>{blankNote}</p>}
            {problem && (
              <p role="alert" data-answer-error className={styles.error}>
                {problem.message}
                {problem.signInHref && (
                  <> <a href={problem.signInHref} target="_blank" rel="noopener">Sign in again</a> (opens a new tab), then submit them again.</>
                )}
              </p>
            )}
            <div className={styles.actions}>
              <button ref={submitRef} type="submit" className={styles.primary} disabled={pending}>{pending ? 'Grading…' : 'Submit answers'}</button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

function PartFieldset({ part, draft, set, uid }: Omit<InputProps, 'describedBy'>) {
  const noteId = part.note ? `${uid}-${part.name}-note` : undefined;
  const props: InputProps = { part, draft, set, uid, describedBy: noteId };
  return (
    <fieldset data-part={part.name} data-kind={part.kind} className={styles.part}>
      <legend className={styles.legend}>
        <span className={styles.label} dangerouslySetInnerHTML={{ __html: part.labelHtml }} />{' '}
        <span className={styles.points}>({plural(part.points, 'point', 'points')})</span>
      </legend>
      {noteId && <p id={noteId} className={styles.note}>{part.note}</p>}
      {part.kind === 'number' && <NumberInput {...props} />}
      {part.kind === 'vector' && (hasGrid(part) ? <VectorInput {...props} /> : <TextAnswer {...props} />)}
      {part.kind === 'matrix' && (hasGrid(part) ? <MatrixInput {...props} /> : <TextAnswer {...props} />)}
      {part.kind === 'choice' && (part.options ? <ChoiceInput {...props} /> : <TextAnswer {...props} />)}
      {part.kind === 'expression' && <ExpressionInput {...props} />}
    </fieldset>
  );
}

function NumberInput({ part, draft, set, describedBy }: InputProps) {
  return (
    <input type="text" autoComplete="off" spellCheck={false} name={part.name} className={styles.input}
      aria-label={`Answer for part ${part.name}`} aria-describedby={describedBy} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
  );
}

/** A part the page sent without its size: the server reads whatever text is pasted, lines included. */
function TextAnswer({ part, draft, set, describedBy }: InputProps) {
  return (
    <textarea name={part.name} rows={part.kind === 'matrix' ? 4 : 2} autoComplete="off" spellCheck={false} className={`${styles.input} ${styles.textarea}`}
      aria-label={`Answer for part ${part.name}`} aria-describedby={describedBy} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
  );
}

function VectorInput({ part, draft, set, describedBy }: InputProps) {
  const entries = draft.cells[0] ?? [];
  const put = (i: number, value: string) => set({ cells: [entries.map((e, j) => (j === i ? value : e))] });
  // a pasted row or column fills the entries from this one on
  const onPaste = (i: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const rows = pastedGrid(e);
    if (rows) set({ cells: fillGrid([entries], [rows.flat()], 0, i) });
  };
  return (
    <div className={styles.vector}>
      {entries.map((value, i) => (
        <input key={i} type="text" autoComplete="off" spellCheck={false} name={`${part.name}.${i}`} className={`${styles.input} ${styles.cell}`}
          aria-label={`Entry ${i + 1} of ${part.name}`} aria-describedby={describedBy} value={value}
          onChange={(e) => put(i, e.target.value)} onPaste={onPaste(i)} />
      ))}
    </div>
  );
}

function MatrixInput({ part, draft, set, describedBy, uid }: InputProps) {
  const cols = part.shape?.[1] ?? 0;
  const textId = `${uid}-${part.name}-text`;
  const pasted = draft.text.trim() ? parseGrid(draft.text) : null;
  const put = (r: number, c: number, value: string) => set({ cells: fillGrid(draft.cells, [[value]], r, c) });
  const onPaste = (r: number, c: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const rows = pastedGrid(e);
    if (rows) set({ cells: fillGrid(draft.cells, rows, r, c) });
  };
  // Up and Down move between rows, as in a spreadsheet; Tab already moves along a row
  const onKeyDown = (r: number, c: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    const next = step && e.currentTarget.closest('[data-grid]')?.querySelector<HTMLInputElement>(`[data-cell="${r + step}-${c}"]`);
    if (!next) return;
    e.preventDefault();
    next.focus();
  };
  return (
    <>
      <div className={styles.gridScroll}>
        <div data-grid className={styles.grid} style={{ gridTemplateColumns: `repeat(${cols}, 6em)` }}>
          {draft.cells.map((row, r) => row.map((value, c) => (
            <input key={`${r}-${c}`} data-cell={`${r}-${c}`} type="text" autoComplete="off" spellCheck={false}
              name={`${part.name}.${r}.${c}`} className={`${styles.input} ${styles.cell}`} aria-label={`Row ${r + 1}, column ${c + 1} of ${part.name}`}
              aria-describedby={describedBy} value={value} onChange={(e) => put(r, c, e.target.value)} onPaste={onPaste(r, c)} onKeyDown={onKeyDown(r, c)} />
          )))}
        </div>
      </div>
      {pasted && <p className={styles.help}>The text below is sent instead of the grid.</p>}
      <details className={styles.pasteText}>
        <summary>Paste as text</summary>
        <label htmlFor={textId} className={styles.pasteLabel}>
          Matrix {part.name} as text: rows on separate lines or separated by “;”, entries by spaces, commas or tabs
        </label>
        <textarea id={textId} rows={4} autoComplete="off" spellCheck={false} className={`${styles.input} ${styles.textarea}`}
          aria-describedby={describedBy} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
        {pasted && (
          <p className={styles.help}>
            Read as {plural(pasted.length, 'row', 'rows')} of {pasted.map((row) => row.length).join(', ')} entries; the grid is {part.shape?.join(' × ')}.
          </p>
        )}
      </details>
    </>
  );
}

function ChoiceInput({ part, draft, set, describedBy, uid }: InputProps) {
  const options = part.options ?? [];
  const toggle = (id: string, on: boolean) => {
    if (!part.multiple) return set({ picked: [id] });
    const picked = new Set(draft.picked);
    if (on) picked.add(id);
    else picked.delete(id);
    set({ picked: options.map((o) => o.id).filter((x) => picked.has(x)) });
  };
  return (
    <div className={styles.options}>
      {part.multiple && <p className={styles.help}>Pick every option that is right.</p>}
      {options.map((o) => (
        <label key={o.id} className={styles.option}>
          <input type={part.multiple ? 'checkbox' : 'radio'} name={`${uid}-${part.name}`} value={o.id} aria-describedby={describedBy}
            checked={draft.picked.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />
          {/* the id names the option for assistive technology too: a formula alone may have no text */}
          <span className={styles.optionId}>({o.id})</span>
          <span dangerouslySetInnerHTML={{ __html: o.labelHtml }} />
        </label>
      ))}
    </div>
  );
}

/** An example in the part's own variables, so the syntax is shown on names the learner knows. */
function exampleFormula(vars: string[]): string {
  if (vars.length >= 2) return `sqrt(${vars[1]}) * ${vars[0]}^2 / 2`;
  if (vars.length === 1) return `sqrt(${vars[0]}) / 2`;
  return 'sqrt(2) / 2';
}

function ExpressionInput({ part, draft, set, describedBy, uid }: InputProps) {
  const vars = part.variables ?? [];
  const helpId = `${uid}-${part.name}-help`;
  return (
    <>
      <input type="text" autoComplete="off" spellCheck={false} autoCapitalize="off" autoCorrect="off" name={part.name}
        className={`${styles.input} ${styles.expression}`} aria-label={`Answer for part ${part.name}`}
        aria-describedby={[describedBy, helpId].filter(Boolean).join(' ')} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
      <p id={helpId} className={styles.help}>
        {vars.length > 0 && <>Variables: {vars.join(', ')}. </>}
        Write e.g. <code>{exampleFormula(vars)}</code>; use + - * / ^, sqrt, exp, log, sin, cos, pi.
      </p>
    </>
  );
}

function Review({ review, headingRef, onAgain, againLabel }: { review: AnswerReview; headingRef: RefObject<HTMLHeadingElement | null>; onAgain?: () => void; againLabel: string }) {
  return (
    <div data-review data-score={review.score} data-max-score={review.maxScore} aria-live="polite"
      className={`${styles.review} ${review.passed ? styles.reviewPassed : styles.reviewFailed}`}>
      <h2 ref={headingRef} tabIndex={-1} className={styles.reviewHeading}>
        Your answer: {review.score} / {review.maxScore} points
        {review.passed && <span className={styles.allRight}> <span aria-hidden="true">✓</span> all right</span>}
      </h2>
      <details className={styles.answered}>
        <summary>The question you answered</summary>
        <article className={styles.prompt} dangerouslySetInnerHTML={{ __html: review.promptHtml }} />
      </details>
      {review.note && <p className={styles.muted}>{review.note}</p>}
      <ul className={styles.results}>
        {review.parts.map((p) => <PartResult key={p.name} part={p} />)}
      </ul>
      {review.workedHtml ? (
        <section data-worked className={styles.worked}>
          <h3 className={styles.workedHeading}>Worked solution</h3>
          <div className={styles.prompt} dangerouslySetInnerHTML={{ __html: review.workedHtml }} />
        </section>
      ) : (
        <p className={styles.muted} data-worked-withheld>The worked solution is shown when your instructor releases the results.</p>
      )}
      {onAgain && <button type="button" className={styles.primary} onClick={onAgain}>{againLabel}</button>}
    </div>
  );
}

function PartResult({ part }: { part: PartReview }) {
  return (
    <li data-part-result={part.name} data-passed={String(part.passed)} className={`${styles.result} ${part.passed ? styles.passed : styles.failed}`}>
      <div className={styles.resultHead}>
        <span className={styles.icon} aria-hidden="true">{part.passed ? '✓' : '✗'}</span>
        <span className={styles.label} dangerouslySetInnerHTML={{ __html: part.labelHtml }} />
        <span className={styles.points}>{part.points} / {part.maxPoints}<span className={styles.srOnly}> points</span></span>
      </div>
      <p className={styles.given}>Your answer: {part.given === null ? '(none)' : <code>{part.given}</code>}</p>
      <p className={styles.message}>{part.passed ? 'Right' : part.message}</p>
      {part.misconception && (
        <div data-misconception className={styles.misconception}>
          <strong>{part.misconception.title}</strong>
          <p>{part.misconception.hint}</p>
        </div>
      )}
    </li>
  );
}

export default QuestionForm;
