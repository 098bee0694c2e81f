'use client';
// The TinySAM page's canvas, controls and read-outs. The scene is drawn here (synthetic-shapes.ts,
// from its seed); the model lives in a Web Worker (sam.worker.ts), driven as every capstone model's
// is (use-learner-worker.ts, with the learner's chosen components): this thread sends the image and
// the prompt whenever the prompt changes (the latest one only, once the worker is free) and shows
// the mask of that request.
// Pointer and keyboard reach the same prompts: click or Enter places a point, a drag or two Enters
// span a box, and the per-shape buttons place either without aiming.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SamPrompt } from '../../engine/tiny-sam.ts';
import type { Matrix, Vector } from '../../engine/types.ts';
import type { ModelUrls } from './load-model.ts';
import { MAX_POINTS, type FromSamWorker, type ToSamWorker } from './sam-protocol.ts';
import { ComponentsPanel } from './ComponentSwitches.tsx';
import type { ComponentInfo } from './learner-modules.ts';
import { useLearnerWorker } from './use-learner-worker.ts';
import { bestMatch, boxFrom, drawPicture, maskArea, pixelAt, promptOf, type PlacedPoint } from './sam-view.ts';
import { syntheticScene, type Scene } from './synthetic-shapes.ts';
import styles from './capstone.module.css';

type Mode = 'points' | 'box';

/** Screen pixels per model pixel. */
const SCALE = 10;

interface Answer {
  prompt: SamPrompt;
  scene: Scene;
  logits: Matrix;
  ms: number;
}

function startWorker(): Worker {
  return new Worker(new URL('./sam.worker.ts', import.meta.url), { type: 'module', name: 'tiny-sam' });
}

function newSeed(): string {
  return String(crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000);
}

