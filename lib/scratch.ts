// The scratch case's reference side: the reference engine (and each misconception) evaluated on
// learner-edited arguments in a worker thread with a time and memory limit, so no choice of
// arguments can stall or crash the web server. One request at a time; a request that runs too
// long ends the worker and the next request starts a fresh one.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../exercises/files.ts';
import { MAX_SCRATCH_BYTES } from './limits.ts';
import type { ScratchReply, ScratchRequest, WrongOutput } from './scratch-worker.ts';

export type { WrongOutput };
export type ScratchReference = { ok: true; expected: unknown; wrong: Record<string, WrongOutput> } | { ok: false; referenceError: string };

const TIMEOUT_MS = 3000;
const MEMORY_MB = 256;

/**
 * Learner-edited arguments as the server accepts them: an array of plain data (numbers, strings,
 * booleans, null, arrays, plain objects), at most MAX_SCRATCH_BYTES as JSON, nested at most 8 deep.
 * Returns a message when they are not acceptable.
 */
export function scratchArgsProblem(args: unknown): string | null {
  if (!Array.isArray(args)) return 'The scratch case must be a list of arguments.';
  const check = (v: unknown, depth: number): string | null => {
    if (depth > 8) return 'The scratch case is nested too deeply.';
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : 'Use finite numbers in the scratch case.';
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = check(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const x of Object.values(v as object)) {
        const p = check(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    return 'The scratch case may hold only numbers, strings, booleans, arrays and objects.';
  };
  const problem = check(args, 0);
  if (problem) return problem;
  if (Buffer.byteLength(JSON.stringify(args), 'utf8') > MAX_SCRATCH_BYTES) return `The scratch case is larger than ${MAX_SCRATCH_BYTES / 1024} KB; use smaller inputs.`;
  return null;
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
    const timer = setTimeout(() => finish({ ok: false, referenceError: `the reference took longer than ${this.timeoutMs / 1000} s on these arguments; use smaller inputs` }, true), this.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, ...job.req } satisfies ScratchRequest);
  }
}
