// Entry point of one sandbox worker process (forked by pool.ts, run by Node's own TypeScript type
// stripping). It grades one submission at a time and answers over the IPC channel.
//
// A process, not a worker thread: a thread stuck inside isolated-vm's native code can neither be
// terminated (Worker.terminate() returns but the thread keeps spinning) nor let its process exit;
// a process can always be killed, and isolated-vm asks for the process to end after a
// catastrophic error.
import { Sandbox } from './sandbox.ts';
import type { SandboxJob } from './sandbox-protocol.ts';

export type ToWorker = { type: 'init'; helpersSource: string } | { type: 'job'; id: number; job: SandboxJob };

if (!process.send) throw new Error('sandbox-worker.ts runs as a forked process (see pool.ts)');

let sandbox: Sandbox | undefined;

process.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    sandbox = new Sandbox({
      helpersSource: message.helpersSource,
      onCatastrophicError: (reason) => {
        process.stderr.write(`sandbox worker: isolated-vm catastrophic error: ${reason}\n`);
        process.kill(process.pid, 'SIGKILL'); // V8 state is unrecoverable; the pool replaces us
      },
    });
    process.send!({ type: 'ready' });
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
