// TinyGPT's generation, pure: the prompt as token ids (a character outside the vocabulary is
// refused, named, never silently dropped), the window the model sees (its context is 64 positions:
// the window slides, keeping the last 64 characters, so generation never has to stop), and one
// sampled step (the engine's top-k sampling, with the draw u given by the caller, so a seeded run
// is reproducible and the worker can use crypto randomness).
import { gptForward, gptLogits, sampleTopK } from '../../engine/llm.ts';
import type { Matrix, TinyGPT } from '../../engine/types.ts';
import { composedForward, type GptParts } from './gpt-compose.ts';

export type Encoded = { ok: true; tokens: number[] } | { ok: false; message: string };

/** Characters to token ids, or which characters the model does not know. */
export function encodePrompt(text: string, vocab: readonly string[]): Encoded {
  if (text.length === 0) return { ok: false, message: 'Type a prompt first.' };
  const ids = new Map(vocab.map((c, i) => [c, i]));
  const unknown = [...new Set([...text].filter((c) => !ids.has(c)))];
  if (unknown.length > 0) {
    const shown = unknown.map((c) => (c === '\n' ? 'a line break' : /\s/.test(c) ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `"${c}"`));
    return {
      ok: false,
      message: `The model does not know ${shown.join(', ')}: it was trained on lower-case course prose and knows only these ${vocab.length} characters: ${vocab.map((c) => (c === ' ' ? '(space)' : c === '\n' ? '(line break)' : c)).join(' ')}`,
    };
  }
  return { ok: true, tokens: [...text].map((c) => ids.get(c)!) };
}

/** The last `contextLength` tokens: what the model can see. */
export function contextWindow(tokens: readonly number[], contextLength: number): number[] {
  return tokens.slice(Math.max(0, tokens.length - contextLength));
}

export interface SamplingSettings {
  temperature: number;
  topK: number;
}

/**
 * The next token after `tokens` (windowed to the context), drawn with u in [0, 1): by the
 * reference engine, or through `parts` (the learner's components mixed with the reference), whose
 * sampler must answer a token id the model has.
 */
export function sampleNext(tokens: readonly number[], model: TinyGPT, contextLength: number, settings: SamplingSettings, u: number, parts?: GptParts): number {
  const window = contextWindow(tokens, contextLength);
  if (!parts) {
    const logits = gptLogits(window, model);
    return sampleTopK(logits[logits.length - 1], settings.topK, settings.temperature, u);
  }
  const logits = composedForward(window, model, parts).logits;
  const next: unknown = parts.sampleTopK(logits[logits.length - 1], settings.topK, settings.temperature, u);
  if (!Number.isInteger(next) || (next as number) < 0 || (next as number) >= model.tokenEmbedding.length) {
    throw new SamplerAnswer(`the sampler answered ${JSON.stringify(next)}, not a token id from 0 to ${model.tokenEmbedding.length - 1}`);
  }
  return next as number;
}

/** A sampler (the learner's) that answered something other than a token id. */
export class SamplerAnswer extends Error {}

/** Each head's attention in the last block over the (windowed) prompt, (T, T) per head. */
export function promptAttention(tokens: readonly number[], model: TinyGPT, contextLength: number): Matrix[] {
  return gptForward(contextWindow(tokens, contextLength), model).lastBlockAttention;
}

/** Temperature and top-k as the controls may send them, checked (the worker trusts nothing else). */
export function checkSettings(s: SamplingSettings, vocabSize: number): string | null {
  if (!(s.temperature > 0 && s.temperature <= 5)) return 'The temperature must be above 0 and at most 5.';
  if (!Number.isInteger(s.topK) || s.topK < 1 || s.topK > vocabSize) return `Top-k must be a whole number from 1 to ${vocabSize}.`;
  return null;
}
