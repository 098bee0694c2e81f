// Metrics across processes and machines, through PostgreSQL: every process writes its registry
// (prom-client JSON) to its ProcessHeartbeat row every few seconds, which is also its heartbeat.
// GET /metrics on any web process reads the rows of the processes alive in the last 30 s, its own
// registry fresh, adds what only the database knows (queue depth, heartbeat ages) and renders it
// all in Prometheus's text format, each series labelled with the process it came from.
import os from 'node:os';
import { AggregatorRegistry, Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Db } from '../db.ts';
import { metrics } from './metrics.ts';
import { log } from './log.ts';

export const BEAT_MS = 5000;
/** A process not heard from for this long is gone (crashed, or stopped without saying so). */
export const ALIVE_MS = 30_000;

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export interface Beating {
  stop(): Promise<void>;
}

/** Starts writing this process's heartbeat and metrics; stop() removes its row. */
export function startHeartbeat(db: Db, role: 'web' | 'worker', sample: () => void = () => {}): Beating {
  const m = metrics();
  const startedAt = new Date();
  const row = { process: m.processName, role, host: os.hostname(), pid: process.pid, startedAt };
  let beats = 0;
  const beat = async () => {
    sample();
    const json = (await m.registry.getMetricsAsJSON()) as unknown as object;
    const beatAt = new Date();
    await db.processHeartbeat.upsert({ where: { process: row.process }, create: { ...row, beatAt, metrics: json }, update: { beatAt, metrics: json } });
    // Rows of processes long gone (killed without a chance to remove theirs) are cleared now and then.
    if (++beats % 60 === 1) await db.processHeartbeat.deleteMany({ where: { beatAt: { lt: new Date(Date.now() - 3_600_000) } } });
  };
  let failing = false;
  const tick = () =>
    beat().then(
      () => (failing = false),
      (e: unknown) => {
        if (!failing) log().warn({ error: e instanceof Error ? e.message : String(e) }, 'heartbeat not written');
        failing = true;
      },
    );
  void tick();
  const timer = setInterval(tick, BEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await db.processHeartbeat.delete({ where: { process: row.process } }).catch(() => undefined);
    },
  };
}

/** Every series of one process, labelled with its name. With the label no two processes' series
 *  coincide, so "sum" keeps each as it is (prom-client's own choices, such as omitting the start
 *  time of a cluster's workers, assume series that coincide). */
function labelled(json: MetricsJson, processName: string): MetricsJson {
  return json.map((metric) => ({ ...metric, aggregator: 'sum', values: metric.values.map((v) => ({ ...v, labels: { ...v.labels, process: processName } })) }));
}

/** The database's own gauges: the grading queue, and how long ago each process was heard from. */
async function databaseGauges(db: Db, rows: { process: string; role: string; beatAt: Date }[]): Promise<Registry> {
  const registry = new Registry();
  const depth = new Gauge({ name: 'attention_lab_queue_depth', help: 'Submissions waiting for a grader (queued) and being graded (running)', labelNames: ['state'], registers: [registry] });
  const counts = await db.submission.groupBy({ by: ['status'], where: { status: { in: ['queued', 'running'] } }, _count: true });
  for (const state of ['queued', 'running'] as const) depth.set({ state }, counts.find((c) => c.status === state)?._count ?? 0);
  const age = new Gauge({ name: 'attention_lab_heartbeat_age_seconds', help: 'Seconds since each live process last wrote its heartbeat', labelNames: ['process', 'role'], registers: [registry] });
  const workers = new Gauge({ name: 'attention_lab_processes', help: 'Live processes by role (heartbeat in the last 30 s)', labelNames: ['role'], registers: [registry] });
  const now = Date.now();
  for (const r of rows) age.set({ process: r.process, role: r.role }, (now - r.beatAt.getTime()) / 1000);
  for (const role of ['web', 'worker']) workers.set({ role }, rows.filter((r) => r.role === role).length);
  return registry;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** The Prometheus text for every live process. */
export async function renderMetrics(db: Db, sample: () => void = () => {}): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  sample();
  const recent = await db.processHeartbeat.findMany({ where: { beatAt: { gt: new Date(Date.now() - ALIVE_MS) } }, select: { process: true, role: true, host: true, pid: true, beatAt: true, metrics: true } });
  // A process on this machine that is gone (killed: it had no chance to remove its row) is known at
  // once, without waiting for its heartbeat to age out.
  const host = os.hostname();
  const gone = recent.filter((r) => r.host === host && !isAlive(r.pid));
  if (gone.length) await db.processHeartbeat.deleteMany({ where: { process: { in: gone.map((r) => r.process) } } });
  const rows = recent.filter((r) => !gone.includes(r));
  const own = (await m.registry.getMetricsAsJSON()) as MetricsJson;
  const parts = [labelled(own, m.processName), ...rows.filter((r) => r.process !== m.processName).map((r) => labelled(r.metrics as unknown as MetricsJson, r.process))];
  const merged = AggregatorRegistry.aggregate(parts);
  const combined = Registry.merge([merged as Registry, await databaseGauges(db, rows)]);
  return { contentType: combined.contentType, body: await combined.metrics() };
}
