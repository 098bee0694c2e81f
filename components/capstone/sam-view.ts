// What the TinySAM page draws and measures, apart from React: where a pointer lands in the model's
// pixels, the box two corners span, the mask's area and how well it matches the scene's true
// shapes, and the canvas picture (the image scaled up, the mask over it, the prompt on top).
import type { SamPrompt } from '../../engine/tiny-sam.ts';
import type { Matrix, Vector } from '../../engine/types.ts';
import { maskIoU, type Shape } from './synthetic-shapes.ts';

export interface PlacedPoint {
  x: number;
  y: number;
  /** 1 on the object, 0 not on it. */
  label: 0 | 1;
}

/**
 * The model pixel (x, y) under a pointer at (clientX, clientY) on a canvas drawn at `rect`: the
 * index of the pixel the pointer is in, as train.py's prompts are (whole pixel indices; the engine's
 * encodePoints adds the 0.5 that moves them to the pixel's centre). x is the column, y the row.
 */
export function pixelAt(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }, size: number): [number, number] {
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, Math.floor(v)));
  return [clamp(((clientX - rect.left) / rect.width) * size), clamp(((clientY - rect.top) / rect.height) * size)];
}

/** The box [x0, y0, x1, y1] (inclusive pixel indices, as train.py's) with corners a and b, dragged either way. */
export function boxFrom(a: [number, number], b: [number, number]): Vector {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** The prompt the model gets, or null when there is nothing to segment yet. */
export function promptOf(points: readonly PlacedPoint[], box: Vector | null): SamPrompt | null {
  if (box) return { box: box.slice() };
  if (points.length === 0) return null;
  return { points: points.map((p) => [p.x, p.y]), labels: points.map((p) => p.label) };
}

/** Pixels with logit > 0. */
export function maskArea(logits: Matrix): number {
  return logits.reduce((s, row) => s + row.filter((l) => l > 0).length, 0);
}

/** The true shape the mask matches best, and the IoU with it; null when the scene has none. */
export function bestMatch(logits: Matrix, shapes: readonly Shape[]): { index: number; iou: number } | null {
  let best: { index: number; iou: number } | null = null;
  shapes.forEach((s, index) => {
    const iou = maskIoU(logits, s.mask);
    if (!best || iou > best.iou) best = { index, iou };
  });
  return best;
}

export interface Picture {
  image: Matrix; // (H, W) grey levels
  logits: Matrix | null; // (H, W)
  points: readonly PlacedPoint[];
  box: Vector | null;
  /** The keyboard cursor's pixel, when the canvas has focus. */
  cursor: [number, number] | null;
}

/** The scene on a canvas of `scale` screen pixels per model pixel. */
export function drawPicture(ctx: CanvasRenderingContext2D, pic: Picture, scale: number): void {
  const H = pic.image.length;
  const W = pic.image[0].length;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const g = Math.round(255 * Math.min(1, Math.max(0, pic.image[y][x])));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(x * scale, y * scale, scale, scale);
    }
  }
  if (pic.logits) {
    ctx.fillStyle = 'rgba(37, 99, 235, 0.45)';
    pic.logits.forEach((row, y) => row.forEach((l, x) => l > 0 && ctx.fillRect(x * scale, y * scale, scale, scale)));
  }
  if (pic.box) {
    const [x0, y0, x1, y1] = pic.box;
    ctx.strokeStyle = '#facc15';
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 * scale, y0 * scale, (x1 - x0 + 1) * scale, (y1 - y0 + 1) * scale); // around the corner pixels, which are in the box
  }
  for (const p of pic.points) {
    ctx.beginPath();
    ctx.arc((p.x + 0.5) * scale, (p.y + 0.5) * scale, scale * 0.45, 0, 2 * Math.PI); // on the pixel's centre, where the model reads it
    ctx.fillStyle = p.label === 1 ? '#16a34a' : '#dc2626';
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
  if (pic.cursor) {
    ctx.strokeStyle = '#f97316';
    ctx.lineWidth = 2;
    ctx.strokeRect(pic.cursor[0] * scale + 1, pic.cursor[1] * scale + 1, scale - 2, scale - 2);
  }
}
