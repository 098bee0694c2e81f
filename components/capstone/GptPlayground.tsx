'use client';
// The TinyGPT page's controls and output. The model lives in a Web Worker (gpt.worker.ts): this
// thread fetches the weights once (a worker may not connect anywhere), sends them with the
// learner's chosen components (transpiled here), then the prompt and settings, and appends the
// characters as they arrive. Stop, a change of components, or a worker silent for
// SILENCE_LIMIT_MS (a learner function that never returns) terminates the worker and starts a
// fresh one with the same bytes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GridMap, sequentialColour } from '../workbench/Heatmap.tsx';
import { fetchModelFiles, type ModelFiles, type ModelUrls } from './load-model.ts';
import { MAX_LENGTH, SILENCE_LIMIT_MS, type FromGptWorker, type ToGptWorker } from './gpt-protocol.ts';
import { describeCheck, formatDiff, SAME_WITHIN, type LayerDifference } from './component-check.ts';
import { ComponentSwitches, type ComponentNote } from './ComponentSwitches.tsx';
import { defaultChoices, modulesFor, type Choice, type ComponentInfo } from './learner-modules.ts';
import styles from './capstone.module.css';

type Status = 'loading' | 'ready' | 'generating' | 'failed';

function startWorker(): Worker {
  return new Worker(new URL('./gpt.worker.ts', import.meta.url), { type: 'module', name: 'tiny-gpt' });
}

