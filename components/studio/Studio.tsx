'use client';
// The studio's editor: the exercise's (or question's) files in tabs (Monaco, one model per file), autosaved; the
// prompt rendered live beside them; Check listing every problem with its file and line (a click
// opens the file there); Publish with a change note, refused while the check fails.
import Editor from '@monaco-editor/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { configureStudioTypeScript, loadMonaco, type Monaco } from '../workbench/monaco.ts';
import { FOLDER_FILES, QUESTION_FOLDER_FILES } from '../../exercises/folder.ts';

export interface StudioProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

type Result<T> = T | { error: string };

export interface StudioProps {
  id: string;
  files: Record<string, string>;
  editable: boolean;
  save: (files: Record<string, string>) => Promise<Result<{ savedAt: string }>>;
  check: (files: Record<string, string>) => Promise<Result<{ ok: boolean; problems: StudioProblem[] }>>;
  renderPrompt: (files: Record<string, string>) => Promise<Result<{ html: string }>>;
  publish: (changeNote: string) => Promise<Result<{ number: number; problems: StudioProblem[] }>>;
  /** Types for the editor, built on the server (exercises/sdk-declarations.ts): `sdk` is the
   *  `attention-lab` module exercise.ts and figures.ts import, `learner` the globals of starter.ts
   *  and solution.ts. */
  declarations: { sdk: string; learner: string };
}

const language = (f: string) => (f.endsWith('.md') ? 'markdown' : 'typescript');
const SAVE_DELAY_MS = 800;

