// The TinyGPT worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), then samples one character at a time,
// posting each as soon as it is drawn, so the page streams them while its own thread stays free.
// The page stops a generation by terminating this worker (the page hands a new one the same bytes), so the loop never needs to look for a stop message.
import { createRng } from '../../engine/random.ts';
import { checkSettings, encodePrompt, promptAttention, sampleNext } from './gpt-session.ts';
import { loadTinyGpt } from './load-model.ts';
import { MAX_LENGTH, type FromGptWorker, type GenerateRequest, type ToGptWorker } from './gpt-protocol.ts';

type Loaded = Awaited<ReturnType<typeof loadTinyGpt>>;
let loaded: Promise<Loaded> | undefined;

const post = (m: FromGptWorker) => self.postMessage(m);

/** u in [0, 1) with 53 random bits from the browser's CSPRNG. */
function cryptoUniform(): number {
  const [hi, lo] = crypto.getRandomValues(new Uint32Array(2));
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

function generate({ model, vocab, contextLength }: Loaded, r: GenerateRequest) {
  const refusal = checkSettings(r, vocab.length) ?? (Number.isInteger(r.length) && r.length >= 1 && r.length <= MAX_LENGTH ? null : `Ask for 1 to ${MAX_LENGTH} characters.`);
  if (refusal) return post({ type: 'refused', message: refusal });
  const encoded = encodePrompt(r.prompt, vocab);
  if (!encoded.ok) return post({ type: 'refused', message: encoded.message });
  const tokens = encoded.tokens;
  const seen = tokens.slice(-contextLength);
  post({ type: 'attention', chars: seen.map((t) => vocab[t]), heads: promptAttention(seen, model, contextLength) });
  const rng = r.seed ? createRng(r.seed) : null;
  for (let s = 0; s < r.length; s++) {
    const next = sampleNext(tokens, model, contextLength, r, rng ? rng.next() : cryptoUniform());
    tokens.push(next);
    post({ type: 'char', char: vocab[next] });
  }
  post({ type: 'done' });
}

self.onmessage = async (event: MessageEvent<ToGptWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'load') {
      loaded ??= loadTinyGpt(m.files);
      const { vocab, contextLength } = await loaded;
      post({ type: 'ready', vocab, contextLength });
    } else if (m.type === 'generate') {
      if (!loaded) throw new Error('the model is not loaded');
      generate(await loaded, m.request);
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
