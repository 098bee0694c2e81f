// Entry point of one sandbox worker process (forked by pool.ts, run by Node's own TypeScript type
// stripping). It grades one submission at a time and answers over the IPC channel.
//
// A process, not a worker thread: a thread stuck inside isolated-vm's native code can neither be
// terminated (Worker.terminate() returns but the thread keeps spinning) nor let its process exit;
// a process can always be killed, and isolated-vm asks for the process to end after a
// catastrophic error.
import { ContentRunner } from './content/runner.ts';
import type { ContentJob } from './content/protocol.ts';
import { Sandbox } from './sandbox.ts';
import type { SandboxJob } from './sandbox-protocol.ts';

export type ToWorker =
  | { type: 'init'; helpersSource: string; sdkSource: string }
  | { type: 'job'; id: number; job: SandboxJob }
  | { type: 'content'; id: number; job: ContentJob };

if (!process.send) throw new Error('sandbox-worker.ts runs as a forked process (see pool.ts)');

let sandbox: Sandbox | undefined;
let content: ContentRunner | undefined;

process.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    sandbox = new Sandbox({
      helpersSource: message.helpersSource,
      onCatastrophicError: (reason) => {
        process.stderr.write(`sandbox worker: isolated-vm catastrophic error: ${reason}\n`);
        process.kill(process.pid, 'SIGKILL'); // V8 state is unrecoverable; the pool replaces us
      },
    });
    content = new ContentRunner(message.sdkSource, (reason) => {
      process.stderr.write(`sandbox worker: isolated-vm catastrophic error in exercise content: ${reason}\n`);
      process.kill(process.pid, 'SIGKILL');
    });
    process.send!({ type: 'ready' });
    return;
  }
  if (message.type === 'content') {
    if (!content) throw new Error('job before init');
    try {
      process.send!({ type: 'result', id: message.id, outcome: content.run(message.job) });
    } catch (err) {
      process.send!({ type: 'failure', id: message.id, error: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  if (message.type === 'job') {
    if (!sandbox) throw new Error('job before init');
    try {
      const outcome = sandbox.run(message.job);
      process.send!({ type: 'result', id: message.id, outcome });
    } catch (err) {
      process.send!({ type: 'failure', id: message.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
});

// the pool went away: nothing left to do
process.on('disconnect', () => process.exit(0));
