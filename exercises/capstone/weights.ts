// A trained model's weights as the engine takes them: manifest.json names every tensor (its shape
// and its offset, in float32 values, into weights.bin) and this module turns the raw bytes into the
// curriculum's structures (TinyGPT, TinyViT, TinySAM) as float64 numbers. Pure, so the server and a
// browser worker read a model the same way (scripts/capstone/train.py writes them).
import type { BlockParams, Kernel, LayerNormParams, Matrix, SamAttentionWeights, TinyGPT, TinyViT, Vector } from '../../engine/types.ts';
import type { TinySAM } from '../../engine/tiny-sam.ts';

export interface TensorEntry {
  name: string;
  shape: number[];
  /** In float32 values from the start of weights.bin. */
  offset: number;
}

export interface Manifest {
  model: string;
  config: Record<string, number>;
  dtype: 'float32';
  /** Values in weights.bin. */
  count: number;
  sha256: string;
  tensors: TensorEntry[];
  /** TinyGPT: the characters of its vocabulary, by token id. */
  vocab?: string[];
  /** TinyViT: the share of held-out digits it classifies right. */
  accuracy?: number;
}

/** Reads tensors out of the bytes of weights.bin by name; throws naming what is missing or the wrong size. */
export class Weights {
  readonly manifest: Manifest;
  private readonly values: Float32Array;
  private readonly byName: Map<string, TensorEntry>;

  constructor(manifest: Manifest, bytes: Uint8Array) {
    this.manifest = manifest;
    if (bytes.byteLength !== manifest.count * 4) throw new Error(`${manifest.model}: weights.bin holds ${bytes.byteLength} bytes, the manifest says ${manifest.count * 4}`);
    // a copy on a fresh, aligned buffer, read as little-endian float32 whatever the host
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.values = Float32Array.from({ length: manifest.count }, (_, i) => view.getFloat32(i * 4, true));
    this.byName = new Map(manifest.tensors.map((t) => [t.name, t]));
  }

  private entry(name: string, rank: number): TensorEntry {
    const t = this.byName.get(name);
    if (!t) throw new Error(`${this.manifest.model}: no tensor "${name}"`);
    if (t.shape.length !== rank) throw new Error(`${this.manifest.model}: "${name}" has shape [${t.shape}], not rank ${rank}`);
    return t;
  }

  vector(name: string): Vector {
    const t = this.entry(name, 1);
    return Array.from(this.values.subarray(t.offset, t.offset + t.shape[0]));
  }

  matrix(name: string): Matrix {
    const t = this.entry(name, 2);
    const [rows, cols] = t.shape;
    return Array.from({ length: rows }, (_, r) => Array.from(this.values.subarray(t.offset + r * cols, t.offset + (r + 1) * cols)));
  }

  /** A convolution kernel, (out, in, ky, kx). */
  kernel(name: string): Kernel {
    const t = this.entry(name, 4);
    const [o, i, ky, kx] = t.shape;
    const at = (a: number, b: number, y: number) => t.offset + ((a * i + b) * ky + y) * kx;
    return Array.from({ length: o }, (_, a) => Array.from({ length: i }, (_, b) => Array.from({ length: ky }, (_, y) => Array.from(this.values.subarray(at(a, b, y), at(a, b, y) + kx)))));
  }

  layerNorm(prefix: string): LayerNormParams {
    return { gamma: this.vector(`${prefix}.gamma`), beta: this.vector(`${prefix}.beta`) };
  }

  samAttention(prefix: string): SamAttentionWeights {
    const m = (n: string) => this.matrix(`${prefix}.${n}`);
    const v = (n: string) => this.vector(`${prefix}.${n}`);
    return { Wq: m('Wq'), bq: v('bq'), Wk: m('Wk'), bk: v('bk'), Wv: m('Wv'), bv: v('bv'), Wo: m('Wo'), bo: v('bo') };
  }

  feedForward(prefix: string): { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector } {
    return { W1: this.matrix(`${prefix}.W1`), b1: this.vector(`${prefix}.b1`), W2: this.matrix(`${prefix}.W2`), b2: this.vector(`${prefix}.b2`) };
  }

  block(prefix: string): BlockParams {
    return {
      ln1: this.layerNorm(`${prefix}.ln1`),
      attn: this.samAttention(`${prefix}.attn`),
      ln2: this.layerNorm(`${prefix}.ln2`),
      ffn: this.feedForward(`${prefix}.ffn`),
    };
  }
}

/** The character-level GPT and its vocabulary (token id -> character). */
export function tinyGptFrom(w: Weights): { model: TinyGPT; vocab: string[]; contextLength: number } {
  const { layers, numHeads, contextLength } = w.manifest.config;
  if (!w.manifest.vocab) throw new Error('tiny-gpt: the manifest has no vocabulary');
  return {
    model: {
      tokenEmbedding: w.matrix('tokenEmbedding'), // (V, d)
      positionEmbedding: w.matrix('positionEmbedding'), // (Tmax, d)
      blocks: Array.from({ length: layers }, (_, i) => w.block(`blocks.${i}`)),
      lnF: w.layerNorm('lnF'),
      numHeads,
    },
    vocab: w.manifest.vocab,
    contextLength,
  };
}

/** The digit classifier. */
export function tinyVitFrom(w: Weights): TinyViT {
  return {
    patchSize: w.manifest.config.patchSize,
    W: w.matrix('W'), // (C p p, D)
    b: w.vector('b'),
    cls: w.vector('cls'),
    pos: w.matrix('pos'), // (N + 1, D)
    block: w.block('block'),
    lnF: w.layerNorm('lnF'),
    head: { W: w.matrix('head.W'), b: w.vector('head.b') },
    numHeads: w.manifest.config.numHeads,
  };
}

/** The promptable segmenter. */
export function tinySamFrom(w: Weights): TinySAM {
  const { patchSize, numHeads, decoderHeads } = w.manifest.config;
  const d = (name: string) => `decoder.${name}`;
  return {
    patchSize,
    W: w.matrix('W'),
    b: w.vector('b'),
    pos: w.matrix('pos'),
    encoder: w.block('encoder'),
    numHeads,
    gaussian: w.matrix('gaussian'),
    points: { notAPoint: w.vector('points.notAPoint'), negative: w.vector('points.negative'), positive: w.vector('points.positive') },
    boxes: { topLeft: w.vector('boxes.topLeft'), bottomRight: w.vector('boxes.bottomRight') },
    maskToken: w.vector('maskToken'),
    decoder: {
      selfAttn: w.samAttention(d('selfAttn')),
      norm1: w.layerNorm(d('norm1')),
      crossTokenToImage: w.samAttention(d('crossTokenToImage')),
      norm2: w.layerNorm(d('norm2')),
      mlp: w.feedForward(d('mlp')),
      norm3: w.layerNorm(d('norm3')),
      crossImageToToken: w.samAttention(d('crossImageToToken')),
      norm4: w.layerNorm(d('norm4')),
    },
    decoderHeads,
    upscale: { kernel: w.kernel('upscale.kernel'), bias: w.vector('upscale.bias') },
    hyper: w.feedForward('hyper'),
  };
}
