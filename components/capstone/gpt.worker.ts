// The TinyGPT worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), loads the learner's chosen components into a locked-down
// realm (learner-realm.ts), and on each Generate first checks every component of theirs against
// the reference on the prompt, then samples one character at a time through the mix, posting each
// as soon as it is drawn. The page stops a generation, or a learner function that never returns,
// by terminating this worker (and starts a new one with the same bytes), so the loop never looks
// for a stop message. One worker per choice of components: learner code leaves its realm changed.
import { helpers } from '../../engine/helpers.ts';
import { createRng } from '../../engine/random.ts';
import { lockDown } from '../../grader/browser/lockdown.ts';
import { checkComponents } from './gpt-check.ts';
import { composeParts, type GptParts } from './gpt-compose.ts';
import { GPT_COMPONENTS } from './gpt-components.ts';
import { checkSettings, encodePrompt, promptAttention, SamplerAnswer, sampleNext } from './gpt-session.ts';
import { ComponentError, openLearnerRealm, type LearnerFunction } from './learner-realm.ts';
import { loadTinyGpt } from './load-model.ts';
import { MAX_LENGTH, type FromGptWorker, type GenerateRequest, type ToGptWorker } from './gpt-protocol.ts';

type Loaded = Awaited<ReturnType<typeof loadTinyGpt>>;

const realm = {
  global: globalThis,
  // indirect eval: trusted script text (the harness's bootstrap) evaluated in the worker's scope
  evaluate: (source: string): unknown => (0, eval)(source),
  helpers,
};
// captured now: lockDown removes crypto, MessagePort and every other name learner code could reach
const randomValues = crypto.getRandomValues.bind(crypto);
const postOnPort = MessagePort.prototype.postMessage;
const now = performance.now.bind(performance);

/** u in [0, 1) with 53 random bits from the browser's CSPRNG. */
function cryptoUniform(): number {
  const [hi, lo] = randomValues(new Uint32Array(2));
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

interface Model extends Loaded {
  /** The learner's functions by part name; empty when every component is the reference. */
  mine: Partial<GptParts>;
  /** The composition the learner's globals call right now. */
  use(parts: GptParts): void;
  /** Components whose code did not load: they run the reference. */
  problems: { exerciseId: string; message: string }[];
}

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
  if (message.modules.length === 0) return { ...loaded, mine: {}, use: () => {}, problems: [] };
  const learner = openLearnerRealm(realm, message.modules, lockDown);
  let active: GptParts = composeParts({});
  learner.install(
    GPT_COMPONENTS.map((c) => c.functionName),
    () => active as unknown as Record<string, LearnerFunction>,
  );
  const mine: Partial<GptParts> = {};
  for (const c of GPT_COMPONENTS) {
    const f = learner.functions[c.functionName];
    if (f) (mine as Record<string, LearnerFunction>)[c.functionName] = f;
  }
  const problems = learner.problems.map((p) => ({ exerciseId: p.exerciseId, message: p.message }));
  return { ...loaded, mine, use: (parts) => { active = parts; }, problems };
}

self.onmessage = (event: MessageEvent<ToGptWorker>) => {
  self.onmessage = null;
  const port = event.ports[0];
  const first = event.data;
  if (!port || first?.type !== 'init') return;
  const post = (m: FromGptWorker) => Reflect.apply(postOnPort, port, [m]);
  const fail = (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  const model = init(first);
  model.then(
    (m) => post({ type: 'ready', vocab: m.vocab, contextLength: m.contextLength, problems: m.problems }),
    fail,
  );
  port.onmessage = (e: MessageEvent<ToGptWorker>) => {
    if (e.data?.type !== 'generate') return;
    const request = e.data.request;
    model.then((m) => generate(m, request, post)).catch(fail);
  };
};
