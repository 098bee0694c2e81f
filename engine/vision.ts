// Vision: 2-D cross-correlation (what deep-learning "conv" layers compute, as F.conv2d), and the
// Vision Transformer's patch embedding, CLS token and classifier (Dosovitskiy et al. 2021, eq. 1-4).
import { linear, meanRows } from './linalg.ts';
import { BLOCK_EPS, encoderBlock, layerNorm, type EncoderBlockOptions } from './transformer.ts';
import type { CostConfig, CostReport, Kernel, Matrix, Tensor3, TinyViT, Vector } from './types.ts';

export interface Conv2dOptions {
  /** true: flip the kernel (a true mathematical convolution, not the cross-correlation layers compute). */
  flipKernel?: boolean;
}

/** Zero-padded strided cross-correlation; image (C, H, W), kernel (O, C, k, k) -> (O, H', W'). */
export function conv2d(image: Tensor3, kernel: Kernel, bias: Vector, stride: number, padding: number, options?: Conv2dOptions): Tensor3 {
  const C = image.length;
  const H = image[0].length;
  const W = image[0][0].length;
  const k = kernel[0][0].length;
  const outH = Math.floor((H + 2 * padding - k) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - k) / stride) + 1;
  const flip = options?.flipKernel === true;
  return kernel.map((filter, o) => {
    const plane: Matrix = [];
    for (let oy = 0; oy < outH; oy++) {
      const row: number[] = [];
      for (let ox = 0; ox < outW; ox++) {
        let s = 0;
        for (let c = 0; c < C; c++) {
          for (let ky = 0; ky < k; ky++) {
            const y = oy * stride + ky - padding;
            if (y < 0 || y >= H) continue; // zero padding
            for (let kx = 0; kx < k; kx++) {
              const x = ox * stride + kx - padding;
              if (x < 0 || x >= W) continue;
              const w = flip ? filter[c][k - 1 - ky][k - 1 - kx] : filter[c][ky][kx];
              s += w * image[c][y][x];
            }
          }
        }
        row.push(s + bias[o]);
      }
      plane.push(row);
    }
    return plane;
  });
}

export interface PatchifyOptions {
  /** Flattening order inside a patch: 'cyx' (a flattened Conv2d weight, correct) or 'yxc' (channels last). */
  order?: 'cyx' | 'yxc';
  /** Order of the patches: 'raster' (row by row, correct) or 'column' (column by column). */
  grid?: 'raster' | 'column';
}

/** Non-overlapping p x p patches in raster order, each flattened (c, y, x): (N, C p p). */
export function patchify(image: Tensor3, patchSize: number, options?: PatchifyOptions): Matrix {
  const C = image.length;
  const gh = image[0].length / patchSize;
  const gw = image[0][0].length / patchSize;
  const p = patchSize;
  const patch = (py: number, px: number): number[] => {
    const flat: number[] = [];
    if (options?.order === 'yxc') {
      for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) for (let c = 0; c < C; c++) flat.push(image[c][py * p + y][px * p + x]);
    } else {
      for (let c = 0; c < C; c++) for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) flat.push(image[c][py * p + y][px * p + x]);
    }
    return flat;
  };
  const out: Matrix = [];
  if (options?.grid === 'column') {
    for (let px = 0; px < gw; px++) for (let py = 0; py < gh; py++) out.push(patch(py, px));
  } else {
    for (let py = 0; py < gh; py++) for (let px = 0; px < gw; px++) out.push(patch(py, px));
  }
  return out;
}

/** patchify(image) W + b, W (C p p, D): (N, D); the same as a Conv2d with kernel = stride = p. */
export function patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number, options?: PatchifyOptions): Matrix {
  return linear(patchify(image, patchSize, options), W, b); // (N, D)
}

export interface VitEmbeddingsOptions {
  /** false: forget the CLS token (patches + pos[0 .. N-1]). */
  cls?: boolean;
  /** 'last': append CLS after the patches instead of prepending it. */
  clsAt?: 'first' | 'last';
  /** false: forget the position embeddings. */
  positions?: boolean;
}

/** [cls; patchTokens] + pos, (N + 1, D). */
export function vitEmbeddings(patchTokens: Matrix, cls: Vector, pos: Matrix, options?: VitEmbeddingsOptions): Matrix {
  const tokens: Matrix = options?.cls === false ? patchTokens : options?.clsAt === 'last' ? [...patchTokens, cls] : [cls, ...patchTokens]; // (N + 1, D)
  if (options?.positions === false) return tokens.map((r) => r.slice());
  return tokens.map((row, i) => row.map((x, j) => x + pos[i][j]));
}

export interface CostModelOptions {
  /** true: forget the CLS token in the token count. */
  noCls?: boolean;
  /** FLOPs per multiply-add: 2 (correct) or 1 (counting MACs). */
  flopsPerMultiplyAdd?: 1 | 2;
  /** false: forget the conv biases in the parameter count. */
  convBias?: boolean;
}

/** Back-of-the-envelope costs of one attention layer over ViT tokens vs a same-padded conv layer. */
export function costModel(c: CostConfig, options?: CostModelOptions): CostReport {
  const perSide = c.imageSize / c.patchSize;
  const tokens = perSide * perSide + (options?.noCls ? 0 : 1);
  const fpm = options?.flopsPerMultiplyAdd ?? 2;
  const k2 = c.kernelSize * c.kernelSize;
  return {
    tokens,
    attentionScores: tokens * tokens,
    attentionFlops: 2 * fpm * tokens * tokens * c.dModel, // Q K^T and weights V: tokens^2 d multiply-adds each
    convParams: c.convChannels * c.channels * k2 + (options?.convBias === false ? 0 : c.convChannels),
    convFlops: fpm * c.channels * k2 * c.convChannels * c.imageSize * c.imageSize,
  };
}

export interface VitClassifyOptions extends PatchifyOptions {
  /** 'cls' (row 0, correct) or 'mean' (average of all token rows). */
  readout?: 'cls' | 'mean';
  /** false: forget the final layer norm. */
  finalNorm?: boolean;
  /** Options of the encoder block. */
  block?: EncoderBlockOptions;
}

/** Logits of a one-block ViT: embed, block (no mask), lnF, head on the CLS row; (classes). */
export function vitClassify(image: Tensor3, p: TinyViT, options?: VitClassifyOptions): Vector {
  const x0 = vitEmbeddings(patchEmbed(image, p.W, p.b, p.patchSize, options), p.cls, p.pos); // (N + 1, D)
  let h = encoderBlock(x0, p.block, p.numHeads, undefined, options?.block); // (N + 1, D)
  if (options?.finalNorm !== false) h = layerNorm(h, p.lnF.gamma, p.lnF.beta, BLOCK_EPS);
  const readout = options?.readout === 'mean' ? meanRows(h) : h[0]; // (D)
  return linear([readout], p.head.W, p.head.b)[0]; // (classes)
}
