// A digit drawn on the page, made into what TinyViT was trained on: MNIST's own preprocessing
// (LeCun et al.): the ink's bounding box scaled, keeping its aspect, to fit a 20 x 20 box, then
// placed in a 28 x 28 image so that its centre of mass is the image's centre; white ink (1) on
// black (0), as the mnist package's digits are. Without it a digit drawn small, or in a corner,
// is not the kind of image the model knows.
import type { Matrix, Tensor3 } from '../../engine/types.ts';

export const DIGIT_SIZE = 28;
const FIT = 20;
const INK = 0.05;

/** Ink (0 .. 1) per pixel of a drawing, (H, W), to the model's (1, 28, 28); null when nothing is drawn. */
export function mnistImage(ink: Matrix): Tensor3 | null {
  const H = ink.length;
  const W = ink[0]?.length ?? 0;
  let [x0, y0, x1, y1] = [W, H, -1, -1];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ink[y][x] > INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = FIT / Math.max(bw, bh); // target pixels per source pixel
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  // area average: each source pixel adds to the target cell its centre falls in
  const sum = Array.from({ length: th }, () => new Array<number>(tw).fill(0));
  const count = Array.from({ length: th }, () => new Array<number>(tw).fill(0));
  for (let y = y0; y <= y1; y++) {
    const ty = Math.min(th - 1, Math.floor((y - y0 + 0.5) * (th / bh)));
    for (let x = x0; x <= x1; x++) {
      const tx = Math.min(tw - 1, Math.floor((x - x0 + 0.5) * (tw / bw)));
      sum[ty][tx] += ink[y][x];
      count[ty][tx] += 1;
    }
  }
  const small = sum.map((row, y) => row.map((s, x) => (count[y][x] > 0 ? s / count[y][x] : 0))); // (th, tw)
  // centre of mass of the scaled digit, moved to the image's centre
  let [mass, mx, my] = [0, 0, 0];
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    mass += small[y][x];
    mx += small[y][x] * (x + 0.5);
    my += small[y][x] * (y + 0.5);
  }
  const ox = Math.round(DIGIT_SIZE / 2 - mx / mass);
  const oy = Math.round(DIGIT_SIZE / 2 - my / mass);
  const out = Array.from({ length: DIGIT_SIZE }, () => new Array<number>(DIGIT_SIZE).fill(0));
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const X = x + ox;
    const Y = y + oy;
    if (X >= 0 && X < DIGIT_SIZE && Y >= 0 && Y < DIGIT_SIZE) out[Y][X] = Math.min(1, small[y][x]);
  }
  return [out];
}

/** The ink of an RGBA canvas drawn in white on black: its red channel, 0 .. 1. */
export function inkOf(rgba: Uint8ClampedArray, width: number, height: number): Matrix {
  return Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => rgba[(y * width + x) * 4] / 255));
}
