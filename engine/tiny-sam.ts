// TinySAM, the capstone's promptable segmenter (exercises/capstone/tiny-sam): SAM's pipeline at toy
// size, composed from the curriculum's pieces. A patch embedding and one encoder block encode the
// image; the dense positional encoding and the point or box prompt encodings locate it; a mask token
// and the prompt tokens go through one two-way block; the image tokens are upsampled (nearest), the
// image itself is put beside them as one more channel (so the mask can follow its edges, which 4 x 4
// patches cannot), a 3 x 3 convolution with GELU mixes them, and a ReLU MLP on the mask token gives
// the hypernetwork weights whose dot product with them is the mask logits.
import { add } from './linalg.ts';
import { densePE, encodeBoxes, encodePoints, maskLogits, twoWayBlock } from './sam.ts';
import { encoderBlock, feedForward, gelu } from './transformer.ts';
import { conv2d, patchEmbed } from './vision.ts';
import type { BlockParams, BoxEmbeddings, FeedForwardParams, Kernel, Matrix, PointEmbeddings, Tensor3, TwoWayParams, Vector } from './types.ts';

export interface TinySAM {
  patchSize: number;
  W: Matrix; // (C p p, d)
  b: Vector; // (d)
  pos: Matrix; // (N, d), learned
  encoder: BlockParams;
  numHeads: number;
  gaussian: Matrix; // (2, d / 2), fixed
  points: PointEmbeddings;
  boxes: BoxEmbeddings;
  maskToken: Vector; // (d)
  decoder: TwoWayParams;
  decoderHeads: number;
  upscale: { kernel: Kernel; bias: Vector }; // (C, d + 1, 3, 3), (C): over the upsampled tokens and the image
  hyper: FeedForwardParams; // ReLU MLP on the mask token: (d, d), (d, C)
}

/** One prompt: points (x, y) in pixels with labels 1 (on the object) and 0 (not on it), or a box [x0, y0, x1, y1]. */
export type SamPrompt = { points: Matrix; labels: number[] } | { box: Vector };

/** Each channel's plane repeated `f` times along y and x, (C, H, W) -> (C, f H, f W). */
export function upsampleNearest(x: Tensor3, f: number): Tensor3 {
  return x.map((plane) => plane.flatMap((row) => Array.from({ length: f }, () => row.flatMap((v) => Array<number>(f).fill(v)))));
}

/** The mask logits (H, W) of one prompt on a grey image (1, H, W). */
export function tinySamMask(image: Tensor3, prompt: SamPrompt, m: TinySAM): Matrix {
  const H = image[0].length;
  const Wd = image[0][0].length;
  const g = H / m.patchSize; // the grid is g x g
  const embedded = encoderBlock(add(patchEmbed(image, m.W, m.b, m.patchSize), m.pos), m.encoder, m.numHeads); // (N, d)
  const pe = densePE(g, g, m.gaussian); // (d, g, g)
  const keyPE = Array.from({ length: g * g }, (_, t) => pe.map((plane) => plane[Math.floor(t / g)][t % g])); // (N, d), raster order
  const sparse = 'box' in prompt
    ? encodeBoxes([prompt.box], [H, Wd], m.gaussian, m.boxes) // (2, d)
    : encodePoints(prompt.points, prompt.labels, [H, Wd], m.gaussian, m.points, true); // (P + 1, d)
  const queries = [m.maskToken.slice(), ...sparse]; // (1 + P, d)
  const out = twoWayBlock(queries, embedded, queries, keyPE, m.decoder, m.decoderHeads, true);
  const d = m.maskToken.length;
  const grid = Array.from({ length: d }, (_, c) => Array.from({ length: g }, (_, y) => Array.from({ length: g }, (_, x) => out.keys[y * g + x][c]))); // (d, g, g)
  const upscaled = conv2d([...upsampleNearest(grid, m.patchSize), ...image], m.upscale.kernel, m.upscale.bias, 1, 1).map((plane) => gelu(plane)); // (C, H, W)
  const hyperIn = feedForward([out.queries[0]], m.hyper.W1, m.hyper.b1, m.hyper.W2, m.hyper.b2, { activation: 'relu' }); // (1, C)
  return maskLogits(hyperIn, upscaled)[0]; // (H, W)
}
