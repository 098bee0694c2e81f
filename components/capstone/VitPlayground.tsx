'use client';
// The TinyViT page's drawing canvas, sample digits and read-outs. The learner draws in white on
// black (mouse, pen or touch, through pointer events) or picks a sample digit (buttons: the
// keyboard's way in); the drawing is framed as MNIST frames its digits (digit-image.ts) and sent to
// the model's Web Worker (vit.worker.ts), driven as every capstone model's is
// (use-learner-worker.ts). The answer: ten class probabilities, and what the CLS token attends to,
// per head, drawn over the 4 x 4 patches of the 28 x 28 digit the model saw.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Matrix, Tensor3 } from '../../engine/types.ts';
import type { ModelUrls } from './load-model.ts';
import type { FromVitWorker, ToVitWorker } from './vit-protocol.ts';
import { ComponentsPanel } from './ComponentSwitches.tsx';
import type { ComponentInfo } from './learner-modules.ts';
import { DIGIT_SIZE, inkOf, mnistImage } from './digit-image.ts';
import { useLearnerWorker } from './use-learner-worker.ts';
import styles from './capstone.module.css';

/** The drawing canvas, in its own pixels (10 per MNIST pixel). */
const CANVAS = 280;
const BRUSH = 22;
/** The overlay, in screen pixels per MNIST pixel. */
const VIEW = 8;

function startWorker(): Worker {
  return new Worker(new URL('./vit.worker.ts', import.meta.url), { type: 'module', name: 'tiny-vit' });
}

interface Answer {
  id: number;
  image: Tensor3;
  probabilities: number[];
  clsAttention: Matrix;
  ms: number;
}

/** The digit the model saw, with one head's (or the mean) CLS attention over its patches in orange. */
function drawOverlay(ctx: CanvasRenderingContext2D, image: Tensor3, attention: number[], patchSize: number) {
  const grid = DIGIT_SIZE / patchSize;
  const top = Math.max(...attention, 1e-12);
  ctx.clearRect(0, 0, DIGIT_SIZE * VIEW, DIGIT_SIZE * VIEW);
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const v = Math.round(255 * image[0][y][x]);
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect(x * VIEW, y * VIEW, VIEW, VIEW);
    }
  }
  for (let t = 0; t < attention.length; t++) {
    const [py, px] = [Math.floor(t / grid), t % grid];
    ctx.fillStyle = `rgba(255,140,0,${(0.65 * attention[t]) / top})`;
    ctx.fillRect(px * patchSize * VIEW, py * patchSize * VIEW, patchSize * VIEW, patchSize * VIEW);
  }
}

