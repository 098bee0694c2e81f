// The TinyViT worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), loads the learner's chosen components into its locked-down
// scope (learner-worker.ts), and classifies each digit through the mix of their parts and the
// reference: the class probabilities, the CLS token's attention over the patches, and the time.
// Before its first answer, and whenever the page asks, it checks each of their components against
// the reference on the digit. The page ends this worker when a learner function never returns.
import { ComponentError } from './learner-realm.ts';
import { composeModel, postReport, servePage, type ComposedModel } from './learner-worker.ts';
import { loadTinyVit } from './load-model.ts';
import { checkVit } from './vit-check.ts';
import { clsAttention, composeParts, probabilities, type VitParts } from './vit-compose.ts';
import { VIT_COMPONENTS } from './vit-components.ts';
import { checkClassifyRequest, type ClassifyRequest, type FromVitWorker, type ToVitWorker } from './vit-protocol.ts';

// captured now: lockDown removes performance with every other name learner code could reach
const now = performance.now.bind(performance);

type Model = ComposedModel<VitParts, Awaited<ReturnType<typeof loadTinyVit>>>;

function check(m: Model, r: ClassifyRequest, post: (a: FromVitWorker) => void): boolean {
  return postReport(m, checkVit(r.image, m.model, m.mine, VIT_COMPONENTS, m.use, (exerciseId) => post({ type: 'checking', exerciseId })), post);
}

function answer(m: Model, message: ToVitWorker, post: (a: FromVitWorker) => void): void {
  if (message?.type !== 'classify' && message?.type !== 'check') return;
  const r = message.request;
  const refusal = checkClassifyRequest(r, m.config.imageSize);
  if (refusal) return post({ type: 'refused', message: refusal });
  const theirs = Object.keys(m.mine).length > 0;
  if (message.type === 'check') {
    if (theirs) check(m, r, post);
    return post({ type: 'checked' });
  }
  if (theirs && !m.checked && !check(m, r, post)) return;
  const t0 = now();
  try {
    const logits = m.parts.vitClassify(r.image, m.model);
    if (!Array.isArray(logits) || logits.length !== m.model.head.b.length || !logits.every((z) => typeof z === 'number' && Number.isFinite(z))) {
      return post({ type: 'component-failed', exerciseId: 'vision/vit-classify', message: `the model answered ${JSON.stringify(logits).slice(0, 80)}, not ${m.model.head.b.length} finite logits` });
    }
    const ms = now() - t0;
    // drawn from the composed embeddings: what the CLS token looks at, as the reference's block would
    const embeddings = m.parts.vitEmbeddings(m.parts.patchEmbed(r.image, m.model.W, m.model.b, m.model.patchSize), m.model.cls, m.model.pos);
    post({ type: 'classified', id: r.id, probabilities: probabilities(logits), clsAttention: clsAttention(embeddings, m.model), ms });
  } catch (e) {
    if (e instanceof ComponentError) return post({ type: 'component-failed', exerciseId: e.exerciseId, message: e.message });
    throw e;
  }
}

servePage<ToVitWorker & { type: 'init' }, ToVitWorker, FromVitWorker, Model>(
  (init) => composeModel<VitParts, Awaited<ReturnType<typeof loadTinyVit>>>(init, loadTinyVit, VIT_COMPONENTS.map((c) => c.functionName), composeParts),
  (m) => ({ type: 'ready', problems: m.problems }),
  answer,
  (message) => ({ type: 'failed', message }),
);
