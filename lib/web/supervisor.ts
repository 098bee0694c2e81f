// Several web processes on one port (node:cluster; the primary hands each new connection to the
// next process in turn). The primary serves nothing itself: it starts WEB_CONCURRENCY processes
// (default: one per core), starts a new one when one dies (waiting longer each time if they keep
// dying at start), and on SIGTERM or SIGINT asks each to drain and waits for them to finish.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { log } from '../observability/log.ts';

export interface SupervisorOptions {
  processes: number;
  /** How long to wait for the processes to drain on stop before killing them. */
  stopMs?: number;
}

export function webConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(n) && n > 0 && n <= 64 ? n : os.availableParallelism();
}

export function superviseWeb(o: SupervisorOptions): void {
  let stopping = false;
  const restarts: number[] = []; // times of recent unplanned exits
  const fork = (): Worker => {
    const w = cluster.fork({ ATTENTION_LAB_ROLE: 'web' });
    w.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
      // One death is restarted at once; a crash loop backs off up to 30 s between attempts.
      const delay = Math.min(30_000, restarts.length <= 1 ? 0 : 500 * 2 ** (restarts.length - 2));
      log().error({ pid: w.process.pid, code, signal, restartInMs: delay }, 'web process exited; starting another');
      setTimeout(() => !stopping && fork(), delay);
    });
    return w;
  };
  for (let i = 0; i < o.processes; i++) fork();
  log().info({ processes: o.processes }, 'web processes starting');

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    log().info({ signal, processes: workers.length }, 'stopping web processes');
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const kill = setTimeout(() => w.process.kill('SIGKILL'), o.stopMs ?? 15_000);
            w.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            w.process.kill('SIGTERM');
          }),
      ),
    );
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM')); // on, not once: a second SIGTERM (the group's and the supervisor's) must not kill mid-drain
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started by `npm start` in its own process group: a parent that dies takes us with it.
  process.on('SIGHUP', () => void stop('SIGHUP'));
}
