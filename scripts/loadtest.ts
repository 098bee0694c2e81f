// Exam day on one machine: N students sign in and submit in a burst against a RUNNING instance on
// this machine, through real HTTP (next-auth's credentials sign-in, POST /api/submissions, then the
// workbench's wait: the verdict's event stream GET /api/submissions/<id>/events, polling GET
// /api/submissions/<id> on the workbench's schedule if the stream fails). It prints submit-to-verdict p50/p99,
// grading throughput, the web app's latency during the burst, and lost / duplicated from the database.
//
//   npm run loadtest -- --students 500 --submissions 1000 [--url http://localhost:3000]
//       [--exercise attention/scaled-dot-product] [--concurrency 64] [--timeout-s 600] [--json] [--keep]
//   npm run loadtest -- --cleanup        (remove accounts left by an interrupted run)
//
// Accounts are written straight to the instance's database (DATABASE_URL, or the embedded cluster
// `npm start` runs when it is unset): load-<run>-<i>@load.test, one password hash computed once, all
// in a cohort of their own; they, their submissions and progress are deleted at the end.
// Bounded: at most 5000 students and 20000 submissions, each phase at most --timeout-s; loopback only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../lib/db.ts';
import { embeddedDevUrl } from '../lib/embedded-postgres.ts';
import { hashPassword } from '../lib/passwords.ts';
import { GRADE_FAILED_QUEUE, GRADE_QUEUE } from '../lib/queue.ts';
import { getExercise } from '../exercises/catalog.ts';
import { projectRoot, readExerciseFile } from '../exercises/files.ts';
import { POLL_DELAYS_MS } from '../components/workbench/poll.ts';

export const LIMITS = { students: 5000, submissions: 20_000, timeoutS: 3600, concurrency: 1000 } as const;
const EMAIL_DOMAIN = 'load.test';

export interface LoadOptions {
  students: number;
  submissions: number;
  url: URL;
  exercise: string;
  concurrency: number;
  timeoutS: number;
  json: boolean;
  keep: boolean;
  cleanup: boolean;
}

export class UsageError extends Error {}

