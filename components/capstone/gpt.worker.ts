// The TinyGPT worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), loads the learner's chosen components into a locked-down
// realm (learner-realm.ts), and on each Generate first checks every component of theirs against
// the reference on the prompt, then samples one character at a time through the mix, posting each
// as soon as it is drawn. The page stops a generation, or a learner function that never returns,
// by terminating this worker (and starts a new one with the same bytes), so the loop never looks
// for a stop message. One worker per choice of components: learner code leaves its realm changed.
import { createRng } from '../../engine/random.ts';
import { checkComponents } from './gpt-check.ts';
import { composeParts, type GptParts } from './gpt-compose.ts';
import { GPT_COMPONENTS } from './gpt-components.ts';
import { checkSettings, encodePrompt, promptAttention, SamplerAnswer, sampleNext } from './gpt-session.ts';
import { ComponentError, freezeDeep } from './learner-realm.ts';
import { composeLearnerModules, servePage, type Composition } from './learner-worker.ts';
import { loadTinyGpt } from './load-model.ts';
import { MAX_LENGTH, type FromGptWorker, type GenerateRequest, type ToGptWorker } from './gpt-protocol.ts';

type Loaded = Awaited<ReturnType<typeof loadTinyGpt>>;

// captured now: lockDown removes crypto, performance and every other name learner code could reach
const randomValues = crypto.getRandomValues.bind(crypto);
const now = performance.now.bind(performance);

/** u in [0, 1) with 53 random bits from the browser's CSPRNG. */
function cryptoUniform(): number {
  const [hi, lo] = randomValues(new Uint32Array(2));
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

type Model = Loaded & Composition<GptParts>;

function generate(m: Model, r: GenerateRequest, post: (m: FromGptWorker) => void) {
  const { model, vocab, contextLength, mine } = m;
  const refusal = checkSettings(r, vocab.length) ?? (Number.isInteger(r.length) && r.length >= 1 && r.length <= MAX_LENGTH ? null : `Ask for 1 to ${MAX_LENGTH} characters.`);
  if (refusal) return post({ type: 'refused', message: refusal });
  const encoded = encodePrompt(r.prompt, vocab);
  if (!encoded.ok) return post({ type: 'refused', message: encoded.message });
  const tokens = encoded.tokens;
  const seen = tokens.slice(-contextLength);
  post({ type: 'attention', chars: seen.map((t) => vocab[t]), heads: promptAttention(seen, model, contextLength) });

  const chosen = GPT_COMPONENTS.filter((c) => mine[c.functionName]);
  let parts: GptParts | undefined;
  if (chosen.length > 0) {
    const report = checkComponents(seen, model, mine, chosen, r, m.use, (exerciseId) => post({ type: 'checking', exerciseId }));
    post({ type: 'report', report });
    const broken = report.components.find((c) => c.error);
    if (broken) return post({ type: 'component-failed', exerciseId: broken.exerciseId, message: broken.error! });
    parts = composeParts(mine);
    m.use(parts);
  }

  const rng = r.seed ? createRng(r.seed) : null;
  const started = now();
  for (let s = 0; s < r.length; s++) {
    let next: number;
    try {
      next = sampleNext(tokens, model, contextLength, r, rng ? rng.next() : cryptoUniform(), parts);
    } catch (e) {
      if (e instanceof ComponentError) return post({ type: 'component-failed', exerciseId: e.exerciseId, message: e.message });
      if (e instanceof SamplerAnswer) return post({ type: 'component-failed', exerciseId: 'llm/top-k-sample', message: `your Top-k sampling: ${e.message}` });
      throw e;
    }
    tokens.push(next);
    post({ type: 'char', char: vocab[next] });
  }
  post({ type: 'done', ms: now() - started, chars: r.length });
}

async function init(message: ToGptWorker & { type: 'init' }): Promise<Model> {
  const loaded = await loadTinyGpt(message.files); // Web Crypto's digest: before lockDown takes crypto away
  if (message.modules.length > 0) freezeDeep(loaded.model);
  return { ...loaded, ...composeLearnerModules<GptParts>(message.modules, GPT_COMPONENTS.map((c) => c.functionName), composeParts) };
}

servePage<ToGptWorker & { type: 'init' }, ToGptWorker, FromGptWorker, Model>(
  init,
  (m) => ({ type: 'ready', vocab: m.vocab, contextLength: m.contextLength, problems: m.problems }),
  (m, request, post) => {
    if (request?.type === 'generate') generate(m, request.request, post);
  },
  (message) => ({ type: 'failed', message }),
);
