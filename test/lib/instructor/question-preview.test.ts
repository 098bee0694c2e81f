// The staff preview of a question: any seed's variant with its right answers, the misconceptions'
// wrong answers on that variant, and the worked solution; for staff only, nothing recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { questionPreview } from '../../../lib/instructor/question-preview.ts';
import { isAccessDenied } from '../../../lib/instructor/authorization.ts';
import { getQuestion } from '../../../exercises/questions.ts';
import { questionParams } from '../../../exercises/question-variant.ts';

let t: TestDatabase;
const users = { teacher: '', student: '' };
beforeAll(async () => {
  t = await freshDatabase();
  users.teacher = (await t.db.user.create({ data: { email: 'qp-teacher@example.test', role: 'instructor' } })).id;
  users.student = (await t.db.user.create({ data: { email: 'qp-student@example.test', role: 'student' } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('questionPreview', () => {
  it("shows a seed's variant with the answers, each misconception's wrong answer and the worked solution", async () => {
    const q = getQuestion('attention/mha-params')!;
    const p = await questionPreview(t.db, { id: users.teacher }, q.id, 'seed-7');
    const params = questionParams(q, 'seed-7');
    expect(p).toMatchObject({ id: q.id, seed: 'seed-7', points: 10, params });
    expect(p.answers).toEqual([
      { part: 'params', answer: String(4 * params.d * params.d + 4 * params.d) },
      { part: 'headWidth', answer: String(params.d / params.heads) },
      { part: 'weights', answer: String(params.heads * params.n * params.n) },
    ]);
    expect(p.misconceptions.find((m) => m.id === 'no-biases')).toMatchObject({ part: 'params', wrong: String(4 * params.d * params.d) });
    expect(p.variant.promptHtml).toContain(String(params.d));
    expect(p.workedHtml.length).toBeGreaterThan(50);
    // another seed, another variant; no seed: the preview seed
    expect((await questionPreview(t.db, { id: users.teacher }, q.id, null)).seed).toBe('instructor-preview');
    expect(await t.db.submission.count()).toBe(0);
  });

  it('is for staff only, and unknown ids are not found', async () => {
    await expect(questionPreview(t.db, { id: users.student }, 'attention/mha-params')).rejects.toMatchObject({ status: 403 });
    await expect(questionPreview(t.db, { id: users.teacher }, 'attention/no-such')).rejects.toSatisfy(isAccessDenied);
  });
});
