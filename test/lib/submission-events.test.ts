// Verdicts pushed from PostgreSQL: a status change announced by the trigger wakes exactly the
// streams waiting on that submission, and a stream sends each status once and ends with the verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { SubmissionEvents } from '../../lib/submission-events.ts';
import { submissionStream } from '../../lib/submission-stream.ts';
import { statusEvents } from '../../scripts/loadtest.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';

const EX = 'foundations/dot-product';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// A queued submission is sent again when its place in the queue moves; the statuses come in order.
const collapse = (xs: string[]) => xs.filter((x, i) => x !== xs[i - 1]);

describe('submission events', () => {
  let t: TestDatabase;
  let events: SubmissionEvents;
  let userId: string;
  const newSubmission = async () =>
    (await t.db.submission.create({ data: { userId, exerciseId: EX, exerciseVersion: 'v', kind: 'submit', code: 'x', seed: 's', status: 'queued' }, select: { id: true } })).id;
  const setStatus = (id: string, status: 'running' | 'graded' | 'error') =>
    t.db.submission.update({ where: { id }, data: { status, ...(status === 'graded' ? { score: 1, maxScore: 1, verdict: { status: 'passed', score: 1, maxScore: 1, cases: [] }, gradedAt: new Date() } : {}) } });

  beforeAll(async () => {
    t = await freshDatabase();
    await syncCatalog(t.db);
    userId = (await t.db.user.create({ data: { email: 'events@test.test', role: 'student' } })).id;
    events = new SubmissionEvents(t.url);
  });
  afterAll(async () => {
    await events?.close();
    await t?.drop();
  });

  it('wakes the subscribers of the submission whose status changed, and only them', async () => {
    const [a, b] = [await newSubmission(), await newSubmission()];
    const woken: string[] = [];
    const offA = events.subscribe(a, () => woken.push('a'));
    const offB = events.subscribe(b, () => woken.push('b'));
    for (let i = 0; i < 50 && !events.listening; i++) await sleep(50);
    woken.length = 0; // the wake-everyone on connecting
    await setStatus(a, 'running');
    for (let i = 0; i < 50 && woken.length === 0; i++) await sleep(20);
    expect(woken).toEqual(['a']);
    offA();
    offB();
    expect(events.subscribers).toBe(0);
    await setStatus(a, 'graded');
    await sleep(200);
    expect(woken).toEqual(['a']);
  });

  it('streams queued, running, graded in order and then ends', async () => {
    const id = await newSubmission();
    const abort = new AbortController();
    const stream = await submissionStream(t.db, { id: userId, role: 'student' }, id, abort.signal, { events, safetyMs: 60_000 });
    expect(stream).not.toBeNull();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of statusEvents(stream!)) seen.push(e.status!);
    })();
    await sleep(100);
    await setStatus(id, 'running');
    await sleep(200);
    await setStatus(id, 'graded');
    await reading;
    expect(collapse(seen)).toEqual(['queued', 'running', 'graded']);
  });

  it('gives no stream to someone who may not see the submission', async () => {
    const id = await newSubmission();
    expect(await submissionStream(t.db, { id: 'someone-else', role: 'student' }, id, new AbortController().signal, { events })).toBeNull();
    expect(await submissionStream(t.db, { id: userId, role: 'student' }, 'no-such-id', new AbortController().signal, { events })).toBeNull();
  });

  it('still ends with the verdict when a notification is missed (the slow re-read)', async () => {
    const id = await newSubmission();
    const deaf = new SubmissionEvents('postgresql://127.0.0.1:1/nothing'); // never listens
    const stream = await submissionStream(t.db, { id: userId, role: 'student' }, id, new AbortController().signal, { events: deaf, safetyMs: 200 });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of statusEvents(stream!)) seen.push(e.status!);
    })();
    await setStatus(id, 'graded');
    await reading;
    expect(collapse(seen)).toEqual(['queued', 'graded']);
    await deaf.close();
  });

  it('ends and unsubscribes when the client goes away', async () => {
    const id = await newSubmission();
    const abort = new AbortController();
    const stream = await submissionStream(t.db, { id: userId, role: 'student' }, id, abort.signal, { events });
    const reader = stream!.getReader();
    await reader.read(); // queued
    expect(events.subscribers).toBe(1);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
    expect(events.subscribers).toBe(0);
  });
});
