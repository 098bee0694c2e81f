// What every capstone model's worker does the same way: it talks to its page only over the
// MessagePort the page sends with `init` (learner code can reach neither that port nor, after
// lockDown, the worker's own postMessage), and it loads the learner's chosen components into its
// own locked-down scope (learner-realm.ts), composed with the model's reference parts.
import { helpers } from '../../engine/helpers.ts';
import { lockDown } from '../../grader/browser/lockdown.ts';
import type { CheckReport } from './component-check.ts';
import { freezeDeep, openLearnerRealm, type LearnerFunction, type LearnerModule } from './learner-realm.ts';
import type { ModelFiles } from './load-model.ts';
import type { InitMessage, SharedAnswer } from './use-learner-worker.ts';

/** The learner's parts of a model, and which composition their code's globals call now. */
export interface Composition<P> {
  /** The learner's loaded functions by part name; empty when every component is the reference. */
  mine: Partial<P>;
  use(parts: P): void;
  /** Components whose code did not load: they run the reference. */
  problems: { exerciseId: string; message: string }[];
}

const realm = {
  global: globalThis,
  // indirect eval: trusted script text (the harness's bootstrap) evaluated in the worker's scope
  evaluate: (source: string): unknown => (0, eval)(source),
  helpers,
};

/** Loads `modules` into this worker's scope and locks it down; with none, nothing is locked (the reference needs no lock). */
export function composeLearnerModules<P extends object>(modules: readonly LearnerModule[], partNames: readonly string[], composeParts: (mine: Partial<P>) => P): Composition<P> {
  if (modules.length === 0) return { mine: {}, use: () => {}, problems: [] };
  const learner = openLearnerRealm(realm, modules, lockDown);
  let active: P = composeParts({});
  learner.install(partNames, () => active as unknown as Record<string, LearnerFunction>);
  const mine = Object.fromEntries(partNames.filter((n) => learner.functions[n]).map((n) => [n, learner.functions[n]])) as Partial<P>;
  return { mine, use: (parts) => { active = parts; }, problems: learner.problems.map((p) => ({ exerciseId: p.exerciseId, message: p.message })) };
}

/** A model whose worker answers one request at a time, checking the learner's components on the first. */
export interface ComposedModel<P, M> extends Composition<P> {
  model: M;
  /** The learner's parts with the reference: what the model runs. */
  parts: P;
  /** Whether the components were checked since the worker started. */
  checked: boolean;
  config: Record<string, number>;
}

/** The model from `init`: its weights (before lockDown takes Web Crypto away), then the learner's parts composed in. */
export async function composeModel<P extends object, M>(init: InitMessage, load: (files: ModelFiles) => Promise<M>, partNames: readonly string[], composeParts: (mine: Partial<P>) => P): Promise<ComposedModel<P, M>> {
  const model = await load(init.files);
  if (init.modules.length > 0) freezeDeep(model);
  const composition = composeLearnerModules<P>(init.modules, partNames, composeParts);
  const parts = composeParts(composition.mine);
  composition.use(parts);
  return { ...composition, model, parts, checked: false, config: init.files.manifest.config };
}

/** Posts a check's report (and the first component that threw); the model's parts are active again. False when one threw. */
export function postReport<P>(m: ComposedModel<P, unknown>, report: CheckReport, post: (a: SharedAnswer) => void): boolean {
  m.checked = true;
  m.use(m.parts);
  post({ type: 'report', report });
  const broken = report.components.find((c) => c.error);
  if (broken) post({ type: 'component-failed', exerciseId: broken.exerciseId, message: broken.error! });
  return !broken;
}

// captured now: lockDown removes MessagePort and every other name learner code could reach
const postOnPort = MessagePort.prototype.postMessage;

/**
 * Serves the page: `init` (the first message, carrying the port) builds the model, then every
 * later message on the port is a request, answered in order once the model is built.
 */
export function servePage<Init extends { type: 'init' }, Request, Answer, Model>(
  init: (message: Init) => Promise<Model>,
  ready: (model: Model) => Answer,
  handle: (model: Model, request: Request, post: (answer: Answer) => void) => void,
  failed: (message: string) => Answer,
): void {
  self.onmessage = (event: MessageEvent<Init>) => {
    self.onmessage = null;
    const port = event.ports[0];
    const first = event.data;
    if (!port || first?.type !== 'init') return;
    const post = (m: Answer) => Reflect.apply(postOnPort, port, [m]);
    const fail = (e: unknown) => post(failed(e instanceof Error ? e.message : String(e)));
    const model = init(first);
    model.then((m) => post(ready(m)), fail);
    port.onmessage = (e: MessageEvent<Request>) => {
      const request = e.data;
      model.then((m) => handle(m, request, post)).catch(fail);
    };
  };
}
