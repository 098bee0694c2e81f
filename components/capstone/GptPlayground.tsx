'use client';
// The TinyGPT page's controls and output. The model lives in a Web Worker (gpt.worker.ts): this
// thread fetches the weights once (a worker may not connect anywhere), sends them with the prompt
// and settings, and appends the characters as they arrive. Stop terminates the worker
// mid-generation and starts a fresh one with the same bytes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { GridMap, sequentialColour } from '../workbench/Heatmap.tsx';
import { fetchModelFiles, type ModelFiles, type ModelUrls } from './load-model.ts';
import { MAX_LENGTH, type FromGptWorker, type ToGptWorker } from './gpt-protocol.ts';
import styles from './capstone.module.css';

type Status = 'loading' | 'ready' | 'generating' | 'failed';

function startWorker(): Worker {
  return new Worker(new URL('./gpt.worker.ts', import.meta.url), { type: 'module', name: 'tiny-gpt' });
}

export function GptPlayground({ urls, contextLength }: { urls: ModelUrls; contextLength: number }) {
  const worker = useRef<Worker | null>(null);
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

  const onMessage = useCallback((event: MessageEvent<FromGptWorker>) => {
    const m = event.data;
    if (m.type === 'ready') {
      setVocabSize(m.vocab.length);
      setStatus((s) => (s === 'loading' ? 'ready' : s));
    } else if (m.type === 'char') setGenerated((g) => g + m.char);
    else if (m.type === 'attention') setAttention({ chars: m.chars, heads: m.heads });
    else if (m.type === 'done') setStatus('ready');
    else if (m.type === 'refused') {
      setProblem(m.message);
      setStatus('ready');
    } else if (m.type === 'failed') {
      setProblem(`The model could not run: ${m.message}`);
      setStatus('failed');
    }
  }, []);

  const boot = useCallback(() => {
    worker.current?.terminate();
    const w = startWorker();
    w.onmessage = onMessage;
    w.onerror = () => {
      setProblem('The model could not start in this browser (its worker failed to load).');
      setStatus('failed');
    };
    worker.current = w;
    setStatus('loading');
    files.current ??= fetchModelFiles(urls);
    files.current.then(
      (f) => w.postMessage({ type: 'load', files: f } satisfies ToGptWorker),
      (e: unknown) => {
        files.current = null; // the next attempt fetches again
        setProblem(`The model's weights could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
        setStatus('failed');
      },
    );
  }, [onMessage, urls]);

  useEffect(() => {
    boot();
    return () => worker.current?.terminate();
  }, [boot]);

  function generate(e: React.FormEvent) {
    e.preventDefault();
    if (status !== 'ready' || !worker.current) return;
    setProblem(null);
    setGenerated('');
    setAttention(null);
    setShownPrompt(prompt);
    setStatus('generating');
    worker.current.postMessage({ type: 'generate', request: { prompt, temperature, topK, length, seed: seed.trim() || undefined } } satisfies ToGptWorker);
  }

  function stop() {
    boot(); // the only way to stop a loop in another thread; what was streamed stays on the page
  }

  return (
    <div className={styles.playground}>
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
        </section>
      )}
      {attention && (
        <section aria-label="Attention over the prompt">
          <h2>What each head attends to (last block)</h2>
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
