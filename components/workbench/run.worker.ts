// Entry of the Run worker: one learner program, run on the visible cases (and the scratch case) in
// the learner's own browser, never on the server (grader/browser/). The page creates it with a
// MessageChannel; the worker answers only through that port, held in this closure, so learner code
// (which can reach neither the port nor, after lockDown, the worker's own postMessage) cannot talk
// to the page. The page ends this worker after its one Run, or as soon as a step overruns its time.
import { helpers } from '../../engine/helpers.ts';
import { RunExecutor } from '../../grader/browser/executor.ts';
import { lockDown } from '../../grader/browser/lockdown.ts';
import type { FromRunWorker, ToRunWorker } from '../../grader/browser/protocol.ts';

const realm = {
  global: globalThis,
  // indirect eval: trusted script text (the bootstrap) evaluated in the worker's global scope
  evaluate: (source: string): unknown => (0, eval)(source),
  helpers,
};
// captured now: lockDown removes `performance` and every other name a learner could reach
const now = performance.now.bind(performance);
const postOnPort = MessagePort.prototype.postMessage;

self.onmessage = (event: MessageEvent<ToRunWorker>) => {
  self.onmessage = null;
  const port = event.ports[0];
  const message = event.data;
  if (!port || message?.type !== 'init') return;
  const post = (m: FromRunWorker) => Reflect.apply(postOnPort, port, [m]);
  const executor = new RunExecutor(realm, post, now, lockDown);
  port.onmessage = (e: MessageEvent<ToRunWorker>) => {
    if (e.data?.type === 'run') executor.run(e.data.request);
  };
  // prepares the cases, warms up, then locks down (a lockdown that fails answers `failed`)
  post(executor.init(message.setup));
};
