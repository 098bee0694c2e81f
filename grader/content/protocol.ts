// What the host asks of an authored exercise's own code, and what comes back. The code runs in an
// isolate of its own (runner.ts) inside a sandbox worker process, never in the host; every value
// comes back as text in the data encoding of data-codec.ts, so nothing the author wrote can run on
// the host when it is read.

/** One question put to the exercise, answered in order within one isolate. */
export type ContentStep =
  /** The definition as data: every own key, functions marked (see data-codec.ts). */
  | { op: 'describe' }
  /** One case list from `visibleCases` or `hiddenCases` with a seed, and the outputs of `calls` on each case. */
  | { op: 'cases'; which: 'visible' | 'hidden'; seed: string; calls: string[] }
  /** Every figure of figures.ts, computed. */
  | { op: 'figures' }
  /** A question's variant: its params from the rng seed and every function of them (question.ts). */
  | { op: 'variant'; seed: string };

export interface ContentLimits {
  /** One call of the author's code (module load, a generator, the reference on one case). */
  perCallMs: number;
  /** The whole job. */
  totalMs: number;
  memoryMb: number;
}

export const DEFAULT_CONTENT_LIMITS: ContentLimits = { perCallMs: 3000, totalMs: 30_000, memoryMb: 128 };

export interface ContentJob {
  /** The exercise folder bundled by bundle.ts: a script whose value is a function of the SDK. */
  bundle: string;
  steps: ContentStep[];
  limits: ContentLimits;
}

/** How a call of the author's code ended when it returned nothing usable. */
export type ContentFailureKind = 'threw' | 'timeout' | 'memory' | 'invalid';

export interface ContentFailure {
  ok: false;
  kind: ContentFailureKind;
  message: string;
}

/** A value that came back: encoded text (data-codec.ts), and whether the call changed its arguments. */
export type CallResult = { ok: true; value: string; mutated?: boolean } | ContentFailure;

export interface CaseAnswer {
  name: string;
  /** The case's arguments, encoded. */
  args: string;
  /** One per requested call key ('reference', 'misconception:<id>'), in the order asked. */
  outputs: CallResult[];
}

export type StepResult =
  | { op: 'describe'; result: CallResult }
  | { op: 'cases'; which: 'visible' | 'hidden'; seed: string; result: ContentFailure | { ok: true; cases: CaseAnswer[] } }
  | { op: 'figures'; result: ContentFailure | { ok: true; figures: { name: string; figure: CallResult }[] } }
  | { op: 'variant'; seed: string; result: ContentFailure | { ok: true; variant: VariantAnswer } };

/** One variant of a question as its own code computed it: every value encoded (data-codec.ts). */
export interface VariantAnswer {
  params: string;
  /** Whether a second draw with the same seed gave the same params. */
  deterministic: boolean;
  answers: CallResult;
  /** null: the definition has no text / worked function. */
  text: CallResult | null;
  worked: CallResult | null;
  /** One per choice part. */
  options: { part: string; result: CallResult }[];
  misconceptions: { id: string; result: CallResult }[];
}

export interface ContentOutcome {
  /** Loading the bundle: evaluating the author's modules. */
  load: { ok: true } | ContentFailure;
  /** One per step when the bundle loaded; the rest are missing after a memory failure. */
  steps: StepResult[];
  cpuMs: number;
}

export type ContentPoolResult = { ok: true; outcome: ContentOutcome } | { ok: false; error: string };

/** Call keys of `cases` steps. */
export const REFERENCE_CALL = 'reference';
export const misconceptionCall = (id: string) => `misconception:${id}`;
