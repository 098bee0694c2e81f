import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pollSubmission } from '../../../components/workbench/poll.ts';
import type { Verdict } from '../../../grader/verdict.ts';

const verdict: Verdict = { exerciseId: 'a/b', exerciseVersion: 'v', status: 'passed', score: 10, maxScore: 10, cases: [], cpuMs: 1, wallMs: 2 };

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A status route that answers each poll with the next scripted (HTTP status, body). */
async function route(script: Array<[number, unknown]>): Promise<{ url: string; hits: () => number }> {
  let n = 0;
  server = createServer((_req, res) => {
    const [status, body] = script[Math.min(n++, script.length - 1)];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/submissions/s1`, hits: () => n };
}

describe('pollSubmission', () => {
  it('reports queued then running, and returns the verdict once graded', async () => {
    const { url } = await route([[200, { status: 'queued' }], [200, { status: 'running' }], [200, { status: 'graded', verdict }]]);
    const seen: string[] = [];
    const r = await pollSubmission({ url, signal: new AbortController().signal, onStatus: (s) => seen.push(s) });
    expect(r).toEqual({ kind: 'graded', verdict });
    expect(seen).toEqual(['queued', 'running', 'graded']);
  });

  it('rides out a 429 and a server error, then still gets the verdict', async () => {
    const { url } = await route([[429, {}], [500, {}], [200, { status: 'graded', verdict }]]);
    expect(await pollSubmission({ url, signal: new AbortController().signal })).toMatchObject({ kind: 'graded' });
  });

  it('stops with a sentence on 404 (someone else\'s submission) and on an expired session', async () => {
    const a = await route([[404, { error: 'No such submission.' }]]);
    expect(await pollSubmission({ url: a.url, signal: new AbortController().signal })).toEqual({ kind: 'failed', message: 'This submission could not be found.' });
    await new Promise<void>((done) => server!.close(() => done()));
    const b = await route([[401, {}]]);
    expect(await pollSubmission({ url: b.url, signal: new AbortController().signal })).toMatchObject({ kind: 'failed', message: expect.stringContaining('session') });
  });

  it('gives up after its time limit without hammering the server', async () => {
    const { url, hits } = await route([[200, { status: 'queued' }]]);
    const r = await pollSubmission({ url, signal: new AbortController().signal, timeoutMs: 1500 });
    expect(r.kind).toBe('failed');
    expect(hits()).toBeLessThanOrEqual(6); // the delays 100 + 150 + 200 + 250 + 300 + 300 ms fit in 1.5 s
  });

  it('is cancelled by its signal', async () => {
    const { url } = await route([[200, { status: 'queued' }]]);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    expect(await pollSubmission({ url, signal: abort.signal })).toEqual({ kind: 'cancelled' });
  });
});
