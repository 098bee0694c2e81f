'use client';
// Monaco with the exercise's TypeScript setup. Until Monaco has loaded (or if it cannot load) a
// plain textarea holds the code, so the learner can always read, edit, run and submit.
import Editor from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { configureTypeScript, loadMonaco, type Monaco } from './monaco.ts';
import styles from './workbench.module.css';

export const MODEL_PATH = 'file:///solution.ts';
export const GRADER_OWNER = 'grader';

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

/** What the workbench can do to the editor, whichever of Monaco or the fallback is showing. */
export interface EditorHandle {
  getValue(): string;
  /** Replaces the code as one undoable edit (Ctrl+Z brings the learner's code back). */
  replaceAll(code: string): void;
  setMarkers(markers: EditorMarker[]): void;
  goTo(line: number, column: number): void;
  focus(): void;
}

interface Props {
  initialCode: string;
  declarations: string;
  label: string;
  describedBy?: string;
  onChange: (code: string) => void;
  onReady: (handle: EditorHandle) => void;
  onRun: () => void;
  onSubmit: () => void;
  /** Escape with no widget open: focus leaves the editor. */
  onEscape: () => void;
}

export function CodeEditor(props: Props) {
  const [monaco, setMonaco] = useState<Monaco | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(props);
  latest.current = props;
  // the code as it stands, carried from the fallback into Monaco when it arrives
  const code = useRef(props.initialCode);

  useEffect(() => {
    let live = true;
    loadMonaco()
      .then((m) => {
        configureTypeScript(m, props.declarations);
        if (live) setMonaco(m);
      })
      .catch((err: unknown) => {
        if (live) setFailed(err instanceof Error ? err.message : String(err));
      });
    return () => { live = false; };
  }, [props.declarations]);

  // the fallback textarea is the editor until Monaco mounts
  useEffect(() => {
    if (monaco) return;
    const t = fallback.current;
    if (!t) return;
    latest.current.onReady({
      getValue: () => t.value,
      replaceAll: (c) => { t.value = c; code.current = c; },
      setMarkers: () => {},
      goTo: (line) => {
        const lines = t.value.split('\n');
        const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
        t.focus();
        t.setSelectionRange(offset, offset);
      },
      focus: () => t.focus(),
    });
  }, [monaco]);

  const onMount = (editor: MonacoApi.editor.IStandaloneCodeEditor, m: Monaco) => {
    const model = editor.getModel();
    if (!model) return;
    const { KeyMod, KeyCode } = m;
    editor.addAction({
      id: 'attention-lab.run',
      label: 'Run visible cases',
      keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
      run: () => latest.current.onRun(),
    });
    editor.addAction({
      id: 'attention-lab.submit',
      label: 'Submit for grading',
      keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Enter],
      run: () => latest.current.onSubmit(),
    });
    // Escape normally closes a widget; with none open it hands focus back to the page
    editor.addCommand(KeyCode.Escape, () => latest.current.onEscape(),
      '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !inSnippetMode'
      + ' && !markersNavigationVisible && !editorHoverVisible && !referenceSearchVisible && !accessibilityHelpWidgetVisible');
    // grader markers describe the code that was graded: drop them once it changes
    editor.onDidChangeModelContent(() => {
      if (m.editor.getModelMarkers({ owner: GRADER_OWNER, resource: model.uri }).length) m.editor.setModelMarkers(model, GRADER_OWNER, []);
    });
    latest.current.onReady({
      getValue: () => model.getValue(),
      replaceAll: (c) => {
        editor.pushUndoStop();
        editor.executeEdits('reset', [{ range: model.getFullModelRange(), text: c }]);
        editor.pushUndoStop();
      },
      setMarkers: (markers) => {
        m.editor.setModelMarkers(model, GRADER_OWNER, markers.map((mk) => {
          const line = Math.min(Math.max(1, mk.line), model.getLineCount());
          const column = Math.min(Math.max(1, mk.column), model.getLineMaxColumn(line));
          const word = model.getWordAtPosition({ lineNumber: line, column });
          // underline the word at the position, or the rest of the line when there is none
          const end = word ? word.endColumn : Math.max(column + 1, model.getLineMaxColumn(line));
          const start = word ? word.startColumn : column;
          return { severity: m.MarkerSeverity.Error, message: mk.message, source: 'grader', startLineNumber: line, startColumn: start, endLineNumber: line, endColumn: end };
        }));
      },
      goTo: (line, column) => {
        editor.setPosition({ lineNumber: line, column });
        editor.revealLineInCenterIfOutsideViewport(line);
        editor.focus();
      },
      focus: () => editor.focus(),
    });
  };

  if (monaco) {
    return (
      <div className={styles.editorFrame}>
        <Editor
          height="100%"
          defaultLanguage="typescript"
          path={MODEL_PATH}
          defaultValue={code.current}
          theme="vs"
          loading={<div className={styles.editorLoading}>Loading editor…</div>}
          onChange={(v) => { code.current = v ?? ''; latest.current.onChange(code.current); }}
          onMount={onMount}
          options={{
            ariaLabel: `${props.label}. Press Alt+F1 for accessibility options, Escape to leave the editor.`,
            minimap: { enabled: false },
            fontSize: 14,
            tabSize: 2,
            insertSpaces: true,
            scrollBeyondLastLine: false,
            automaticLayout: true,
            fixedOverflowWidgets: true,
            lineNumbersMinChars: 3,
            padding: { top: 8, bottom: 8 },
            renderValidationDecorations: 'on',
            accessibilitySupport: 'auto',
            wordWrap: 'off',
            tabFocusMode: false,
            // the dimmed number of the line after a final newline fails contrast; draw it like the others
            renderFinalNewline: 'on',
            // faded unused names (an unused `dk` in a half-done solution) fail contrast; TypeScript still reports them
            showUnused: false,
          }}
        />
      </div>
    );
  }
  return (
    <div className={styles.editorFrame}>
      {failed && <p className={styles.errorBox} role="alert">The code editor could not load ({failed}); a plain text box is used instead.</p>}
      <textarea
        ref={fallback}
        className={styles.fallbackEditor}
        defaultValue={code.current}
        spellCheck={false}
        aria-label={props.label}
        aria-describedby={props.describedBy}
        readOnly={!failed}
        onChange={(e) => { code.current = e.target.value; latest.current.onChange(code.current); }}
      />
    </div>
  );
}
