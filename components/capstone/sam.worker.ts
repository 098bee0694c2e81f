// The TinySAM worker: verifies and builds the weights the page fetched (a worker may not connect
// anywhere, lib/security-headers.ts), then answers each segment request with the mask logits and
// the time the forward pass took, so the page's own thread never runs the model. The model runs
// through sam-compose.ts's parts, every one the reference for now: the learner's functions are
// swapped in there once they run in the locked-down realm.
import { composedSam, composeParts } from './sam-compose.ts';
import { loadTinySam } from './load-model.ts';
import { checkSegmentRequest, type FromSamWorker, type ToSamWorker } from './sam-protocol.ts';

type Loaded = Awaited<ReturnType<typeof loadTinySam>>;
let loaded: Promise<{ model: Loaded; imageSize: number }> | undefined;
const parts = composeParts({});

const post = (m: FromSamWorker) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<ToSamWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'load') {
      const imageSize = m.files.manifest.config.imageSize;
      loaded ??= loadTinySam(m.files).then((model) => ({ model, imageSize }));
      post({ type: 'ready', imageSize: (await loaded).imageSize });
    } else if (m.type === 'segment') {
      if (!loaded) throw new Error('the model is not loaded');
      const { model, imageSize } = await loaded;
      const r = m.request;
      const refusal = checkSegmentRequest(r, imageSize);
      if (refusal) return post({ type: 'refused', id: r.id, message: refusal });
      const t0 = performance.now();
      const { logits } = composedSam(r.image, r.prompt, model, parts);
      post({ type: 'mask', id: r.id, logits, ms: performance.now() - t0 });
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