export function VitPlayground({ urls, patchSize, samples, components, space }: { urls: ModelUrls; patchSize: number; samples: { label: number; image: Tensor3 }[]; components: ComponentInfo[]; space: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const lastId = useRef(0);
  const pendingImage = useRef<Tensor3 | null>(null);
  const [digit, setDigit] = useState<{ image: Tensor3; sent: number } | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [head, setHead] = useState<'mean' | number>('mean');

  const model = useLearnerWorker<ToVitWorker, FromVitWorker>({
    start: startWorker,
    urls,
    components,
    onAnswer: (m) => {
      if (m.type === 'classified') {
        if (m.id === lastId.current && pendingImage.current) setAnswer({ id: m.id, image: pendingImage.current, probabilities: m.probabilities, clsAttention: m.clsAttention, ms: m.ms });
        model.finish();
      }
    },
  });
  const { status } = model;

  const clear = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, CANVAS, CANVAS);
  }, []);

  useEffect(clear, [clear]);

  // the latest digit goes to the worker once it is free (a new worker gets it again)
  useEffect(() => {
    if (status !== 'ready' || !digit || digit.sent === model.epoch) return;
    const id = ++lastId.current;
    pendingImage.current = digit.image;
    setDigit({ image: digit.image, sent: model.epoch });
    model.send({ type: 'classify', request: { id, image: digit.image } });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- send reads only refs; the epoch says when the worker changed
  }, [digit, status, model.epoch]);

  function classifyCanvas() {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = mnistImage(inkOf(ctx.getImageData(0, 0, CANVAS, CANVAS).data, CANVAS, CANVAS));
    if (image) setDigit({ image, sent: -1 });
  }

  function showSample(image: Tensor3) {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) {
      const cell = CANVAS / DIGIT_SIZE;
      for (let y = 0; y < DIGIT_SIZE; y++) {
        for (let x = 0; x < DIGIT_SIZE; x++) {
          const v = Math.round(255 * image[0][y][x]);
          ctx.fillStyle = `rgb(${v},${v},${v})`;
          ctx.fillRect(x * cell, y * cell, cell, cell);
        }
      }
    }
    setDigit({ image, sent: -1 }); // a sample is already MNIST's framing
  }

  function at(e: React.PointerEvent<HTMLCanvasElement>): { x: number; y: number } {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * CANVAS, y: ((e.clientY - r.top) / r.height) * CANVAS };
  }

  function stroke(from: { x: number; y: number }, to: { x: number; y: number }) {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  function onPointerDown(e: React.PointerEvent<HTMLCanvasElement>) {
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = at(e);
    drawing.current = p;
    stroke(p, p);
  }

  function onPointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!drawing.current) return;
    const p = at(e);
    stroke(drawing.current, p);
    drawing.current = p;
  }

  function onPointerUp() {
    if (!drawing.current) return;
    drawing.current = null;
    classifyCanvas(); // each finished stroke: a digit is often several
  }

  const shownAttention = answer ? (head === 'mean' ? answer.clsAttention[0].map((_, t) => answer.clsAttention.reduce((s, h) => s + h[t], 0) / answer.clsAttention.length) : answer.clsAttention[head]) : null;
  useEffect(() => {
    const ctx = overlay.current?.getContext('2d');
    if (ctx && answer && shownAttention) drawOverlay(ctx, answer.image, shownAttention, patchSize);
  }, [answer, shownAttention, patchSize]);

  const predicted = answer ? answer.probabilities.indexOf(Math.max(...answer.probabilities)) : null;

  return (
    <div className={styles.playground}>
      <ComponentsPanel model={model} components={components} space={space} runs="classifies (on your first digit, and again when you ask)" />
      <div className={styles.controls}>
        <div className={styles.buttons}>
          <button type="button" className="secondary" onClick={() => { clear(); setDigit(null); setAnswer(null); }}>Clear</button>
          {model.mineCount > 0 && (
            <button type="button" className="secondary" disabled={status !== 'ready' || !digit} onClick={() => digit && model.send({ type: 'check', request: { id: ++lastId.current, image: digit.image } })}>
              Check my components on this digit
            </button>
          )}
          <span role="status" className={styles.status} data-testid="vit-status" data-status={status}>
            {status === 'loading' ? 'Loading the model…' : status === 'ready' ? 'Ready' : status === 'busy' ? 'Classifying…' : 'Unavailable'}
          </span>
        </div>
        <p id="vit-canvas-note" className={styles.note}>
          Draw one digit, large, in the black square (mouse, pen or finger): it is classified each time you lift the pen. Or pick a handwritten sample from MNIST&apos;s held-out digits:
        </p>
        <div className={styles.samples} role="group" aria-label="Sample digits">
          {samples.map((s, i) => (
            <button key={i} type="button" className="secondary" onClick={() => showSample(s.image)}>Sample {i + 1}: a {s.label}</button>
          ))}
        </div>
      </div>
      {model.problem && <p role="alert" className={styles.problem}>{model.problem}</p>}
      <div className={styles.samStage}>
        <canvas
          ref={canvas}
          width={CANVAS}
          height={CANVAS}
          className={styles.vitCanvas}
          role="img"
          aria-label="Drawing canvas for one digit (the sample buttons are the keyboard's way to give one)"
          aria-describedby="vit-canvas-note"
          data-testid="vit-canvas"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        />
        {answer && predicted !== null && (
          <div className={styles.samSide}>
            <p className={styles.prediction}>
              It is a <strong data-testid="vit-prediction">{predicted}</strong> ({(100 * answer.probabilities[predicted]).toFixed(1)} %)
            </p>
            <ol className={styles.probabilities} data-testid="vit-probabilities" aria-label="Probability of each digit" start={0}>
              {answer.probabilities.map((p, k) => (
                <li key={k} data-digit={k} data-p={p} aria-current={k === predicted ? 'true' : undefined}>
                  <span className={styles.digitLabel}>{k}</span>
                  <span className={styles.bar} style={{ width: `${Math.max(0.5, 100 * p)}%` }} />
                  <span>{(100 * p).toFixed(1)} %</span>
                </li>
              ))}
            </ol>
            <p className={styles.note} data-testid="vit-time" data-ms={answer.ms.toFixed(2)} data-answer={answer.id}>Classified in {answer.ms.toFixed(1)} ms in the worker.</p>
          </div>
        )}
      </div>
      {answer && (
        <section aria-label="What the CLS token attends to">
          <h2>What the CLS token attends to</h2>
          <p className={styles.note}>
            The digit as the model saw it (28 x 28, framed as MNIST frames its digits), with the CLS token&apos;s attention over its {answer.clsAttention[0].length} patches of {patchSize} x {patchSize} pixels in orange, as the reference engine computes it from the embeddings: the stronger the orange, the more the token that makes the prediction reads that patch.
          </p>
          <label>
            Head{' '}
            <select value={String(head)} onChange={(e) => setHead(e.target.value === 'mean' ? 'mean' : Number(e.target.value))}>
              <option value="mean">mean of the {answer.clsAttention.length} heads</option>
              {answer.clsAttention.map((_, h) => <option key={h} value={h}>head {h + 1}</option>)}
            </select>
          </label>
          <canvas ref={overlay} width={DIGIT_SIZE * VIEW} height={DIGIT_SIZE * VIEW} className={styles.vitOverlay} role="img" data-testid="vit-attention"
            aria-label={`The digit with the CLS token's attention (${head === 'mean' ? 'mean of the heads' : `head ${head + 1}`}) over its patches; strongest on patch ${shownAttention ? shownAttention.indexOf(Math.max(...shownAttention)) + 1 : ''}`} />
        </section>
      )}
    </div>
  );
}
