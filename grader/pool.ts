// A pool of sandbox worker processes with a job queue. One job = one submission. A worker that
// crashes or stops answering is killed and replaced; its job gets an error result, never a
// verdict about the learner.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSdk } from './content/bundle.ts';
import type { ContentJob, ContentOutcome, ContentPoolResult } from './content/protocol.ts';
import { bundleHelpers } from './helpers-bundle.ts';
import type { PoolResult, SandboxJob, SandboxOutcome } from './sandbox-protocol.ts';
import type { ToWorker } from './sandbox-worker.ts';

export interface PoolOptions {
  /** Worker processes; default os.availableParallelism(). */
  size?: number;
  /** The engine helpers bundle; default: engine/helpers.ts bundled by esbuild. */
  helpersSource?: string;
  /** Extra time over a job's total budget before its worker is declared hung and killed. */
  graceMs?: number;
}

// A grading job (the learner's code) or a content job (an authored exercise's own code); a worker
// runs either, one at a time, each in a fresh isolate of its own.
type Task =
  | { type: 'job'; job: SandboxJob; resolve: (result: PoolResult) => void }
  | { type: 'content'; job: ContentJob; resolve: (result: ContentPoolResult) => void };

type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: SandboxOutcome | ContentOutcome }
  | { type: 'failure'; id: number; error: string };

type Pending = Task & { id: number };

interface Slot {
  child: ChildProcess;
  ready: boolean;
  /** Killed or being killed: takes no more jobs. */
  dead?: boolean;
  current?: Pending;
  watchdog?: NodeJS.Timeout;
}

/** The worker entry; a bundler that moved this module leaves the project root (cwd) to look in. */
function workerEntry(): string {
  const beside = fileURLToPath(new URL('./sandbox-worker.ts', import.meta.url));
  if (existsSync(beside)) return beside;
  const fromRoot = join(process.env.ATTENTION_LAB_ROOT ?? process.cwd(), 'grader', 'sandbox-worker.ts');
  if (existsSync(fromRoot)) return fromRoot;
  throw new Error(`grader/sandbox-worker.ts not found next to ${import.meta.url} nor under ${fromRoot}`);
}
// --no-node-snapshot: isolated-vm's requirement on Node >= 20. --no-concurrent-recompilation:
// fresh isolates with cold code ran 25-40% faster without V8's background recompiler on 2 cores.
const WORKER_FLAGS = ['--no-node-snapshot', '--no-concurrent-recompilation'];
const MAX_FAILED_STARTS = 3;

