// A trained model's weights as the engine takes them: manifest.json names every tensor (its shape
// and its offset, in float32 values, into weights.bin) and this module turns the raw bytes into the
// curriculum's structures, TinyGPT and TinyViT, as float64 numbers. Pure, so the server and a
// browser worker read a model the same way (scripts/capstone/train.py writes them).
import type { BlockParams, LayerNormParams, Matrix, TinyGPT, TinyViT, Vector } from '../../engine/types.ts';

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

  layerNorm(prefix: string): LayerNormParams {
    return { gamma: this.vector(`${prefix}.gamma`), beta: this.vector(`${prefix}.beta`) };
  }

  block(prefix: string): BlockParams {
    const m = (n: string) => this.matrix(`${prefix}.${n}`);
    const v = (n: string) => this.vector(`${prefix}.${n}`);
    return {
      ln1: this.layerNorm(`${prefix}.ln1`),
      attn: { Wq: m('attn.Wq'), bq: v('attn.bq'), Wk: m('attn.Wk'), bk: v('attn.bk'), Wv: m('attn.Wv'), bv: v('attn.bv'), Wo: m('attn.Wo'), bo: v('attn.bo') },
      ln2: this.layerNorm(`${prefix}.ln2`),
      ffn: { W1: m('ffn.W1'), b1: v('ffn.b1'), W2: m('ffn.W2'), b2: v('ffn.b2') },
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