export function SamPlayground({ urls, imageSize, components, space }: { urls: ModelUrls; imageSize: number; components: ComponentInfo[]; space: string }) {
  const pending = useRef<{ id: number; prompt: SamPrompt; scene: Scene; epoch: number } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const dragFrom = useRef<[number, number] | null>(null);
  const [seed, setSeed] = useState('1');
  const scene = useMemo(() => syntheticScene(seed, imageSize), [seed, imageSize]);
  const [mode, setMode] = useState<Mode>('points');
  const [negative, setNegative] = useState(false);
  const [points, setPoints] = useState<PlacedPoint[]>([]);
  const [box, setBox] = useState<Vector | null>(null);
  const [dragBox, setDragBox] = useState<Vector | null>(null);
  const [cursor, setCursor] = useState<[number, number]>([Math.floor(imageSize / 2), Math.floor(imageSize / 2)]);
  // the cursor is drawn for keyboard use only: a click needs no marker beyond its point
  const [cursorShown, setCursorShown] = useState(false);
  const [anchor, setAnchor] = useState<[number, number] | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);

  const prompt = useMemo(() => promptOf(points, box), [points, box]);

  const model = useLearnerWorker<ToSamWorker, FromSamWorker>({
    start: startWorker,
    urls,
    components,
    onAnswer: (m) => {
      if (m.type === 'mask') {
        const p = pending.current;
        if (p && p.id === m.id) setAnswer({ prompt: p.prompt, scene: p.scene, logits: m.logits, ms: m.ms });
        model.finish();
      }
    },
  });
  const { status, problem, setProblem } = model;

  // one request per prompt (a drag sends its box once, on release), sent when the worker is free
  // (the latest prompt only); the answer is shown only for it. A new worker (other components, a
  // restart) has answered nothing yet: the prompt goes to it again.
  useEffect(() => {
    if (status !== 'ready' || !prompt) return;
    const p = pending.current;
    if (p && p.prompt === prompt && p.scene === scene && p.epoch === model.epoch) return;
    const id = (p?.id ?? 0) + 1;
    pending.current = { id, prompt, scene, epoch: model.epoch };
    model.send({ type: 'segment', request: { id, image: scene.image, prompt } });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- send reads only refs; the epoch says when the worker changed
  }, [prompt, scene, status, model.epoch]);

  function checkAgain() {
    if (status !== 'ready' || !prompt) return;
    model.send({ type: 'check', request: { id: (pending.current?.id ?? 0) + 1, image: scene.image, prompt } });
  }

  const shown = answer && answer.prompt === prompt && answer.scene === scene ? answer : null;
  const shownBox = dragBox ?? (anchor ? boxFrom(anchor, cursor) : box);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) drawPicture(ctx, { image: scene.image[0], logits: shown?.logits ?? null, points, box: shownBox, cursor: cursorShown ? cursor : null }, SCALE);
  }, [scene, shown, points, shownBox, cursor, cursorShown]);

  function clearPrompt() {
    setPoints([]);
    setBox(null);
    setAnchor(null);
    setDragBox(null);
    setProblem(null);
  }

  function showScene(next: string) {
    setSeed(next);
    clearPrompt();
  }

  function chooseMode(next: Mode) {
    setMode(next);
    clearPrompt();
  }

  function placePoint(at: [number, number], asNegative: boolean) {
    if (points.length >= MAX_POINTS) return setProblem(`A prompt holds at most ${MAX_POINTS} points: Clear to start again.`);
    setProblem(null);
    setPoints([...points, { x: at[0], y: at[1], label: asNegative ? 0 : 1 }]);
  }

  function pixelOf(e: React.PointerEvent<HTMLCanvasElement>): [number, number] {
    return pixelAt(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect(), imageSize);
  }

  function onPointerDown(e: React.PointerEvent<HTMLCanvasElement>) {
    const at = pixelOf(e);
    setCursor(at);
    setCursorShown(false);
    if (mode === 'points') return placePoint(at, negative || e.shiftKey);
    e.currentTarget.setPointerCapture(e.pointerId); // the drag keeps reporting even off the canvas
    dragFrom.current = at;
    setDragBox(boxFrom(at, at));
  }

  function onPointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    if (dragFrom.current) setDragBox(boxFrom(dragFrom.current, pixelOf(e)));
  }

  function onPointerUp(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!dragFrom.current) return;
    setBox(boxFrom(dragFrom.current, pixelOf(e)));
    dragFrom.current = null;
    setDragBox(null);
  }

  function cancelDrag() {
    dragFrom.current = null;
    setDragBox(null);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLCanvasElement>) {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    if (move || e.key === 'Enter' || e.key === ' ') setCursorShown(true);
    if (move) {
      e.preventDefault(); // the arrows move the cursor, not the page
      const step = e.altKey ? 4 : 1;
      setCursor(([x, y]) => [Math.min(imageSize - 1, Math.max(0, x + step * move[0])), Math.min(imageSize - 1, Math.max(0, y + step * move[1]))]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (mode === 'points') placePoint(cursor, negative || e.shiftKey);
      else if (!anchor) setAnchor(cursor);
      else {
        setBox(boxFrom(anchor, cursor));
        setAnchor(null);
      }
    } else if (e.key === 'Escape' && anchor) setAnchor(null);
  }

  const area = shown ? maskArea(shown.logits) : null;
  const match = shown ? bestMatch(shown.logits, scene.shapes) : null;
  const size = imageSize * SCALE;

  return (
    <div className={styles.playground}>
      <ComponentsPanel model={model} components={components} space={space} runs="segments (on your first prompt, and again when you ask)" />
      <div className={styles.controls}>
        <div className={`${styles.settings} ${styles.samSettings}`}>
          <label>
            Seed
            <input type="text" value={seed} onChange={(e) => showScene(e.target.value)} size={8} data-testid="sam-seed" />
          </label>
          <button type="button" onClick={() => showScene(newSeed())}>New image</button>
          <fieldset className={styles.modes}>
            <legend>Prompt</legend>
            <label>
              <input type="radio" name="sam-mode" checked={mode === 'points'} onChange={() => chooseMode('points')} /> Points
            </label>
            <label>
              <input type="radio" name="sam-mode" checked={mode === 'box'} onChange={() => chooseMode('box')} /> Box
            </label>
          </fieldset>
          {mode === 'points' && (
            <label className={styles.inline}>
              <input type="checkbox" checked={negative} onChange={(e) => setNegative(e.target.checked)} /> Negative point
            </label>
          )}
          <button type="button" className="secondary" onClick={clearPrompt} disabled={!prompt && !anchor}>Clear</button>
          <span role="status" className={styles.status} data-testid="sam-status" data-status={status}>
            {status === 'loading' ? 'Loading the model…' : status === 'ready' ? 'Ready' : status === 'busy' ? 'Segmenting…' : 'Unavailable'}
          </span>
          {model.mineCount > 0 && (
            <button type="button" className="secondary" onClick={checkAgain} disabled={status !== 'ready' || !prompt}>Check my components on this prompt</button>
          )}
        </div>
        <p id="sam-canvas-note" className={styles.note}>
          {mode === 'points'
            ? 'Click a shape to put a positive point on it (green); shift-click, or tick "Negative point", for a negative one (red) that says "not this". With the keyboard: the arrow keys move the orange cursor (Alt for 4 pixels), Enter places a point, Shift+Enter a negative one.'
            : 'Drag a rectangle around a shape. With the keyboard: move the orange cursor with the arrow keys, Enter at one corner, Enter at the opposite corner (Escape cancels).'}
        </p>
      </div>
      {problem && <p role="alert" className={styles.problem}>{problem}</p>}
      <div className={styles.samStage}>
        <canvas
          ref={canvas}
          width={size}
          height={size}
          className={styles.samCanvas}
          style={{ width: size }}
          tabIndex={0}
          role="application"
          aria-label={`Synthetic image ${seed}, ${imageSize} x ${imageSize} pixels, with ${scene.shapes.length} shapes; cursor at x ${cursor[0]}, y ${cursor[1]}`}
          aria-describedby="sam-canvas-note"
          data-testid="sam-canvas"
          data-seed={seed}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={cancelDrag}
          onKeyDown={onKeyDown}
          onFocus={(e) => setCursorShown(e.currentTarget.matches(':focus-visible'))} // reached by Tab, not by a click
          onBlur={() => setCursorShown(false)}
        />
        <div className={styles.samSide}>
          <h2>Shapes</h2>
          <ol className={styles.shapeList}>
            {scene.shapes.map((s, i) => (
              <li key={i} data-shape={i + 1}>
                {s.kind}, {s.area} pixels{' '}
                {mode === 'points' ? (
                  <button type="button" className="secondary" onClick={() => placePoint(s.centre, negative)}>Point at the centre of shape {i + 1}</button>
                ) : (
                  <button type="button" className="secondary" onClick={() => setBox(s.box.slice())}>Box around shape {i + 1}</button>
                )}
              </li>
            ))}
          </ol>
          <p className={styles.note} aria-live="polite" data-testid="sam-prompt">
            {box
              ? `Box: x ${box[0]} to ${box[2]}, y ${box[1]} to ${box[3]}.`
              : anchor
                ? `First corner at (${anchor[0]}, ${anchor[1]}): move to the opposite corner and press Enter.`
                : points.length > 0
                  ? `Points: ${points.map((p) => `(${p.x}, ${p.y}) ${p.label === 1 ? 'positive' : 'negative'}`).join(', ')}.`
                  : 'No prompt yet.'}
          </p>
          {shown && match && (
            <dl className={styles.samResult} data-testid="sam-result">
              <dt>Mask (logit &gt; 0)</dt>
              <dd data-testid="sam-area" data-area={area ?? 0}>{area} pixels</dd>
              <dt>Best-matching true shape</dt>
              <dd data-testid="sam-iou" data-iou={match.iou} data-shape={match.index + 1}>
                shape {match.index + 1} ({scene.shapes[match.index].kind}): IoU {match.iou.toFixed(3)}
              </dd>
              <dt>Time in the worker</dt>
              <dd data-testid="sam-time" data-ms={shown.ms}>{shown.ms.toFixed(1)} ms</dd>
            </dl>
          )}
        </div>
      </div>
    </div>
  );
}