export function GptPlayground({ urls, contextLength, components, space }: { urls: ModelUrls; contextLength: number; components: ComponentInfo[]; space: string }) {
  const worker = useRef<{ worker: Worker; port: MessagePort } | null>(null);
  const silence = useRef<ReturnType<typeof setTimeout> | null>(null);
  const checking = useRef<string | null>(null);
  const [choices, setChoices] = useState(() => defaultChoices(components));
  const { modules, problems: compileProblems } = useMemo(() => modulesFor(components, choices), [components, choices]);
  const [notes, setNotes] = useState<Record<string, ComponentNote>>({});
  const [combined, setCombined] = useState<LayerDifference[] | null>(null);
  const [timing, setTiming] = useState<{ ms: number; chars: number } | null>(null);
  const files = useRef<Promise<ModelFiles> | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [problem, setProblem] = useState<string | null>(null);
  const [prompt, setPrompt] = useState('the attention ');
  const [temperature, setTemperature] = useState(0.8);
  const [topK, setTopK] = useState(10);
  const [length, setLength] = useState(120);
  const [seed, setSeed] = useState('');
  const [vocabSize, setVocabSize] = useState<number | null>(null);
  const [shownPrompt, setShownPrompt] = useState('');
  const [generated, setGenerated] = useState('');
  const [attention, setAttention] = useState<{ chars: string[]; heads: number[][][] } | null>(null);

  const nameOf = useCallback((id: string) => components.find((c) => c.exerciseId === id)?.name ?? id, [components]);

  const quiet = () => {
    if (silence.current) clearTimeout(silence.current);
    silence.current = null;
  };

  const boot = useCallback(() => {
    quiet();
    if (worker.current) {
      // what the old worker had already posted must not reach the page after it is ended
      worker.current.port.onmessage = null;
      worker.current.port.close();
      worker.current.worker.terminate();
    }
    const w = startWorker();
    const channel = new MessageChannel();
    w.onerror = () => {
      if (worker.current?.worker !== w) return; // a worker ended while it loaded reports an error too
      setProblem('The model could not start in this browser (its worker failed to load).');
      setStatus('failed');
    };
    worker.current = { worker: w, port: channel.port1 };
    checking.current = null;
    setStatus('loading');
    const initial: Record<string, ComponentNote> = {};
    for (const [id, text] of Object.entries(compileProblems)) initial[id] = { state: 'failed', text };
    setNotes(initial);
    setCombined(null);
    channel.port1.onmessage = (event: MessageEvent<FromGptWorker>) => {
      const m = event.data;
      if (silence.current) watch(); // any answer shows the worker is alive
      if (m.type === 'ready') {
        setVocabSize(m.vocab.length);
        if (m.problems.length > 0) setNotes((n) => ({ ...n, ...Object.fromEntries(m.problems.map((p) => [p.exerciseId, { state: 'failed' as const, text: `${p.message}: the reference runs instead` }])) }));
        setStatus((s) => (s === 'loading' ? 'ready' : s));
      } else if (m.type === 'char') setGenerated((g) => g + m.char);
      else if (m.type === 'attention') setAttention({ chars: m.chars, heads: m.heads });
      else if (m.type === 'checking') {
        checking.current = m.exerciseId;
        if (m.exerciseId !== 'combined') setNotes((n) => ({ ...n, [m.exerciseId]: { state: 'checking', text: 'checking on your prompt…' } }));
      } else if (m.type === 'report') {
        checking.current = null;
        setNotes((n) => ({ ...n, ...Object.fromEntries(m.report.components.map((c) => { const d = describeCheck(c); return [c.exerciseId, { state: c.error ? 'failed' : d.differs ? 'differs' : 'matches', text: d.text }]; })) }));
        setCombined(m.report.combined);
      } else if (m.type === 'component-failed') {
        quiet();
        setNotes((n) => ({ ...n, [m.exerciseId]: { state: 'failed', text: m.message } }));
        setProblem(`Generation stopped: ${m.message}. Switch your ${nameOf(m.exerciseId)} to the reference to generate without it.`);
        setStatus('ready');
      } else if (m.type === 'done') {
        quiet();
        setTiming({ ms: m.ms, chars: m.chars });
        setStatus('ready');
      } else if (m.type === 'refused') {
        quiet();
        setProblem(m.message);
        setStatus('ready');
      } else if (m.type === 'failed') {
        quiet();
        setProblem(`The model could not run: ${m.message}`);
        setStatus('failed');
      }
    };
    files.current ??= fetchModelFiles(urls);
    files.current.then(
      (f) => w.postMessage({ type: 'init', files: f, modules } satisfies ToGptWorker, [channel.port2]),
      (e: unknown) => {
        files.current = null; // the next attempt fetches again
        setProblem(`The model's weights could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
        setStatus('failed');
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- watch is stable in effect (it only reads refs)
  }, [urls, modules, compileProblems, nameOf]);

  /** (Re)starts the clock: a worker running learner code that stays silent this long is ended. */
  function watch() {
    if (silence.current) clearTimeout(silence.current);
    silence.current = setTimeout(() => {
      const culprit = checking.current;
      const who = culprit && culprit !== 'combined' ? `your ${nameOf(culprit)}` : 'one of your components';
      if (culprit && culprit !== 'combined') setNotes((n) => ({ ...n, [culprit]: { state: 'failed', text: `did not return within ${SILENCE_LIMIT_MS / 1000} s (an endless loop?)` } }));
      boot();
      setProblem(`The model was stopped: ${who} ran for ${SILENCE_LIMIT_MS / 1000} s without an answer (an endless loop?). Switch it to the reference, or fix it in its exercise.`);
    }, SILENCE_LIMIT_MS);
  }

  useEffect(() => {
    boot();
    return () => {
      quiet();
      worker.current?.port.close();
      worker.current?.worker.terminate();
    };
  }, [boot]);

  function choose(exerciseId: string, choice: Choice) {
    setChoices((c) => ({ ...c, [exerciseId]: choice }));
    setProblem(null);
  }

  function generate(e: React.FormEvent) {
    e.preventDefault();
    if (status !== 'ready' || !worker.current) return;
    setProblem(null);
    setGenerated('');
    setAttention(null);
    setTiming(null);
    setShownPrompt(prompt);
    setStatus('generating');
    if (modules.length > 0) watch(); // the reference alone needs no watch: it always returns
    worker.current.port.postMessage({ type: 'generate', request: { prompt, temperature, topK, length, seed: seed.trim() || undefined } } satisfies ToGptWorker);
  }

  function stop() {
    boot(); // the only way to stop a loop in another thread; what was streamed stays on the page
  }

  const mineCount = components.filter((c) => (choices[c.exerciseId] ?? 'reference') !== 'reference' && !compileProblems[c.exerciseId]).length;
  return (
    <div className={styles.playground}>
      <p data-testid="components-note" className={styles.components}>
        {mineCount === 0
          ? 'Every component runs the reference engine: solve a component\'s exercise, or choose your code below, to run the model on your own functions.'
          : `${mineCount === components.length ? 'Every component runs your own code' : `${mineCount} of ${components.length} components run your own code, the rest the reference engine`}. Each of yours is checked against the reference on your prompt before the model generates.`}
      </p>
      <ComponentSwitches components={components} choices={choices} onChoose={choose} notes={notes} space={space} disabled={status === 'generating'} />
      {combined && (
        <p data-testid="combined-note" className={combined.some((l) => l.maxAbsDiff > SAME_WITHIN) ? styles.problem : styles.note}>
          All your components together, against the reference: largest |difference| {combined.map((l) => `${l.layer} ${formatDiff(l.maxAbsDiff)}`).join(', ')}.
        </p>
      )}
      <form onSubmit={generate} className={styles.controls}>
        <label className={styles.promptLabel}>
          Prompt
          <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} spellCheck={false} aria-describedby="gpt-prompt-note" />
        </label>
        <p id="gpt-prompt-note" className={styles.note}>
          Lower-case letters, digits, space and common punctuation{vocabSize ? ` (the model's ${vocabSize} characters)` : ''}. The model sees the last {contextLength} characters: once prompt and output are longer, the window slides and the earliest characters drop out of view.
        </p>
        <div className={styles.settings}>
          <label>
            Temperature
            <input type="number" min={0.05} max={5} step={0.05} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} />
          </label>
          <label>
            Top-k
            <input type="number" min={1} max={vocabSize ?? 46} step={1} value={topK} onChange={(e) => setTopK(Number(e.target.value))} />
          </label>
          <label>
            Characters
            <input type="number" min={1} max={MAX_LENGTH} step={1} value={length} onChange={(e) => setLength(Number(e.target.value))} />
          </label>
          <label>
            Seed (optional)
            <input type="text" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" size={8} />
          </label>
        </div>
        <div className={styles.buttons}>
          <button type="submit" disabled={status !== 'ready'}>Generate</button>
          <button type="button" className="secondary" onClick={stop} disabled={status !== 'generating'}>Stop</button>
          <span role="status" className={styles.status} data-testid="gpt-status" data-status={status}>
            {status === 'loading' ? 'Loading the model…' : status === 'generating' ? 'Generating…' : status === 'ready' ? 'Ready' : 'Unavailable'}
          </span>
        </div>
      </form>
      {problem && <p role="alert" className={styles.problem}>{problem}</p>}
      {(shownPrompt || generated) && (
        <section aria-label="Output">
          <h2>Output</h2>
          <p className={styles.output} data-testid="gpt-output">
            <span className={styles.outputPrompt}>{shownPrompt}</span>
            <span data-testid="gpt-generated">{generated}</span>
          </p>
          {timing && (
            <p className={styles.note} data-testid="gpt-time" data-ms={timing.ms.toFixed(1)}>
              {timing.chars} characters in {(timing.ms / 1000).toFixed(2)} s ({(timing.ms / timing.chars).toFixed(1)} ms each), on {mineCount > 0 ? `${mineCount} of your components` : 'the reference engine'}.
            </p>
          )}
        </section>
      )}
      {attention && (
        <section aria-label="Attention over the prompt">
          <h2>What each head attends to (last block, as the reference engine computes it)</h2>
          <p className={styles.note}>
            Row <em>i</em> is the prompt&apos;s character <em>i</em> as a query, column <em>j</em> the character it attends to; each row sums to 1, and
            nothing attends to a later character (the causal mask). Characters: {attention.chars.map((c, i) => `${i} ${c === ' ' ? '␣' : c}`).join(' · ')}
          </p>
          <div className={styles.heads}>
            {attention.heads.map((weights, h) => (
              <GridMap key={h} label={`Head ${h + 1}`} grid={{ rows: weights.length, cols: weights.length, values: weights }}
                colour={(v) => sequentialColour(v, 1)} summary={`attention weights of head ${h + 1} over ${weights.length} characters`} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
