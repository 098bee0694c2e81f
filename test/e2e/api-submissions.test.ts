// The JSON submit route against the production build with a real grading worker: programmatic
// clients sign in through next-auth's credentials flow, submit, and poll the verdict, with the same
// checks and messages as the exercise page. Then the load test itself, small, against this instance.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { createStudent, type Learner } from './support/auth.ts';
import { signIn, type LoadReport } from '../../scripts/loadtest.ts';
import { DEMO } from '../../lib/seed.ts';
import { readExerciseFile } from '../../exercises/files.ts';
import { MAX_CODE_BYTES } from '../../lib/limits.ts';

const EX = 'attention/scaled-dot-product';
const TIMEOUT = 60_000;
const PER_MINUTE = 3;

describe('POST /api/submissions', () => {
  let app: RunningApp;
  let ada: Learner & { id: string };
  let cookie: string;

  const post = (body: BodyInit | null, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body, ...init });
  const json = (v: unknown) => JSON.stringify(v);
  const adaSubmissions = () => app.db.submission.count({ where: { userId: ada.id } });

  beforeAll(async () => {
    app = await startApp({ env: { SUBMISSIONS_PER_MINUTE: String(PER_MINUTE) } });
    ada = await createStudent(app);
    cookie = (await signIn(new URL(app.baseUrl), ada.email, ada.password)).header();
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
  }, 60_000);

  it('answers the health probe', async () => {
    const res = await fetch(`${app.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a signed-out client with 401 and the session message, recording nothing', async () => {
    const res = await post(json({ exerciseId: EX, code: 'export const x = 1;' }), { cookie: '' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/session has expired/), kind: 'auth' });
    expect(await app.db.submission.count()).toBe(0);
  }, TIMEOUT);

  it('refuses a submission posted from another site with 403', async () => {
    const res = await post(json({ exerciseId: EX, code: 'export const x = 1;' }), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).kind).toBe('auth');
    expect(await adaSubmissions()).toBe(0);
  }, TIMEOUT);

  it('refuses bodies that are not a valid submission with 400 (or 415) and the reason', async () => {
    const cases: [BodyInit, Record<string, string>, number, RegExp][] = [
      ['exerciseId=x&code=y', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /as JSON/],
      ['{"exerciseId": ', {}, 400, /not valid JSON/],
      [json({ exerciseId: EX }), {}, 400, /Code must be text/],
      [json({ exerciseId: EX, code: '   \n' }), {}, 400, /code is empty/],
      [json({ exerciseId: 'attention/no-such-thing', code: 'export const x = 1;' }), {}, 400, /Unknown exercise/],
      [json({ exerciseId: '../../etc/passwd', code: 'export const x = 1;' }), {}, 400, /Unknown exercise/],
      [json(['not', 'an', 'object']), {}, 400, /./],
      // the cohort it is for, when named, must be one the learner studies in
      [json({ exerciseId: EX, code: 'export const x = 1;', cohortId: 'no-such-cohort' }), {}, 400, /not a student of that cohort/],
      [json({ exerciseId: EX, code: 'export const x = 1;', cohortId: 42 }), {}, 400, /cohortId is a cohort id/],
    ];
    for (const [body, headers, status, message] of cases) {
      const res = await post(body, headers);
      expect(res.status, String(body)).toBe(status);
      const answer = await res.json();
      expect(answer.kind, String(body)).toBe('validation');
      expect(answer.error, String(body)).toMatch(message);
    }
    expect(await adaSubmissions()).toBe(0);
  }, TIMEOUT);

  it('refuses code over the size limit with 413, declared or streamed', async () => {
    const big = json({ exerciseId: EX, code: `// ${'x'.repeat(MAX_CODE_BYTES + 10)}` });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.text()).toMatch(/too large/);
    // a chunked body declares no length: the route counts the bytes itself
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const streamed = await post(stream, {}, { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error).toMatch(/too large/);
    expect(await adaSubmissions()).toBe(0);
  }, TIMEOUT);

  it('records a submission with 201, and GET /api/submissions/<id> then shows it graded', async () => {
    const res = await post(json({ exerciseId: EX, code: readExerciseFile(EX, 'solution.ts') }));
    expect(res.status).toBe(201);
    const { submissionId } = (await res.json()) as { submissionId: string };
    expect(res.headers.get('location')).toBe(`/api/submissions/${submissionId}`);

    let status: { status: string; score: number | null; maxScore: number | null; verdict: { status: string } | null } | undefined;
    for (const until = Date.now() + 45_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      const poll = await fetch(`${app.baseUrl}/api/submissions/${submissionId}`, { headers: { cookie } });
      expect(poll.status).toBe(200);
      status = await poll.json();
      if (status!.status === 'graded') break;
    }
    expect(status?.status, app.logs()).toBe('graded');
    expect(status!.verdict!.status).toBe('passed');
    expect(status!.score).toBe(status!.maxScore);
    // made for the cohort the learner works in (their only one: no switch was made)
    const demo = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
    expect(await app.db.submission.findUniqueOrThrow({ where: { id: submissionId } })).toMatchObject({ cohortId: demo.id });
    // as through the page: the code is also the learner's draft, there
    const draft = await app.db.draft.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: ada.id, scope: demo.id, exerciseId: EX } } });
    expect(draft.code).toBe(readExerciseFile(EX, 'solution.ts'));
    // another learner cannot read it
    const bob = await createStudent(app);
    const bobCookie = (await signIn(new URL(app.baseUrl), bob.email, bob.password)).header();
    expect((await fetch(`${app.baseUrl}/api/submissions/${submissionId}`, { headers: { cookie: bobCookie } })).status).toBe(404);
  }, TIMEOUT);

  it(`refuses the learner's submission past ${PER_MINUTE} a minute with 429 and Retry-After`, async () => {
    const starter = readExerciseFile(EX, 'starter.ts');
    const before = await adaSubmissions();
    for (let i = before; i < PER_MINUTE; i++) expect((await post(json({ exerciseId: EX, code: starter }))).status).toBe(201);
    const res = await post(json({ exerciseId: EX, code: starter }));
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body).toMatchObject({ kind: 'rate_limit', error: expect.stringMatching(`${PER_MINUTE} times a minute`) });
    expect(body.retryAfterMs).toBeGreaterThan(0);
    expect(body.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(Number(res.headers.get('retry-after'))).toBe(Math.ceil(body.retryAfterMs / 1000));
    expect(await adaSubmissions()).toBe(PER_MINUTE);
  }, TIMEOUT);

  describe('POST /api/runs', () => {
    const run = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${app.baseUrl}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: typeof body === 'string' ? body : json(body) });

    it('grades the visible cases at once and records no submission', async () => {
      const before = await adaSubmissions();
      const res = await run({ exerciseId: EX, code: readExerciseFile(EX, 'solution.ts') });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { verdict } = (await res.json()) as { verdict: { status: string; cases: { name: string; passed: boolean }[] } };
      expect(verdict.status).toBe('passed');
      expect(verdict.cases.map((c) => c.name)).toContain('the worked example');
      expect(verdict.cases.every((c) => c.passed)).toBe(true);
      expect(await adaSubmissions()).toBe(before);
    }, TIMEOUT);

    it('answers a scratch case with the reference output beside the learner output', async () => {
      const args = [[[1, 0]], [[1, 0], [0, 1]], [[2, 3], [4, 5]]];
      const res = await run({ exerciseId: EX, code: readExerciseFile(EX, 'solution.ts'), scratch: args });
      expect(res.status).toBe(200);
      const { scratch } = (await res.json()) as { scratch: { args: unknown[]; expected: number[][]; actual: number[][]; verdict: { passed: boolean } } };
      expect(scratch.args).toEqual(args);
      expect(scratch.actual).toEqual(scratch.expected);
      expect(scratch.verdict.passed).toBe(true);
    }, TIMEOUT);

    it('stops an endless loop at the time limit and says so', async () => {
      const res = await run({ exerciseId: EX, code: 'export function attention(Q: Matrix, K: Matrix, V: Matrix): Matrix {\n  while (true) {}\n}\n' });
      expect(res.status).toBe(200);
      const { verdict } = (await res.json()) as { verdict: { status: string; cases: { message: string }[] } };
      expect(verdict.status).toBe('failed');
      expect(verdict.cases[0].message).toMatch(/took longer than/);
    }, TIMEOUT);

    it('refuses what it cannot run with the reason, as submissions are refused', async () => {
      const code = readExerciseFile(EX, 'starter.ts');
      const cases: Array<[unknown, Record<string, string>, number, RegExp]> = [
        [{ exerciseId: EX, code }, { cookie: '' }, 401, /session has expired/],
        ['exerciseId=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /as JSON/],
        ['{"exerciseId":', {}, 400, /not valid JSON/],
        [{ exerciseId: 'foundations/no-such-exercise', code }, {}, 400, /Unknown exercise/],
        [{ exerciseId: EX, code, scratch: 'Q, K, V' }, {}, 400, /scratch is the list of arguments/],
        [{ exerciseId: EX, code, cohortId: 'not-a-cohort-of-hers' }, {}, 403, /not a student of that cohort/],
        [{ exerciseId: EX, code }, { origin: 'https://evil.example' }, 403, /only accepted from this site/],
      ];
      for (const [body, headers, status, message] of cases) {
        const res = await run(body, headers);
        expect(res.status, JSON.stringify(body)).toBe(status);
        expect((await res.json()).error, JSON.stringify(body)).toMatch(message);
      }
    }, TIMEOUT);
  });

  it('carries the load test: sign-in, a burst, every verdict, nothing lost or duplicated, accounts removed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/loadtest.ts', '--students', '4', '--submissions', '8', '--url', app.baseUrl, '--timeout-s', '90', '--json'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: app.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code, out).toBe(0);
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as LoadReport;
    expect(report).toMatchObject({ students: 4, submissions: 8, accepted: 8, recorded: 8, graded: 8, lost: 0, duplicated: 0, wrongVerdicts: 0, unacknowledged: 0 });
    expect(report.submitToVerdictMs.n).toBe(8);
    expect(report.submitToVerdictMs.p50).toBeGreaterThan(0);
    expect(report.throughputPerS).toBeGreaterThan(0);
    expect(report.web.burst.health.failures + report.web.catchUp.health.failures).toBe(0);
    expect(out).toMatch(/lost = 0\n/);
    expect(out).toMatch(/duplicated = 0\n/);
    expect(await app.db.user.count({ where: { email: { endsWith: '@load.test' } } })).toBe(0);
    expect(await app.db.cohort.count({ where: { joinCode: { startsWith: 'LOAD-' } } })).toBe(0);
  }, 180_000);
});
