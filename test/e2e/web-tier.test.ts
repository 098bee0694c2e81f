// The production web tier as exam day runs it: two web processes on one port (scripts/web.ts),
// each request named by an id on its response and its log line, a dead process replaced at once,
// verdicts pushed over Server-Sent Events, and /metrics answering for every process, for admins
// and the scraper's token only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { createStudent, forgeSessionCookie, SESSION_COOKIE, type Learner } from './support/auth.ts';
import { signIn, statusEvents } from '../../scripts/loadtest.ts';
import { readExerciseFile } from '../../exercises/files.ts';

const EX = 'attention/scaled-dot-product';
const TOKEN = 'scrape-token-for-the-web-tier-test';
const TIMEOUT = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the web tier (two processes)', () => {
  let app: RunningApp;
  let ada: Learner & { id: string };
  let cookie: string;

  const livePids = async () =>
    (await app.db.processHeartbeat.findMany({ where: { role: 'web', beatAt: { gt: new Date(Date.now() - 30_000) } }, select: { pid: true } })).map((r) => r.pid).sort();
  const submit = async (who: string, code: string) => {
    const res = await fetch(`${app.baseUrl}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: who }, body: JSON.stringify({ exerciseId: EX, code, cohortId: null }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { submissionId: string }).submissionId;
  };

  beforeAll(async () => {
    app = await startApp({ webProcesses: 2, env: { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'info' } });
    ada = await createStudent(app);
    cookie = (await signIn(new URL(app.baseUrl), ada.email, ada.password)).header();
    for (let i = 0; i < 50 && (await livePids()).length < 2; i++) await sleep(200);
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
  }, 60_000);

  it('runs two web processes, each with a heartbeat', async () => {
    expect(await livePids()).toHaveLength(2);
  });

  it('names every request: a fresh id, or the one a proxy sent, on the response and on its JSON log line', async () => {
    const fresh = await fetch(`${app.baseUrl}/api/health`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = `edge-${Date.now()}-abc`;
    const echoed = await fetch(`${app.baseUrl}/api/health`, { headers: { 'x-request-id': given } });
    expect(echoed.headers.get('x-request-id')).toBe(given);
    const hostile = await fetch(`${app.baseUrl}/api/health`, { headers: { 'x-request-id': 'a b\u00e9<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await sleep(1500); // the log is flushed every second
    const line = app
      .logs()
      .split('\n')
      .map((l) => l.replace(/^\[web\] /, ''))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.reqId === given);
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', route: '/api/health', status: 200, role: 'web' });
  }, TIMEOUT);

  it('replaces a web process that dies, and keeps answering meanwhile', async () => {
    const [victim, survivor] = await livePids();
    process.kill(victim, 'SIGKILL');
    // Requests in the meantime land on the survivor (or the replacement): none fails. A keep-alive
    // connection the dead process held is reset, and is retried on a new one, as browsers do.
    const statuses: number[] = [];
    const get = (url: string) => fetch(url).catch(() => fetch(url, { headers: { connection: 'close' } }));
    for (let i = 0; i < 20; i++) statuses.push((await get(`${app.baseUrl}/api/health`)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // The replacement's heartbeat appears (the dead one's row ages out of the live set in 30 s).
    let replacement: number | undefined;
    for (let i = 0; i < 100 && replacement === undefined; i++) {
      replacement = (await livePids()).find((p) => p !== victim && p !== survivor);
      if (replacement === undefined) await sleep(200);
    }
    expect(replacement).toBeDefined();
    expect(() => process.kill(victim, 0)).toThrow(); // and the victim is really gone
  }, TIMEOUT);

  it('pushes a verdict over the event stream and ends it', async () => {
    const id = await submit(cookie, readExerciseFile(EX, 'solution.ts'));
    const res = await fetch(`${app.baseUrl}/api/submissions/${id}/events`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const seen: string[] = [];
    for await (const e of statusEvents(res.body!)) seen.push(e.status!);
    expect(seen.at(-1)).toBe('graded');
    expect(seen.filter((s) => s === 'graded')).toHaveLength(1);
  }, TIMEOUT);

  it('gives the stream only to who may see the submission', async () => {
    const id = await submit(cookie, readExerciseFile(EX, 'starter.ts'));
    expect((await fetch(`${app.baseUrl}/api/submissions/${id}/events`)).status).toBe(401);
    const eve = await createStudent(app);
    const eveCookie = (await signIn(new URL(app.baseUrl), eve.email, eve.password)).header();
    expect((await fetch(`${app.baseUrl}/api/submissions/${id}/events`, { headers: { cookie: eveCookie } })).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/api/submissions/not-an-id/events`, { headers: { cookie } })).status).toBe(404);
  }, TIMEOUT);

  it('serves /metrics for every live process to the token and to admins only', async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(403);
    const admin = await app.db.user.create({ data: { email: `admin-${Date.now()}@metrics.test`, role: 'admin' } });
    const adminCookie = `${SESSION_COOKIE}=${await forgeSessionCookie(app, { ...admin, role: 'admin' }, 3600)}`;
    const asAdmin = await fetch(`${app.baseUrl}/metrics`, { headers: { cookie: adminCookie } });
    expect(asAdmin.status).toBe(200);

    // Connections go to the processes in turn: new ones reach both, then a heartbeat round later
    // every process has published what it served.
    for (let i = 0; i < 20; i++) await fetch(`${app.baseUrl}/api/health`, { headers: { connection: 'close' } });
    await sleep(5500);
    const res = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const processes = new Set([...text.matchAll(/attention_lab_http_request_duration_seconds_count\{[^}]*process="([^"]+)"/g)].map((m) => m[1]));
    expect(processes.size).toBe(2);
    expect(text).toMatch(/attention_lab_http_request_duration_seconds_bucket\{[^}]*route="\/api\/health"/);
    expect(text).toMatch(/attention_lab_gradings_total\{outcome="passed",process="[^"]+"\} [1-9]/);
    expect(text).toMatch(/attention_lab_grading_duration_seconds_count\{/);
    expect(text).toMatch(/attention_lab_queue_depth\{state="queued"\} \d+/);
    expect(text).toMatch(/attention_lab_heartbeat_age_seconds\{process="[^"]+",role="worker"\}/);
    expect(text).toMatch(/attention_lab_processes\{role="web"\} 2/);
    expect(text).toMatch(/attention_lab_db_pool_connections\{state="total",process=/);
    expect(text).toMatch(/attention_lab_process_cpu_seconds_total\{process=/);
  }, TIMEOUT);
});
