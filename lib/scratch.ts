// The scratch case's reference side: the reference engine (and each misconception) evaluated on
// learner-edited arguments in a worker thread with a time and memory limit, so no choice of
// arguments can stall or crash the web server. One request at a time; a request that runs too
// long ends the worker and the next request starts a fresh one.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../exercises/files.ts';
import { MAX_SCRATCH_BYTES } from './limits.ts';
import type { ScratchReply, ScratchRequest, WrongOutput } from './scratch-worker.ts';
import { REFERENCE_TIMEOUT_MESSAGE, scratchArgsProblem as argsProblem, SCRATCH_REFERENCE_TIMEOUT_MS } from '../grader/scratch-reference.ts';

export type { WrongOutput };
export type ScratchReference = { ok: true; expected: unknown; wrong: Record<string, WrongOutput> } | { ok: false; referenceError: string };

const TIMEOUT_MS = SCRATCH_REFERENCE_TIMEOUT_MS;
const MEMORY_MB = 256;

/** Learner-edited arguments as the server accepts them (grader/scratch-reference.ts), at most MAX_SCRATCH_BYTES as JSON. */
export function scratchArgsProblem(args: unknown): string | null {
  return argsProblem(args, MAX_SCRATCH_BYTES);
}

interface Job {
  req: Omit<ScratchRequest, 'id'>;
  resolve: (r: ScratchReference) => void;
}

export class ScratchReferences {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private busy = false;
  private nextId = 1;
  private readonly entry: string;
  private readonly timeoutMs: number;

  constructor(opts: { entry?: string; timeoutMs?: number } = {}) {
    this.entry = opts.entry ?? path.join(projectRoot(), 'lib', 'scratch-worker.ts');
    this.timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  }

  compute(exerciseId: string, args: unknown[]): Promise<ScratchReference> {
    return new Promise((resolve) => {
      this.queue.push({ req: { exerciseId, args }, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(this.entry, { resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB, maxYoungGenerationSizeMb: 32 } });
    w.unref();
    return w;
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    let settled = false;
    const finish = (r: ScratchReference, restart: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (restart) {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      }
      this.busy = false;
      job.resolve(r);
      this.pump();
    };
    const onMessage = (m: ScratchReply) => {
      if (m.id !== id) return;
      finish(m.ok ? { ok: true, expected: m.expected, wrong: m.wrong } : { ok: false, referenceError: m.referenceError }, false);
    };
    const onError = (e: Error) => {
      const memory = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({ ok: false, referenceError: memory ? 'these arguments need more memory than the reference may use; use smaller inputs' : `the reference could not run: ${e.message}` }, true);
    };
    const onExit = () => finish({ ok: false, referenceError: 'the reference stopped unexpectedly; try again' }, true);
    const referenceError = this.timeoutMs === SCRATCH_REFERENCE_TIMEOUT_MS ? REFERENCE_TIMEOUT_MESSAGE : `the reference took longer than ${this.timeoutMs / 1000} s on these arguments; use smaller inputs`;
    const timer = setTimeout(() => finish({ ok: false, referenceError }, true), this.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, ...job.req } satisfies ScratchRequest);
  }
}
