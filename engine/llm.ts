// Language-model decoding: temperature softmax, top-k sampling with an explicit draw (Fan et al. 2018)
// and greedy decoding of a tiny GPT (Radford et al. 2019: learned positions, pre-LN blocks, final LN,
// logits tied to the token embedding).
import { attentionMask, attentionWeights, headColumns } from './attention.ts';
import { add, argmax, linear, matmul, pickColumns, transpose } from './linalg.ts';
import { softmaxVector } from './softmax.ts';
import { BLOCK_EPS, encoderBlock, layerNorm, type EncoderBlockOptions } from './transformer.ts';
import type { Matrix, TinyGPT, Vector } from './types.ts';

export interface TemperatureOptions {
  /** 'divide' (correct), 'multiply' (logits times T), or 'ignore' (T left out). */
  temperature?: 'divide' | 'multiply' | 'ignore';
}

function applyTemperature(logits: Vector, temperature: number, how: TemperatureOptions['temperature']): Vector {
  if (how === 'ignore') return logits.slice();
  return logits.map((l) => (how === 'multiply' ? l * temperature : l / temperature));
}

/** softmax(logits / temperature). */
export function nextTokenProbs(logits: Vector, temperature: number, options?: TemperatureOptions): Vector {
  return softmaxVector(applyTemperature(logits, temperature, options?.temperature));
}

export interface TopKOptions extends TemperatureOptions {
  /** Among equal logits keep (and list first) the lower index (correct) or the higher one. */
  ties?: 'lower' | 'higher';
  /** 'probability' (correct): walk the kept tokens by descending probability; 'index': in token order. */
  order?: 'probability' | 'index';
  /** false: take the top-k probabilities of the full softmax without renormalising them. */
  renormalize?: boolean;
  /** '>=': stop where the running sum reaches u instead of exceeding it. */
  comparison?: '>' | '>=';
}

interface TopKWalk {
  /** Kept token indices in walk order. */
  order: number[];
  /** Their probabilities, same order. */
  probs: number[];
}

function topKWalk(logits: Vector, k: number, temperature: number, o: TopKOptions = {}): TopKWalk {
  const tie = o.ties === 'higher' ? -1 : 1;
  const byLogit = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a] || tie * (a - b));
  const kept = byLogit.slice(0, k); // the k largest, ties by index
  const scaled = applyTemperature(logits, temperature, o.temperature);
  let probs: Vector;
  if (o.renormalize === false) {
    const all = softmaxVector(scaled);
    probs = kept.map((i) => all[i]);
  } else {
    probs = softmaxVector(kept.map((i) => scaled[i]));
  }
  const pairs = kept.map((index, t) => ({ index, p: probs[t] }));
  if (o.order === 'index') pairs.sort((a, b) => a.index - b.index);
  else pairs.sort((a, b) => b.p - a.p || tie * (a.index - b.index));
  return { order: pairs.map((x) => x.index), probs: pairs.map((x) => x.p) };
}

/** The token where the running sum of the top-k probabilities first exceeds u (the last kept one if none). */
export function sampleTopK(logits: Vector, k: number, temperature: number, u: number, options?: TopKOptions): number {
  const { order, probs } = topKWalk(logits, k, temperature, options);
  let running = 0;
  for (let t = 0; t < order.length; t++) {
    running += probs[t];
    if (options?.comparison === '>=' ? running >= u : running > u) return order[t];
  }
  return order[order.length - 1];
}

/** min |u - running sum| over the walk: how far a top-k draw is from a knife edge. */
export function topKMargin(logits: Vector, k: number, temperature: number, u: number): number {
  const { probs } = topKWalk(logits, k, temperature);
  let running = 0;
  let margin = Infinity;
  for (const p of probs) {
    running += p;
    margin = Math.min(margin, Math.abs(running - u));
  }
  return margin;
}

