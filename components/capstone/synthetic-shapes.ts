// TinySAM's world: the synthetic scenes scripts/capstone/train.py (sam_scene) trained it on, drawn
// again in TypeScript so the page shows the model the kind of image it knows: 2 or 3 circles,
// rectangles and triangles that do not touch (not even 4-neighbour adjacent), each one flat grey
// level in [0.45, 1) on a background uniform in [0, 0.15), plus gaussian noise of sd 0.03 over
// all. Same distributions and the same order of draws as train.py, from the engine's seeded sfc32
// (not numpy's stream: the scenes are alike, not identical), so a seed names one scene anywhere.
import { createRng } from '../../engine/random.ts';
import type { Matrix, Tensor3, Vector } from '../../engine/types.ts';

export const SCENE_SIZE = 32;

export type ShapeKind = 'circle' | 'rectangle' | 'triangle';

export interface Shape {
  kind: ShapeKind;
  /** 0/1, (H, W). */
  mask: Matrix;
  /** Pixels in the mask. */
  area: number;
  /** The mask's pixel (x, y) nearest its centroid: a point surely on the shape (a centroid need not be). */
  centre: [number, number];
  /** The tightest box [x0, y0, x1, y1] of pixel indices, as train.py prompts with. */
  box: Vector;
}

export interface Scene {
  seed: string;
  /** Grey levels, (1, H, W). */
  image: Tensor3;
  shapes: Shape[];
}

const KINDS: ShapeKind[] = ['circle', 'rectangle', 'triangle'];

/** A shape's mask from its kind and draws, as train.py's three cases. */
function drawMask(kind: ShapeKind, cx: number, cy: number, r: number, w: number, h: number, size: number): boolean[][] {
  return Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => {
      if (kind === 'circle') return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      if (kind === 'rectangle') return Math.abs(x - cx) <= w && Math.abs(y - cy) <= h;
      return y >= cy - r && y <= cy + r && Math.abs(x - cx) <= (y - (cy - r)) * 0.6; // apex up, widening downwards
    }),
  );
}

/** The mask and its 4-neighbours: what another shape may not touch. */
function grow(m: boolean[][]): boolean[][] {
  return m.map((row, y) => row.map((v, x) => v || !!m[y - 1]?.[x] || !!m[y + 1]?.[x] || !!row[x - 1] || !!row[x + 1]));
}

function describe(kind: ShapeKind, m: boolean[][]): Shape {
  const pixels: [number, number][] = [];
  m.forEach((row, y) => row.forEach((v, x) => v && pixels.push([x, y])));
  const mx = pixels.reduce((s, p) => s + p[0], 0) / pixels.length;
  const my = pixels.reduce((s, p) => s + p[1], 0) / pixels.length;
  let centre = pixels[0];
  for (const p of pixels) if ((p[0] - mx) ** 2 + (p[1] - my) ** 2 < (centre[0] - mx) ** 2 + (centre[1] - my) ** 2) centre = p;
  const xs = pixels.map((p) => p[0]);
  const ys = pixels.map((p) => p[1]);
  return {
    kind,
    mask: m.map((row) => row.map((v) => (v ? 1 : 0))),
    area: pixels.length,
    centre,
    box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  };
}

/** The scene of `seed`: its image and each shape's true mask. */
export function syntheticScene(seed: string, size = SCENE_SIZE): Scene {
  const rng = createRng(`tiny-sam-scene\u0000${seed}`);
  const image: Matrix = Array.from({ length: size }, () => Array.from({ length: size }, () => rng.uniform(0, 0.15))); // (H, W)
  const taken: boolean[][] = image.map((row) => row.map(() => false));
  const shapes: Shape[] = [];
  const count = rng.int(2, 3);
  for (let s = 0; s < count; s++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const kind = KINDS[rng.int(0, 2)];
      const cx = rng.uniform(6, size - 6);
      const cy = rng.uniform(6, size - 6);
      const r = rng.uniform(3, 7);
      // train.py draws the rectangle's half-sizes only for a rectangle: so does this, keeping the order of draws
      const [w, h] = kind === 'rectangle' ? [rng.uniform(3, 8), rng.uniform(3, 8)] : [0, 0];
      const m = drawMask(kind, cx, cy, r, w, h, size);
      const grown = grow(m);
      const area = m.flat().filter(Boolean).length;
      if (area < 12 || grown.some((row, y) => row.some((v, x) => v && taken[y][x]))) continue;
      grown.forEach((row, y) => row.forEach((v, x) => v && (taken[y][x] = true)));
      const level = rng.uniform(0.45, 1);
      m.forEach((row, y) => row.forEach((v, x) => v && (image[y][x] = level)));
      shapes.push(describe(kind, m));
      break;
    }
  }
  // noise last, over everything, as train.py adds it to the finished image
  return { seed, image: [image.map((row) => row.map((v) => v + rng.normal(0, 0.03)))], shapes };
}

/** Intersection over union of the mask logits > 0 and a 0/1 mask (1 when both are empty, as train.py). */
export function maskIoU(logits: Matrix, truth: Matrix): number {
  let inter = 0;
  let union = 0;
  logits.forEach((row, y) => row.forEach((l, x) => {
    const p = l > 0;
    const t = truth[y][x] === 1;
    if (p && t) inter++;
    if (p || t) union++;
  }));
  return union === 0 ? 1 : inter / union;
}
