// The TinySAM worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), loads the learner's chosen components into its locked-down
// scope (learner-worker.ts), and answers each segment request with the mask logits and the time the
// forward pass took, through the mix of their parts and the reference. Before its first mask, and
// whenever the page asks, it checks each of their components against the reference on the image
// and prompt. The page ends this worker when a learner function never returns.
import { ComponentError } from './learner-realm.ts';
import { composeModel, postReport, servePage, type ComposedModel } from './learner-worker.ts';
import { loadTinySam } from './load-model.ts';
import { checkSam } from './sam-check.ts';
import { composedSam, composeParts, type SamParts } from './sam-compose.ts';
import { SAM_COMPONENTS } from './sam-components.ts';
import { checkSegmentRequest, type FromSamWorker, type SegmentRequest, type ToSamWorker } from './sam-protocol.ts';

// captured now: lockDown removes performance with every other name learner code could reach
const now = performance.now.bind(performance);

type Model = ComposedModel<SamParts, Awaited<ReturnType<typeof loadTinySam>>>;

function check(m: Model, r: SegmentRequest, post: (a: FromSamWorker) => void): boolean {
  return postReport(m, checkSam(r.image, r.prompt, m.model, m.mine, SAM_COMPONENTS, m.use, (exerciseId) => post({ type: 'checking', exerciseId })), post);
}

function answer(m: Model, message: ToSamWorker, post: (a: FromSamWorker) => void): void {
  if (message?.type !== 'segment' && message?.type !== 'check') return;
  const r = message.request;
  const refusal = checkSegmentRequest(r, m.config.imageSize);
  if (refusal) return post({ type: 'refused', message: refusal });
  const theirs = Object.keys(m.mine).length > 0;
  if (message.type === 'check') {
    if (theirs) check(m, r, post);
    return post({ type: 'checked' });
  }
  if (theirs && !m.checked && !check(m, r, post)) return;
  const t0 = now();
  try {
    const { logits } = composedSam(r.image, r.prompt, m.model, m.parts);
    post({ type: 'mask', id: r.id, logits, ms: now() - t0 });
  } catch (e) {
    if (e instanceof ComponentError) return post({ type: 'component-failed', exerciseId: e.exerciseId, message: e.message });
    throw e;
  }
}

servePage<ToSamWorker & { type: 'init' }, ToSamWorker, FromSamWorker, Model>(
  (init) => composeModel<SamParts, Awaited<ReturnType<typeof loadTinySam>>>(init, loadTinySam, SAM_COMPONENTS.map((c) => c.functionName), composeParts),
  (m) => ({ type: 'ready', problems: m.problems }),
  answer,
  (message) => ({ type: 'failed', message }),
);
