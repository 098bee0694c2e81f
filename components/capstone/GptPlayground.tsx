'use client';
// The TinyGPT page's controls and output. The model lives in a Web Worker (gpt.worker.ts), driven
// as every capstone model's is (use-learner-worker.ts): this thread sends the prompt and settings
// and appends the characters as they arrive. Stop ends the worker mid-generation and starts a fresh
// one with the same bytes; what was streamed stays on the page.
import { useCallback, useState } from 'react';
import { GridMap, sequentialColour } from '../workbench/Heatmap.tsx';
import type { ModelUrls } from './load-model.ts';
import { MAX_LENGTH, type FromGptWorker, type ToGptWorker } from './gpt-protocol.ts';
import { ComponentsPanel } from './ComponentSwitches.tsx';
import type { ComponentInfo } from './learner-modules.ts';
import { useLearnerWorker } from './use-learner-worker.ts';
import styles from './capstone.module.css';

function startWorker(): Worker {
  return new Worker(new URL('./gpt.worker.ts', import.meta.url), { type: 'module', name: 'tiny-gpt' });
}

export function GptPlayground({ urls, contextLength, components, space }: { urls: ModelUrls; contextLength: number; components: ComponentInfo[]; space: string }) {
  const [prompt, setPrompt] = useState('the attention ');
  const [temperature, setTemperature] = useState(0.8);
  const [topK, setTopK] = useState(10);
  const [length, setLength] = useState(120);
  const [seed, setSeed] = useState('');
  const [vocabSize, setVocabSize] = useState<number | null>(null);
  const [shownPrompt, setShownPrompt] = useState('');
  const [generated, setGenerated] = useState('');
  const [attention, setAttention] = useState<{ chars: string[]; heads: number[][][] } | null>(null);
  const [timing, setTiming] = useState<{ ms: number; chars: number } | null>(null);

  const model = useLearnerWorker<ToGptWorker, FromGptWorker>({
    start: startWorker,
    urls,
    components,
    onReady: useCallback((m: FromGptWorker) => {
      if (m.type === 'ready') setVocabSize(m.vocab.length);
    }, []),
    onAnswer: (m) => {
      if (m.type === 'char') setGenerated((g) => g + m.char);
      else if (m.type === 'attention') setAttention({ chars: m.chars, heads: m.heads });
      else if (m.type === 'done') {
        setTiming({ ms: m.ms, chars: m.chars });
        model.finish();
      }
    },
  });
  const status = model.status === 'busy' ? 'generating' : model.status;

  function generate(e: React.FormEvent) {
    e.preventDefault();
    if (status !== 'ready') return;
    model.setProblem(null);
    setGenerated('');
    setAttention(null);
    setTiming(null);
    setShownPrompt(prompt);
    model.send({ type: 'generate', request: { prompt, temperature, topK, length, seed: seed.trim() || undefined } });
  }

  return (
    <div className={styles.playground}>
      <ComponentsPanel model={model} components={components} space={space} runs="generates" />
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
          <button type="button" className="secondary" onClick={model.restart} disabled={status !== 'generating'}>Stop</button>
          <span role="status" className={styles.status} data-testid="gpt-status" data-status={status}>
            {status === 'loading' ? 'Loading the model…' : status === 'generating' ? 'Generating…' : status === 'ready' ? 'Ready' : 'Unavailable'}
          </span>
        </div>
      </form>
      {model.problem && <p role="alert" className={styles.problem}>{model.problem}</p>}
      {(shownPrompt || generated) && (
        <section aria-label="Output">
          <h2>Output</h2>
          <p className={styles.output} data-testid="gpt-output">
            <span className={styles.outputPrompt}>{shownPrompt}</span>
            <span data-testid="gpt-generated">{generated}</span>
          </p>
          {timing && (
            <p className={styles.note} data-testid="gpt-time" data-ms={timing.ms.toFixed(1)}>
              {timing.chars} characters in {(timing.ms / 1000).toFixed(2)} s ({(timing.ms / timing.chars).toFixed(1)} ms each), on {model.mineCount > 0 ? `${model.mineCount} of your components` : 'the reference engine'}.
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
