// The process's Prometheus metrics (prom-client). Every process (each web process, each grading
// worker) keeps its own registry; lib/observability/snapshots.ts publishes it to PostgreSQL every
// few seconds so GET /metrics on any web process can answer for all of them, on this machine or
// others, with a `process` label telling them apart (no sums across processes: a process that
// stops simply stops reporting, as a Prometheus target would). Lives on globalThis because the
// custom server and Next's bundles load this module separately.
import os from 'node:os';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  /** This process's name in the `process` label: host:pid. */
  processName: string;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  gradingDuration: Histogram<'outcome'>;
  submitToGraded: Histogram<'outcome'>;
  gradings: Counter<'outcome'>;
  dbPool: Gauge<'state'>;
}

const KEY = Symbol.for('attention-lab.metrics');
const holder = globalThis as unknown as { [KEY]?: AppMetrics };

// Seconds: a page or API answer is expected well under 250 ms; gradings take 5-50 ms of sandbox
// time but can wait seconds in a queue on exam day.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const GRADING_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUEUE_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

function create(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'attention_lab_' });
  return {
    registry,
    processName: `${os.hostname()}:${process.pid}`,
    httpDuration: new Histogram({
      name: 'attention_lab_http_request_duration_seconds',
      help: 'HTTP request latency in the web process, by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    gradingDuration: new Histogram({
      name: 'attention_lab_grading_duration_seconds',
      help: 'Time a grading worker spends grading one submission (sandbox and verdict write)',
      labelNames: ['outcome'],
      buckets: GRADING_BUCKETS,
      registers: [registry],
    }),
    submitToGraded: new Histogram({
      name: 'attention_lab_submit_to_graded_seconds',
      help: 'From the submission being recorded to its verdict being written (queue wait included)',
      labelNames: ['outcome'],
      buckets: QUEUE_BUCKETS,
      registers: [registry],
    }),
    gradings: new Counter({
      name: 'attention_lab_gradings_total',
      help: 'Gradings finished, by outcome: passed, failed, compile_error, error (the grader could not grade)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: 'attention_lab_db_pool_connections',
      help: "The process's PostgreSQL pool: total, idle, and waiting (requests queued for a connection)",
      labelNames: ['state'],
      registers: [registry],
    }),
  };
}

export function metrics(): AppMetrics {
  return (holder[KEY] ??= create());
}

/** What a verdict counts as in the outcome label. */
export function gradingOutcome(status: string | undefined): string {
  return status === 'passed' || status === 'failed' || status === 'compile_error' ? status : 'error';
}

// Route patterns, so the route label stays bounded whatever paths clients ask for: ids and slugs
// become placeholders, and anything unknown is "other".
const ROUTES: [RegExp, string][] = [
  [/^\/_next\/static\//, '/_next/static'],
  [/^\/_next\/image/, '/_next/image'],
  [/^\/api\/submissions\/[^/]+\/events$/, '/api/submissions/:id/events'],
  [/^\/api\/submissions\/[^/]+$/, '/api/submissions/:id'],
  [/^\/api\/submissions$/, '/api/submissions'],
  [/^\/api\/auth\/callback\/[^/]+$/, '/api/auth/callback/:provider'],
  [/^\/api\/auth\/[a-z-]+$/, '/api/auth/:action'],
  [/^\/api\/health$/, '/api/health'],
  [/^\/metrics$/, '/metrics'],
  [/^\/exercises\/[^/]+\/[^/]+$/, '/exercises/:module/:slug'],
  [/^\/submissions\/[^/]+$/, '/submissions/:id'],
  [/^\/reset\/[^/]+$/, '/reset/:token'],
  [/^\/instructor\/studio\/[^/]+\/[^/]+(\/[a-z]+)?$/, '/instructor/studio/:module/:slug'],
  [/^\/instructor\/cohorts\/[^/]+(\/.*)?$/, '/instructor/cohorts/:id'],
  [/^\/instructor\/courses\/[^/]+$/, '/instructor/courses/:id'],
  [/^\/instructor\/[a-z/-]*$/, '/instructor'],
  [/^\/(|signin|signup|progress|account|submissions|join)$/, ''],
];

export function routeLabel(pathname: string, status: number): string {
  if (status === 404) return 'not_found';
  for (const [re, name] of ROUTES) if (re.test(pathname)) return name || pathname || '/';
  return 'other';
}

/** The pool gauges, read when metrics are taken (pool counts change too often to track). */
export function recordPoolUse(use: { total: number; idle: number; waiting: number } | null): void {
  if (!use) return;
  const g = metrics().dbPool;
  g.set({ state: 'total' }, use.total);
  g.set({ state: 'idle' }, use.idle);
  g.set({ state: 'waiting' }, use.waiting);
}
