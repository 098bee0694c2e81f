// Verdicts pushed instead of polled: PostgreSQL announces every submission status change on the
// channel submission_status (a trigger, prisma/migrations/20261204020000_process_heartbeats), and
// each web process holds ONE listening connection for all its open event streams, waking the ones
// waiting on that submission. A stream also re-reads on a slow timer, so a notification missed
// while the listening connection was down (it reconnects by itself) only delays the verdict.
import pg from 'pg';
import { databaseUrl, pgConfigFromUrl } from './pg-config.ts';
import { log } from './observability/log.ts';

export const CHANNEL = 'submission_status';

type Wake = () => void;

export class SubmissionEvents {
  private readonly waiting = new Map<string, Set<Wake>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 500;
  private closed = false;
  private readonly url: string;

  constructor(url = databaseUrl()) {
    this.url = url;
  }

  /** Calls `wake` whenever submission `id` changes status, until the returned function is called. */
  subscribe(id: string, wake: Wake): () => void {
    let set = this.waiting.get(id);
    if (!set) this.waiting.set(id, (set = new Set()));
    set.add(wake);
    void this.ensureListening();
    return () => {
      set.delete(wake);
      if (set.size === 0) this.waiting.delete(id);
    };
  }

  /** Whether the listening connection is up (a stream that subscribed while it was not should not wait long). */
  get listening(): boolean {
    return this.client !== null;
  }

  get subscribers(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    return (this.connecting ??= this.connect().finally(() => (this.connecting = null)));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(pgConfigFromUrl(this.url, { application_name: 'attention-lab-events' }));
    const lost = (e?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.closed) return;
      log().warn({ error: e instanceof Error ? e.message : undefined }, 'submission events: listening connection lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      for (const wake of this.waiting.get(n.payload) ?? []) wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.retryMs = 500;
      // Whatever changed while nobody listened: everyone re-reads once.
      for (const set of this.waiting.values()) for (const wake of set) wake();
    } catch (e) {
      client.removeAllListeners();
      client.end().catch(() => undefined);
      log().warn({ error: e instanceof Error ? e.message : String(e) }, 'submission events: cannot listen; retrying');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 15_000);
    setTimeout(() => {
      if (this.waiting.size > 0) void this.ensureListening();
    }, wait).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      await c.end().catch(() => undefined);
    }
  }
}

const KEY = Symbol.for('attention-lab.submission-events');
const holder = globalThis as unknown as { [KEY]?: SubmissionEvents };

/** The web process's hub, started on the first stream. */
export function submissionEvents(): SubmissionEvents {
  return (holder[KEY] ??= new SubmissionEvents());
}