export class SandboxPool {
  readonly size: number;
  private readonly graceMs: number;
  private readonly helpers: Promise<string>;
  private readonly sdk: Promise<string>;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private failedStarts = 0;
  private lastStartError = '';
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.graceMs = options.graceMs ?? 5000;
    this.helpers = options.helpersSource !== undefined ? Promise.resolve(options.helpersSource) : bundleHelpers();
    this.helpers.catch(() => {}); // reported by the first job instead
    this.sdk = bundleSdk();
    this.sdk.catch(() => {});
    for (let i = 0; i < this.size; i++) void this.spawn();
  }

  /** Runs one submission; resolves (never rejects) with the outcome or the reason there is none. */
  run(job: SandboxJob): Promise<PoolResult> {
    return new Promise((resolve) => this.enqueue({ type: 'job', job, resolve }));
  }

  /** Runs an authored exercise's own code (grader/content); resolves (never rejects) like `run`. */
  runContent(job: ContentJob): Promise<ContentPoolResult> {
    return new Promise((resolve) => this.enqueue({ type: 'content', job, resolve }));
  }

  private enqueue(task: Task): void {
    if (this.closed) return task.resolve({ ok: false, error: 'the sandbox pool is closed' });
    this.queue.push({ ...task, id: this.nextId++ } as Pending);
    if (this.slots.size < this.size) void this.spawn();
    this.dispatch();
    this.updateRefs();
  }

  /** Waits until every worker is up (useful before timing anything). */
  async ready(): Promise<void> {
    await this.helpers;
    while ([...this.slots].some((s) => !s.ready || s.dead) || this.slots.size < this.size) {
      if (this.closed) return;
      if (this.failedStarts >= MAX_FAILED_STARTS) throw new Error(`sandbox workers fail to start: ${this.lastStartError}`);
      if (this.slots.size < this.size) void this.spawn();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Process ids of the live workers (for monitoring and for tests that kill one). */
  workerPids(): number[] {
    return [...this.slots].flatMap((s) => (s.child.pid === undefined ? [] : [s.child.pid]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, error: 'the sandbox pool is closed' });
    const exits = [...this.slots].map((slot) => this.stop(slot, 'the sandbox pool is closed'));
    await Promise.all(exits);
  }

  private async spawn(): Promise<void> {
    if (this.closed) return;
    let child: ChildProcess;
    try {
      child = fork(workerEntry(), [], {
        execArgv: WORKER_FLAGS,
        serialization: 'advanced', // structured clone: NaN, Infinity and -0 survive
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
    } catch (err) {
      this.failedStarts++;
      this.lastStartError = err instanceof Error ? err.message : String(err);
      for (const p of this.queue.splice(0)) p.resolve({ ok: false, error: `sandbox workers fail to start: ${this.lastStartError}` });
      return;
    }
    const slot: Slot = { child, ready: false };
    this.slots.add(slot);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    (child.stderr as Socket | null)?.unref(); // a pipe would keep an idle CLI alive
    child.on('message', (message: FromWorker) => this.onMessage(slot, message));
    child.on('exit', () => {
      this.slots.delete(slot);
      if (slot.watchdog) clearTimeout(slot.watchdog);
      if (!slot.ready) {
        this.failedStarts++;
        this.lastStartError = stderr.trim() || 'the worker exited during start-up';
      }
      if (slot.current) slot.current.resolve({ ok: false, error: 'grader crashed, please retry' });
      slot.current = undefined;
      if (this.closed) return;
      this.updateRefs();
      if (this.failedStarts >= MAX_FAILED_STARTS) {
        for (const p of this.queue.splice(0)) p.resolve({ ok: false, error: `sandbox workers fail to start: ${this.lastStartError}` });
        return;
      }
      if (this.queue.length > 0 || this.slots.size < this.size) void this.spawn();
    });
    child.on('error', () => {}); // 'exit' follows and does the bookkeeping
    let helpersSource: string;
    let sdkSource: string;
    try {
      [helpersSource, sdkSource] = await Promise.all([this.helpers, this.sdk]);
    } catch (err) {
      helpersSource = sdkSource = '';
      this.lastStartError = `engine helpers or the attention-lab SDK could not be bundled: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (child.connected) this.send(slot, { type: 'init', helpersSource, sdkSource });
    this.updateRefs();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.failedStarts = 0;
      this.dispatch();
      return;
    }
    const current = slot.current;
    if (!current || current.id !== message.id) return;
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.current = undefined;
    const result = message.type === 'result' ? { ok: true as const, outcome: message.outcome } : { ok: false as const, error: message.error };
    (current.resolve as (r: typeof result) => void)(result);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.dead || slot.current || !slot.child.connected) continue;
      const pending = this.queue.shift()!;
      slot.current = pending;
      slot.watchdog = setTimeout(() => {
        void this.stop(slot, 'the sandbox stopped responding and was restarted; please retry');
      }, pending.job.limits.totalMs + this.graceMs);
      this.send(slot, pending.type === 'job' ? { type: 'job', id: pending.id, job: pending.job } : { type: 'content', id: pending.id, job: pending.job });
    }
    this.updateRefs();
  }

  private send(slot: Slot, message: ToWorker): void {
    slot.child.send(message, (err) => {
      if (err) slot.child.kill('SIGKILL');
    });
  }

  private stop(slot: Slot, reason: string): Promise<void> {
    slot.dead = true;
    if (slot.current) {
      slot.current.resolve({ ok: false, error: reason });
      slot.current = undefined;
    }
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      slot.child.once('exit', () => resolve());
      slot.child.ref(); // keep the caller alive until the exit is seen
      slot.child.kill('SIGKILL');
    });
  }

  // Idle workers must not keep a CLI alive; while any job waits or runs, they keep its caller waiting.
  private updateRefs(): void {
    const active = this.queue.length > 0 || [...this.slots].some((s) => s.current);
    for (const { child } of this.slots) {
      const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
      if (active) {
        child.ref();
        channel?.ref?.();
      } else {
        child.unref();
        channel?.unref?.();
      }
    }
  }
}

let shared: SandboxPool | undefined;

/** The process-wide pool `grade()` uses when none is passed. */
export function defaultPool(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}