export interface GptOptions {
  /** false: forget the causal mask inside the blocks. */
  causal?: boolean;
  /** false: forget the position embeddings. */
  positions?: boolean;
  /** false: forget the final layer norm. */
  finalNorm?: boolean;
  /** Options of every block. */
  block?: EncoderBlockOptions;
}

/** Logits of every position of a token sequence, (T, V). */
export function gptLogits(tokens: number[], model: TinyGPT, options?: GptOptions): Matrix {
  const T = tokens.length;
  let h: Matrix = tokens.map((t, pos) => {
    const e = model.tokenEmbedding[t];
    return options?.positions === false ? e.slice() : add([e], [model.positionEmbedding[pos]])[0];
  }); // (T, d)
  const mask = options?.causal === false ? undefined : attentionMask(T, T, true);
  for (const block of model.blocks) h = encoderBlock(h, block, model.numHeads, mask, options?.block);
  if (options?.finalNorm !== false) h = layerNorm(h, model.lnF.gamma, model.lnF.beta, BLOCK_EPS);
  return matmul(h, transpose(model.tokenEmbedding)); // (T, V), tied weights
}

export interface GptForward {
  /** (T, V). */
  logits: Matrix;
  /** Per head of the last block: its causal attention weights over the sequence, (T, T), rows sum to 1. */
  lastBlockAttention: Matrix[];
}

/** gptLogits, plus what each head of the last block attends to (for drawing, not for the logits). */
export function gptForward(tokens: number[], model: TinyGPT): GptForward {
  const T = tokens.length;
  let h: Matrix = tokens.map((t, pos) => add([model.tokenEmbedding[t]], [model.positionEmbedding[pos]])[0]); // (T, d)
  const mask = attentionMask(T, T, true);
  const last = model.blocks[model.blocks.length - 1];
  for (const block of model.blocks.slice(0, -1)) h = encoderBlock(h, block, model.numHeads, mask);
  // the last block's queries and keys, exactly as its multi-head attention forms them (pre-LN)
  const x = layerNorm(h, last.ln1.gamma, last.ln1.beta, BLOCK_EPS); // (T, d)
  const Q = linear(x, last.attn.Wq, last.attn.bq); // (T, d)
  const K = linear(x, last.attn.Wk, last.attn.bk); // (T, d)
  const lastBlockAttention = Array.from({ length: model.numHeads }, (_, head) => {
    const cols = headColumns(Q[0].length, model.numHeads, head);
    return attentionWeights(pickColumns(Q, cols), pickColumns(K, cols), mask); // (T, T)
  });
  h = encoderBlock(h, last, model.numHeads, mask);
  h = layerNorm(h, model.lnF.gamma, model.lnF.beta, BLOCK_EPS);
  return { logits: matmul(h, transpose(model.tokenEmbedding)), lastBlockAttention };
}

export interface DecodeTrace {
  tokens: number[];
  /** Per step: the gap between the largest and second-largest logit (knife-edge check for generators). */
  margins: number[];
}

/** Greedy decoding that also reports each step's top-two logit gap. */
export function decodeTrace(prompt: number[], model: TinyGPT, steps: number, options?: GptOptions): DecodeTrace {
  const seq = prompt.slice();
  const tokens: number[] = [];
  const margins: number[] = [];
  for (let s = 0; s < steps; s++) {
    const logits = gptLogits(seq, model, options);
    const last = logits[logits.length - 1]; // (V)
    const next = argmax(last);
    let second = -Infinity;
    last.forEach((l, i) => { if (i !== next && l > second) second = l; });
    margins.push(last[next] - second);
    tokens.push(next);
    seq.push(next);
  }
  return { tokens, margins };
}

/** Appends the argmax of the last position's logits `steps` times; returns the new tokens only. */
export function greedyDecode(prompt: number[], model: TinyGPT, steps: number, options?: GptOptions): number[] {
  return decodeTrace(prompt, model, steps, options).tokens;
}
