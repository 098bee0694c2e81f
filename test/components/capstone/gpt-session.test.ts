// TinyGPT in the browser, minus the browser: the page fetches the files, the worker checks the weights
// against the manifest's sha256 (Web Crypto) and builds the same network the golden test proves;
// the prompt is refused, naming the characters, when the model does not know them; the window
// slides to the model's 64 positions; a step is the engine's top-k draw; and the attention drawn
// is each last-block head's causal softmax over the prompt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchModelFiles, loadTinyGpt, verifiedWeights } from '../../../components/capstone/load-model.ts';
import { checkSettings, contextWindow, encodePrompt, promptAttention, sampleNext } from '../../../components/capstone/gpt-session.ts';
import { modelFolder, readGolden } from '../../../exercises/capstone/files.ts';
import { gptForward, gptLogits, greedyDecode, sampleTopK } from '../../../engine/llm.ts';

const urls = { manifest: 'manifest.json', weights: 'weights.bin' };
/** fetch, answered from the model's folder (optionally with other bytes for weights.bin). */
function diskFetch(weights?: Uint8Array) {
  return async (url: string) => {
    if (url === 'weights.bin' && weights) return new Response(weights as BodyInit);
    return new Response(readFileSync(join(modelFolder('tiny-gpt'), url)) as BodyInit);
  };
}

describe('loading TinyGPT in the worker', () => {
  it('builds the network the golden file was computed with', async () => {
    const { model, vocab, contextLength } = await loadTinyGpt(await fetchModelFiles(urls, diskFetch()));
    const golden = readGolden<{ greedy: { prompt: number[]; steps: number; tokens: number[] } }>('tiny-gpt');
    expect(greedyDecode(golden.greedy.prompt, model, golden.greedy.steps)).toEqual(golden.greedy.tokens);
    expect(vocab).toHaveLength(46);
    expect(contextLength).toBe(64);
  });

  it('refuses weights that do not match the manifest sha256', async () => {
    const bytes = new Uint8Array(readFileSync(join(modelFolder('tiny-gpt'), 'weights.bin')));
    bytes[100] ^= 1;
    await expect(verifiedWeights(await fetchModelFiles(urls, diskFetch(bytes)))).rejects.toThrow(/do not match their manifest/);
  });

  it('says which download failed', async () => {
    await expect(fetchModelFiles(urls, async () => new Response('Not found', { status: 404 }))).rejects.toThrow(/could not load manifest.json \(HTTP 404\)/);
  });
});

describe('generating', async () => {
  const { model, vocab, contextLength } = await loadTinyGpt(await fetchModelFiles(urls, diskFetch()));

  it('encodes a prompt of known characters, and names the unknown ones', () => {
    const ok = encodePrompt('the attention ', vocab);
    expect(ok.ok && ok.tokens.map((t) => vocab[t]).join('')).toBe('the attention ');
    const refused = encodePrompt('The Attention!', vocab);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/does not know "T", "A"/);
    expect(encodePrompt('', vocab).ok).toBe(false);
  });

  it('slides the window to the last 64 tokens', () => {
    const long = Array.from({ length: 100 }, (_, i) => i % vocab.length);
    expect(contextWindow(long, contextLength)).toEqual(long.slice(36));
    expect(contextWindow([1, 2], contextLength)).toEqual([1, 2]);
    // a prompt longer than the context still generates (the model sees its last 64 characters)
    expect(() => sampleNext(long, model, contextLength, { temperature: 1, topK: 5 }, 0.5)).not.toThrow();
  });

  it("draws the engine's top-k token for the given u", () => {
    const enc = encodePrompt('the attention ', vocab);
    if (!enc.ok) throw new Error(enc.message);
    const last = gptLogits(enc.tokens, model).at(-1)!;
    for (const u of [0, 0.3, 0.99]) expect(sampleNext(enc.tokens, model, contextLength, { temperature: 0.8, topK: 5 }, u)).toBe(sampleTopK(last, 5, 0.8, u));
    // top-k 1 is greedy
    expect(sampleNext(enc.tokens, model, contextLength, { temperature: 1, topK: 1 }, 0.7)).toBe(greedyDecode(enc.tokens, model, 1)[0]);
  });

  it("draws each last-block head's causal attention, rows summing to 1", () => {
    const enc = encodePrompt('softmax of the scores', vocab);
    if (!enc.ok) throw new Error(enc.message);
    const heads = promptAttention(enc.tokens, model, contextLength);
    expect(heads).toHaveLength(4);
    for (const a of heads) {
      expect(a).toHaveLength(enc.tokens.length);
      a.forEach((row, i) => {
        expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        row.forEach((p, j) => { if (j > i) expect(p).toBe(0); });
      });
    }
    // the forward pass that reports attention gives the same logits
    const f = gptForward(enc.tokens, model);
    const g = gptLogits(enc.tokens, model);
    expect(Math.max(...f.logits.flat().map((x, i) => Math.abs(x - g.flat()[i])))).toBe(0);
  });

  it('checks the controls', () => {
    expect(checkSettings({ temperature: 0.8, topK: 10 }, 46)).toBeNull();
    expect(checkSettings({ temperature: 0, topK: 10 }, 46)).toMatch(/temperature/);
    expect(checkSettings({ temperature: 1, topK: 47 }, 46)).toMatch(/Top-k/);
    expect(checkSettings({ temperature: 1, topK: 2.5 }, 46)).toMatch(/Top-k/);
  });
});