/** Only this machine: a load test must never be pointed at someone else's server. */
export function isLoopback(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function parseArgs(argv: string[]): LoadOptions {
  const o: LoadOptions = { students: 500, submissions: 1000, url: new URL('http://localhost:3000'), exercise: 'attention/scaled-dot-product', concurrency: 64, timeoutS: 600, json: false, keep: false, cleanup: false };
  const int = (flag: string, v: string | undefined, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max} (got ${v ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--students') o.students = int(a, next(), LIMITS.students);
    else if (a === '--submissions') o.submissions = int(a, next(), LIMITS.submissions);
    else if (a === '--concurrency') o.concurrency = int(a, next(), LIMITS.concurrency);
    else if (a === '--timeout-s') o.timeoutS = int(a, next(), LIMITS.timeoutS);
    else if (a === '--exercise') o.exercise = next() ?? '';
    else if (a === '--url') {
      const v = next();
      try {
        o.url = new URL(v ?? '');
      } catch {
        throw new UsageError(`--url takes a URL (got ${v ?? 'nothing'})`);
      }
    } else if (a === '--json') o.json = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--cleanup') o.cleanup = true;
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (o.url.protocol !== 'http:' && o.url.protocol !== 'https:') throw new UsageError(`--url must be http(s) (got ${o.url.protocol})`);
  if (!isLoopback(o.url)) throw new UsageError(`--url must be this machine (localhost, 127.x.x.x or ::1), not ${o.url.hostname}`);
  if (!getExercise(o.exercise)) throw new UsageError(`--exercise ${o.exercise} is not in the catalog`);
  return o;
}

/** Nearest-rank percentile of unsorted values (NaN when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}
export function stats(values: readonly number[]): Stats {
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : NaN };
}

/** Which student makes submission i, and whether it is the correct solution (3 in 5) or the starter. */
export function plan(students: number, submissions: number): { student: number; correct: boolean }[] {
  // Round-robin, so the first `students` submissions are one per student: everyone submits at once.
  return Array.from({ length: submissions }, (_, i) => ({ student: i % students, correct: i % 5 < 3 }));
}

/** The cookies a browser would keep for one origin (enough for next-auth's). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.trim().split('=');
        if (/^max-age$/i.test(k)) return Number(v) <= 0;
        if (/^expires$/i.test(k)) return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  has(pattern: RegExp): boolean {
    return [...this.cookies.keys()].some((k) => pattern.test(k));
  }
}

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/** next-auth's credentials flow as a browser runs it: CSRF token, then the callback; keeps the cookies. */
export async function signIn(base: URL, email: string, password: string, timeoutMs = 60_000): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(new URL('/api/auth/csrf', base), { signal: AbortSignal.timeout(timeoutMs) });
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf gave no token (${csrf.status})`);
  const res = await fetch(new URL('/api/auth/callback/credentials', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: new URL('/', base).href }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  jar.take(res);
  await res.arrayBuffer();
  if (!jar.has(SESSION_COOKIE)) throw new Error(`sign-in of ${email} failed: ${res.status} to ${res.headers.get('location') ?? '(no redirect)'}`);
  return jar;
}

/** At most n of the given tasks at once. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    while (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export { embeddedDevUrl };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Timed {
  at: number; // performance.now() when the request was sent
  ms: number;
  ok: boolean;
}

/** GET `path` every `everyMs` until stopped, one at a time: what a user clicking around would feel. */
function probe(base: URL, pathname: string, everyMs: number, cookie?: string) {
  const samples: Timed[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await fetch(new URL(pathname, base), { headers: cookie ? { cookie } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        ok = res.status === 200;
      } catch {
        ok = false;
      }
      const ms = performance.now() - t0;
      samples.push({ at: t0, ms, ok });
      await sleep(everyMs - ms);
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export type WebStats = Stats & { failures: number };
function webStats(samples: Timed[], from = -Infinity, to = Infinity): WebStats {
  const inside = samples.filter((s) => s.at >= from && s.at < to);
  return { ...stats(inside.map((s) => s.ms)), failures: inside.filter((s) => !s.ok).length };
}

/** The light GETs' latency in a window of the run. */
export interface WebWindow {
  seconds: number;
  health: WebStats;
  page: WebStats;
  polls: WebStats;
  /** Opening a verdict stream: request sent -> its first status event. */
  streams: WebStats;
}

interface StatusBody {
  status?: string;
  verdict?: { status?: string } | null;
}

/** The `status` events of a text/event-stream body, as they arrive. */
export async function* statusEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StatusBody> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = frame.split('\n');
      if (!lines.includes('event: status')) continue;
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      yield JSON.parse(data) as StatusBody;
    }
  }
}

interface Outcome {
  index: number;
  correct: boolean;
  submissionId?: string;
  sentAt: number; // performance.now() when the accepted POST was sent
  postMs?: number;
  verdictAt?: number;
  passed?: boolean;
  refused429: number;
  errors: number;
  polled?: boolean; // the stream failed and the wait fell back to polling
}

export interface LoadReport {
  run: string;
  url: string;
  exercise: string;
  students: number;
  submissions: number;
  signIn: { seconds: number; p50Ms: number; p99Ms: number };
  burst: { seconds: number; postP50Ms: number; postP99Ms: number; refused429: number; errors: number; notRecorded: number };
  accepted: number;
  recorded: number;
  graded: number;
  lost: number;
  duplicated: number;
  retried: number;
  unacknowledged: number;
  wrongVerdicts: number;
  submitToVerdictMs: Stats;
  /** Waits whose stream failed and that polled instead. */
  fellBackToPolling: number;
  /** Web processes with a live heartbeat when the burst began. */
  webProcesses: number;
  queuedToGradedMs: Stats;
  throughputPerS: number;
  /** Before the burst; while submissions arrive (first POST sent to last 201); then until the last verdict. */
  web: { healthIdle: Stats; burst: WebWindow; catchUp: WebWindow };
  seconds: number;
}

async function deleteRun(db: Db, emailPrefix: string, joinCodePrefix: string): Promise<number> {
  // Submissions, progress, drafts and enrollments go with the users (ON DELETE CASCADE).
  const { count } = await db.user.deleteMany({ where: { email: { startsWith: emailPrefix, endsWith: `@${EMAIL_DOMAIN}` } } });
  // Only the load test's own cohorts, and only once nobody is left in them.
  await db.cohort.deleteMany({ where: { joinCode: { startsWith: joinCodePrefix }, name: { startsWith: 'Load test ' }, enrollments: { none: {} } } });
  return count;
}

export async function loadTest(o: LoadOptions, db: Db, say: (s: string) => void): Promise<LoadReport> {
  const t0 = performance.now();
  const base = o.url;
  const health = await fetch(new URL('/api/health', base), { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => {
    throw new Error(`no instance answers at ${base.origin} (${e instanceof Error ? e.message : e}); start one first (npm start)`);
  });
  if (health.status !== 200) throw new Error(`${base.origin}/api/health answered ${health.status}`);
  if (!(await db.exercise.findUnique({ where: { id: o.exercise } }))) throw new Error(`${o.exercise} is not in that database's catalog: is DATABASE_URL the instance's database?`);

  const run = `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('base64url');
  const emailPrefix = `load-${run}-`;
  const cohort = await db.cohort.create({ data: { name: `Load test ${run}`, joinCode: `LOAD-${run.toUpperCase()}` } });
  const passwordHash = await hashPassword(password); // once for all: 500 would only time this script
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: o.students }, (_, i) => ({ email: `${emailPrefix}${i}@${EMAIL_DOMAIN}`, name: `Load ${run} ${i}`, role: 'student' as const, passwordHash })),
    select: { id: true, email: true },
  });
  users.sort((a, b) => Number(a.email.slice(emailPrefix.length).split('@')[0]) - Number(b.email.slice(emailPrefix.length).split('@')[0]));
  await db.enrollment.createMany({ data: users.map((u) => ({ cohortId: cohort.id, userId: u.id, role: 'student' as const })) });
  const userIds = users.map((u) => u.id);
  say(`run ${run}: ${o.students} students created in cohort ${cohort.joinCode}`);

  const cleanup = async () => {
    if (o.keep) return say(`--keep: accounts ${emailPrefix}*@${EMAIL_DOMAIN} left in place (npm run loadtest -- --cleanup removes them)`);
    const n = await deleteRun(db, emailPrefix, `LOAD-${run.toUpperCase()}`);
    say(`cleaned up: ${n} load accounts and their submissions deleted`);
  };
  const onSignal = () => {
    say('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const webProcesses = await db.processHeartbeat.count({ where: { role: 'web', beatAt: { gt: new Date(Date.now() - 30_000) } } });
    say(`${webProcesses} web process${webProcesses === 1 ? '' : 'es'} alive (heartbeats)`);
    // Sign-in: students arrive together; each costs a password hash off the web processes' event loops.
    const signInStart = performance.now();
    const signInDeadline = Date.now() + o.timeoutS * 1000;
    const jars: CookieJar[] = new Array(o.students);
    const signInMs: number[] = [];
    const gate = limiter(o.concurrency);
    await Promise.all(
      users.map((u, i) =>
        gate(async () => {
          for (let attempt = 1; ; attempt++) {
            const s = performance.now();
            try {
              jars[i] = await signIn(base, u.email, password);
              signInMs.push(performance.now() - s);
              return;
            } catch (e) {
              if (attempt >= 3 || Date.now() > signInDeadline) throw e;
              await sleep(1000 * attempt);
            }
          }
        }),
      ),
    );
    const signInSeconds = (performance.now() - signInStart) / 1000;
    say(`sign-in: ${o.students} students through /api/auth/callback/credentials in ${signInSeconds.toFixed(1)} s (p50 ${percentile(signInMs, 50).toFixed(0)} ms, p99 ${percentile(signInMs, 99).toFixed(0)} ms)`);

    const idle = probe(base, '/api/health', 100);
    await sleep(2000);
    await idle.stop();

    // The burst.
    const codes = { correct: readExerciseFile(o.exercise, 'solution.ts'), wrong: readExerciseFile(o.exercise, 'starter.ts') };
    const plans = plan(o.students, o.submissions);
    const outcomes: Outcome[] = plans.map((p, index) => ({ index, correct: p.correct, sentAt: 0, refused429: 0, errors: 0 }));
    const pollSamples: Timed[] = [];
    const streamSamples: Timed[] = []; // request sent -> first status event
    const healthProbe = probe(base, '/api/health', 250);
    const pageProbe = probe(base, '/', 1000, jars[0].header());
    const burstStart = performance.now();
    const deadline = Date.now() + o.timeoutS * 1000;
    let lastAccepted = burstStart;
    let inFlight = 0;
    say(`burst: ${o.submissions} submissions (${plans.filter((p) => p.correct).length} correct, ${plans.filter((p) => !p.correct).length} wrong) of ${o.exercise}, ${o.concurrency} requests at a time`);
    const progress = setInterval(() => {
      const got = outcomes.filter((x) => x.verdictAt !== undefined).length;
      say(`  ${((performance.now() - burstStart) / 1000).toFixed(0)} s: ${outcomes.filter((x) => x.submissionId).length} accepted, ${got} verdicts, ${inFlight} being sent`);
    }, 10_000);

    // The workbench's wait: the status stream (Server-Sent Events), polling when it fails.
    const poll = async (x: Outcome, jar: CookieJar) => {
      if (await streamVerdict(x, jar)) return;
      x.polled = true;
      let errorSince: number | undefined;
      let failures = 0; // in a row: a session gone or a server down for good ends the wait
      for (let i = 0; Date.now() < deadline && failures < 20; i++) {
        await sleep(POLL_DELAYS_MS[Math.min(i, POLL_DELAYS_MS.length - 1)]);
        const s = performance.now();
        let ok = false;
        try {
          const res = await fetch(new URL(`/api/submissions/${x.submissionId}`, base), { headers: { cookie: jar.header(), accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
          const body = (await res.json()) as StatusBody;
          ok = res.status === 200;
          pollSamples.push({ at: s, ms: performance.now() - s, ok });
          failures = ok ? 0 : failures + 1;
          if (body.status === 'graded') {
            x.verdictAt = performance.now();
            x.passed = body.verdict?.status === 'passed';
            return;
          }
          // 'error' is the dead-letter verdict (or a retry on its way): give up on it after 30 s
          if (body.status === 'error') {
            errorSince ??= Date.now();
            if (Date.now() - errorSince > 30_000) return;
          } else errorSince = undefined;
        } catch {
          pollSamples.push({ at: s, ms: performance.now() - s, ok: false });
          failures++;
        }
      }
    };

    /** Reads the event stream until the verdict; false when the stream failed before it came. */
    const streamVerdict = async (x: Outcome, jar: CookieJar): Promise<boolean> => {
      while (Date.now() < deadline) {
        const s = performance.now();
        let res: Response;
        try {
          res = await fetch(new URL(`/api/submissions/${x.submissionId}/events`, base), { headers: { cookie: jar.header(), accept: 'text/event-stream' }, signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
        } catch {
          streamSamples.push({ at: s, ms: performance.now() - s, ok: false });
          return false;
        }
        if (res.status !== 200 || !res.body) {
          await res.arrayBuffer().catch(() => undefined);
          streamSamples.push({ at: s, ms: performance.now() - s, ok: false });
          return false;
        }
        let first = true;
        try {
          for await (const event of statusEvents(res.body)) {
            if (first) {
              streamSamples.push({ at: s, ms: performance.now() - s, ok: true });
              first = false;
            }
            if (event.status === 'graded') {
              x.verdictAt = performance.now();
              x.passed = event.verdict?.status === 'passed';
              return true;
            }
          }
        } catch {
          return false;
        }
        // The stream ended without the verdict (it lasts a minute at most): open it again, as EventSource does.
      }
      return false;
    };

    const sendGate = limiter(o.concurrency);
    const polls: Promise<void>[] = [];
    await Promise.all(
      plans.map((p, i) =>
        (async () => {
          const x = outcomes[i];
          const jar = jars[p.student];
          while (Date.now() < deadline) {
            const answer = await sendGate(async () => {
              inFlight++;
              const s = performance.now();
              try {
                const res = await fetch(new URL('/api/submissions', base), {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', cookie: jar.header() },
                  body: JSON.stringify({ exerciseId: o.exercise, code: p.correct ? codes.correct : codes.wrong }),
                  signal: AbortSignal.timeout(60_000),
                });
                const body = (await res.json().catch(() => ({}))) as { submissionId?: string; retryAfterMs?: number };
                return { status: res.status, body, sentAt: s, ms: performance.now() - s, retryAfter: Number(res.headers.get('retry-after')) };
              } catch {
                return { status: 0, body: {} as { submissionId?: string; retryAfterMs?: number }, sentAt: s, ms: performance.now() - s, retryAfter: NaN };
              } finally {
                inFlight--;
              }
            });
            if (answer.status === 201 && answer.body.submissionId) {
              x.submissionId = answer.body.submissionId;
              x.sentAt = answer.sentAt;
              x.postMs = answer.ms;
              lastAccepted = Math.max(lastAccepted, answer.sentAt + answer.ms);
              polls.push(poll(x, jar));
              return;
            }
            if (answer.status === 429) {
              x.refused429++;
              await sleep(answer.body.retryAfterMs ?? (Number.isFinite(answer.retryAfter) ? answer.retryAfter * 1000 : 5000));
              continue;
            }
            // Refused with an error (5xx, dropped connection): the learner would see it and submit again.
            x.errors++;
            if (x.errors >= 3 || (answer.status >= 400 && answer.status < 500)) return;
            await sleep(1000 * x.errors);
          }
        })(),
      ),
    );
    const burstSeconds = (lastAccepted - burstStart) / 1000;
    await Promise.all(polls);
    clearInterval(progress);
    await Promise.all([healthProbe.stop(), pageProbe.stop()]);

    // The database's view: every recorded submission of this run, graded or not.
    const rows = await db.submission.findMany({
      where: { userId: { in: userIds }, kind: 'submit' },
      select: { id: true, userId: true, exerciseId: true, status: true, attempts: true, createdAt: true, gradedAt: true },
    });
    const graded = rows.filter((r) => r.status === 'graded');
    const accepted = new Set(outcomes.map((x) => x.submissionId).filter((id): id is string => !!id));
    const progressRows = await db.progress.findMany({ where: { userId: { in: userIds } }, select: { userId: true, exerciseId: true, attempts: true } });
    const gradedPer = new Map<string, number>();
    for (const r of graded) gradedPer.set(`${r.userId} ${r.exerciseId}`, (gradedPer.get(`${r.userId} ${r.exerciseId}`) ?? 0) + 1);
    // A grading applied twice counts the learner's attempt twice: Progress.attempts above the graded submits.
    const progressDoubles = progressRows.reduce((n, p) => n + Math.max(0, p.attempts - (gradedPer.get(`${p.userId} ${p.exerciseId}`) ?? 0)), 0);
    const ids = rows.map((r) => r.id);
    const jobs = ids.length
      ? await db.$queryRawUnsafe<{ id: string; n: number }[]>(
          `select data->>'submissionId' as id, count(*)::int as n from pgboss.job where name = $1 and data->>'submissionId' = any($2::text[]) group by 1`,
          GRADE_QUEUE,
          ids,
        )
      : [];
    const doubleJobs = jobs.filter((j) => j.n > 1).length;
    const deadLettered = ids.length
      ? (await db.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from pgboss.job where name = $1 and data->>'submissionId' = any($2::text[])`, GRADE_FAILED_QUEUE, ids))[0].n
      : 0;

    const verdicts = outcomes.filter((x) => x.verdictAt !== undefined);
    const lastVerdict = Math.max(burstStart, ...verdicts.map((x) => x.verdictAt!));
    const queued = graded.map((r) => r.gradedAt!.getTime() - r.createdAt.getTime());
    const window = (from: number, to: number): WebWindow => ({
      seconds: (to - from) / 1000,
      health: webStats(healthProbe.samples, from, to),
      page: webStats(pageProbe.samples, from, to),
      polls: webStats(pollSamples, from, to),
      streams: webStats(streamSamples, from, to),
    });
    const firstCreated = Math.min(...rows.map((r) => r.createdAt.getTime()));
    const lastGraded = Math.max(...graded.map((r) => r.gradedAt!.getTime()));
    const report: LoadReport = {
      run,
      url: base.origin,
      exercise: o.exercise,
      students: o.students,
      submissions: o.submissions,
      signIn: { seconds: signInSeconds, p50Ms: percentile(signInMs, 50), p99Ms: percentile(signInMs, 99) },
      burst: {
        seconds: burstSeconds,
        postP50Ms: percentile(outcomes.filter((x) => x.postMs !== undefined).map((x) => x.postMs!), 50),
        postP99Ms: percentile(outcomes.filter((x) => x.postMs !== undefined).map((x) => x.postMs!), 99),
        refused429: outcomes.reduce((n, x) => n + x.refused429, 0),
        errors: outcomes.reduce((n, x) => n + x.errors, 0),
        notRecorded: outcomes.filter((x) => !x.submissionId).length,
      },
      accepted: accepted.size,
      recorded: rows.length,
      graded: graded.length,
      lost: rows.length - graded.length,
      duplicated: progressDoubles + doubleJobs,
      retried: rows.filter((r) => r.attempts > 1).length,
      unacknowledged: rows.filter((r) => !accepted.has(r.id)).length,
      wrongVerdicts: verdicts.filter((x) => x.passed !== x.correct).length,
      submitToVerdictMs: stats(verdicts.map((x) => x.verdictAt! - x.sentAt)),
      fellBackToPolling: outcomes.filter((x) => x.polled).length,
      webProcesses,
      queuedToGradedMs: stats(queued),
      throughputPerS: graded.length > 0 ? graded.length / Math.max(0.001, (lastGraded - firstCreated) / 1000) : 0,
      web: {
        healthIdle: stats(idle.samples.map((s) => s.ms)),
        burst: window(burstStart, lastAccepted),
        catchUp: window(lastAccepted, Math.max(lastAccepted, lastVerdict)),
      },
      seconds: (performance.now() - t0) / 1000,
    };
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const ms = (v: number) => v.toFixed(0);
    say(`accepted ${report.accepted} of ${o.submissions} in ${burstSeconds.toFixed(1)} s (POST p50 ${ms(report.burst.postP50Ms)} ms, p99 ${ms(report.burst.postP99Ms)} ms; ${report.burst.refused429} refused 429 and retried, ${report.burst.errors} errors, ${report.burst.notRecorded} never recorded)`);
    say(`verdicts pushed by the event stream: ${verdicts.length - report.fellBackToPolling}; fell back to polling: ${report.fellBackToPolling}`);
    say(`submit-to-verdict (client, POST sent -> the verdict arrives): p50 ${s(report.submitToVerdictMs.p50)} s, p99 ${s(report.submitToVerdictMs.p99)} s, max ${s(report.submitToVerdictMs.max)} s`);
    say(`queued-to-graded (database createdAt -> gradedAt): p50 ${s(report.queuedToGradedMs.p50)} s, p99 ${s(report.queuedToGradedMs.p99)} s`);
    say(`throughput: ${report.throughputPerS.toFixed(1)} gradings/s (${report.graded} graded between the first submission and the last verdict; client saw the last at ${s(lastVerdict - burstStart)} s)`);
    const w = report.web;
    const line = (x: WebStats) => (x.n ? `p50 ${ms(x.p50)} ms, p99 ${ms(x.p99)} ms, max ${ms(x.max)} ms (${x.n}${x.failures ? `, ${x.failures} failed` : ''})` : 'no samples');
    say(`web, idle before the burst: /api/health p50 ${ms(w.healthIdle.p50)} ms, p99 ${ms(w.healthIdle.p99)} ms`);
    for (const [label, x] of [['while submissions arrive', w.burst], ['while the graders catch up', w.catchUp]] as const) {
      say(`web ${label} (${x.seconds.toFixed(1)} s): /api/health ${line(x.health)}; course map ${line(x.page)}; verdict streams opened ${line(x.streams)}; status polls ${line(x.polls)}`);
    }
    say(`recorded ${report.recorded}, graded ${report.graded}, retried ${report.retried} (taken again after a worker died, graded once), dead-lettered ${deadLettered}, unacknowledged ${report.unacknowledged}`);
    say(`verdicts contrary to the code sent (correct not passed, or starter passed): ${report.wrongVerdicts}`);
    say(`lost = ${report.lost}`);
    say(`duplicated = ${report.duplicated}`);
    return report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

async function main(): Promise<number> {
  let o: LoadOptions;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`loadtest: ${e.message}\nusage: npm run loadtest -- --students 500 --submissions 1000 [--url http://localhost:3000] [--exercise id] [--concurrency 64] [--timeout-s 600] [--json] [--keep] | --cleanup`);
    return 2;
  }
  const url = process.env.DATABASE_URL || embeddedDevUrl(projectRoot());
  if (!url) {
    console.error('loadtest: set DATABASE_URL to the database of the instance under test (no running embedded cluster of `npm start` was found)');
    return 2;
  }
  const db = createDb(url, 4);
  try {
    if (o.cleanup) {
      const n = await deleteRun(db, 'load-', 'LOAD-');
      console.log(`[loadtest] removed ${n} load accounts`);
      return 0;
    }
    const report = await loadTest(o, db, (line) => console.log(`[loadtest] ${line}`));
    if (o.json) console.log(JSON.stringify(report));
    return report.lost === 0 && report.duplicated === 0 && report.wrongVerdicts === 0 && report.burst.notRecorded === 0 ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[loadtest] failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