export function Studio(props: StudioProps) {
  const [files, setFiles] = useState<Record<string, string>>(props.files);
  const question = 'question.ts' in props.files;
  const main = question ? 'question.ts' : 'exercise.ts';
  const [active, setActive] = useState(main);
  const [monaco, setMonaco] = useState<Monaco | null>(null);
  const [saved, setSaved] = useState<string>('All changes saved');
  const [problems, setProblems] = useState<StudioProblem[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [promptHtml, setPromptHtml] = useState('');
  const [promptError, setPromptError] = useState<string | null>(null);
  const [publishMessage, setPublishMessage] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState('');
  const editorRef = useRef<MonacoApi.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(files);
  latest.current = files;
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef(false);

  const { sdk, learner } = props.declarations;
  useEffect(() => {
    let live = true;
    loadMonaco()
      .then((m) => {
        // before the first model exists, so no file is ever checked without its types
        configureStudioTypeScript(m, { sdk, learner });
        if (live) setMonaco(m);
      })
      .catch(() => {});
    return () => { live = false; };
  }, [sdk, learner]);

  const flush = useCallback(async () => {
    if (!pending.current || !props.editable) return;
    pending.current = false;
    setSaved('Saving…');
    const r = await props.save(latest.current);
    setSaved('error' in r ? `Not saved: ${r.error}` : 'All changes saved');
  }, [props]);

  const refreshPrompt = useCallback(async () => {
    const r = await props.renderPrompt(latest.current);
    if ('error' in r) setPromptError(r.error);
    else {
      setPromptError(null);
      setPromptHtml(r.html);
    }
  }, [props]);

  useEffect(() => {
    void refreshPrompt();
  }, [refreshPrompt]);

  const edit = (file: string, text: string) => {
    setFiles((f) => ({ ...f, [file]: text }));
    latest.current = { ...latest.current, [file]: text };
    pending.current = true;
    setSaved('Unsaved changes');
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      void flush();
      // a question's prompt takes its values from question.ts's params
      if (file === 'prompt.md' || file === 'figures.ts' || file === 'question.ts') void refreshPrompt();
    }, SAVE_DELAY_MS);
  };

  useEffect(() => () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
  }, []);

  const runCheck = async () => {
    setChecking(true);
    await flush();
    const r = await props.check(latest.current);
    setChecking(false);
    setProblems('error' in r ? [{ file: main, message: r.error }] : r.problems);
  };

  const goTo = (p: StudioProblem) => {
    setActive(p.file);
    setTimeout(() => {
      const e = editorRef.current;
      if (!e || !p.line) return;
      e.setPosition({ lineNumber: p.line, column: p.column ?? 1 });
      e.revealLineInCenter(p.line);
      e.focus();
    }, 50);
  };

  const runPublish = async () => {
    setPublishing(true);
    setPublishMessage(null);
    await flush();
    const r = await props.publish(note);
    setPublishing(false);
    if ('error' in r) setPublishMessage(r.error);
    else if (r.problems.length > 0) {
      setProblems(r.problems);
      setPublishMessage(`Not published: the check found ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}.`);
    } else {
      setNote('');
      setPublishMessage(`Published version ${r.number}.`);
    }
  };

  const present = (question ? QUESTION_FOLDER_FILES : FOLDER_FILES).filter((f) => f in files);
  const text = files[active] ?? '';

  return (
    <div className="studio">
      <div className="studio-toolbar">
        <span role="status" aria-live="polite" className="studio-saved">{props.editable ? saved : `Read only: you may view and duplicate this ${question ? 'question' : 'exercise'}`}</span>
        {props.editable && (
          <>
            <button type="button" onClick={runCheck} disabled={checking}>{checking ? 'Checking…' : 'Check'}</button>
            {!question && !('figures.ts' in files) && (
              <button type="button" onClick={() => edit('figures.ts', "import type { Figure } from 'attention-lab';\n\nexport const figures: Record<string, () => Figure> = {};\n")}>Add figures.ts</button>
            )}
          </>
        )}
      </div>
      <div className="studio-panes">
        <section className="studio-files" aria-label="Files">
          <div role="tablist" aria-label={question ? 'Question files' : 'Exercise files'}>
            {present.map((f) => (
              <button key={f} role="tab" type="button" id={`tab-${f}`} aria-selected={f === active} aria-controls="studio-editor" onClick={() => setActive(f)}>{f}</button>
            ))}
          </div>
          <div id="studio-editor" role="tabpanel" aria-labelledby={`tab-${active}`} className="studio-editor">
            {monaco ? (
              <Editor
                height="100%"
                path={`file:///studio/${active}`}
                language={language(active)}
                value={text}
                options={{ readOnly: !props.editable, minimap: { enabled: false }, fontSize: 14, scrollBeyondLastLine: false, automaticLayout: true }}
                onMount={(e) => { editorRef.current = e; }}
                onChange={(v) => edit(active, v ?? '')}
              />
            ) : (
              <textarea aria-label={active} value={text} readOnly={!props.editable} onChange={(e) => edit(active, e.target.value)} spellCheck={false} />
            )}
          </div>
        </section>
        <section className="studio-preview" aria-label="Prompt preview">
          <h2>{question ? 'Prompt (seed 1)' : 'Prompt'}</h2>
          {promptError ? <p className="error" role="alert">{promptError}</p> : <article className="prompt" dangerouslySetInnerHTML={{ __html: promptHtml }} />}
        </section>
      </div>
      {problems !== null && (
        <section aria-labelledby="check-heading" className="studio-check">
          <h2 id="check-heading">{problems.length === 0 ? 'Check passed: every rule holds' : `Check: ${problems.length} problem${problems.length === 1 ? '' : 's'}`}</h2>
          {problems.length > 0 && (
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <button type="button" className="linklike" onClick={() => goTo(p)}>
                    {p.file}{p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}
                  </button>{' '}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {props.editable && (
        <section aria-labelledby="publish-heading" className="studio-publish">
          <h2 id="publish-heading">Publish</h2>
          <label>
            Change note
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="What changed, for the version history" />
          </label>
          <button type="button" onClick={runPublish} disabled={publishing}>{publishing ? 'Publishing…' : 'Publish'}</button>
          {publishMessage && <p role="status">{publishMessage}</p>}
        </section>
      )}
    </div>
  );
}
