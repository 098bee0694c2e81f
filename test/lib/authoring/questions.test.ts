// Authored questions from the studio to a learner's answer, on a real PostgreSQL and the web
// process's real sandbox pool: an instructor starts from the blank question or a copy of a bank
// question, checks and publishes it; a student of a cohort it is assigned to answers their own
// variant, graded with the question's own code in its isolate; the answer stays graded on its
// version after a new one is published; raw HTML in its Markdown never reaches the student.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { runRuntime } from '../../../lib/run.ts';
import { checkStudioDraft, createStudioExercise, openStudio, previewStudioQuestion, publishStudio, renderStudioPrompt, saveStudioDraft } from '../../../lib/authoring/studio.ts';
import { createAssignments } from '../../../lib/instructor/assignments.ts';
import { answerQuestion, questionPage, variantSeed, type AnswerDeps } from '../../../lib/questions.ts';
import { questionItem } from '../../../lib/question-items.ts';
import { gradeSubmission } from '../../../lib/grading.ts';
import { createLimiters } from '../../../lib/rate-limit.ts';
import { courseMap } from '../../../lib/course.ts';
import { submit } from '../../../lib/submissions.ts';
import { runCode } from '../../../lib/run.ts';
import { questionParams } from '../../../exercises/question-variant.ts';
import { makeCohort, makeUser } from '../instructor/support.ts';
import { createExam } from '../../../lib/exams/manage.ts';
import { answerExamQuestion, examOverview, examQuestion, examVariantSeed, startExam } from '../../../lib/exams/take.ts';

let t: TestDatabase;
let deps: AnswerDeps;
let teacher: { id: string; email: string };
let ada: { id: string; email: string };
let outsider: { id: string; email: string };
let cohortId: string;
const NORM = 'my-course/norm';
const COPY = 'my-course/score-variance';

/** The right answers of a learner's `index`-th variant, computed by the published question itself. */
async function rightAnswers(id: string, userId: string, index: number): Promise<Record<string, unknown>> {
  const item = (await questionItem(t.db, id))!;
  const seed = variantSeed(userId, id, cohortId, index);
  const def = await item.at(seed);
  return def.answer(questionParams(def, seed));
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  await (await runRuntime()).pool.ready();
  deps = { db: t.db, limiter: createLimiters(t.db, { prefix: 'authored-questions-test:' }).answer };
  [teacher, ada, outsider] = [await makeUser(t.db, 'instructor'), await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
  cohortId = (await makeCohort(t.db, teacher, [ada])).id;
});
afterAll(async () => {
  const rt = await runRuntime();
  await Promise.all([rt.pool.close(), rt.scratch.close()]);
  await t?.drop();
});

describe('a question in the studio', () => {
  it('starts from the blank question, which passes its own check, and publishes as a question', async () => {
    expect(await createStudioExercise(t.db, teacher, { id: NORM, title: 'Vector length', from: 'blank-question' })).toBe(NORM);
    const draft = await openStudio(t.db, teacher, NORM);
    expect(Object.keys(draft.files).sort()).toEqual(['prompt.md', 'question.ts', 'solution.md']);
    expect(await checkStudioDraft(t.db, teacher, NORM, draft.files)).toEqual({ ok: true, problems: [] });
    expect(await renderStudioPrompt(t.db, teacher, NORM, draft.files)).toMatch(/For <span class="katex">/);
    expect(await publishStudio(t.db, teacher, NORM, 'first')).toEqual({ number: 1, problems: [] });
    expect(await t.db.exercise.findUniqueOrThrow({ where: { id: NORM } })).toMatchObject({ kind: 'question', source: 'authored', points: 10, title: 'Vector length', module: 'my-course' });
  });

  it('copies a bank question under a new id, imports rewritten to the SDK', async () => {
    await createStudioExercise(t.db, teacher, { id: COPY, from: 'attention/score-variance' });
    const draft = await openStudio(t.db, teacher, COPY);
    expect(draft.files['question.ts']).toContain(`id: '${COPY}'`);
    expect(draft.files['question.ts']).toMatch(/from 'attention-lab'/);
    expect((await checkStudioDraft(t.db, teacher, COPY, draft.files)).ok).toBe(true);
  });

  it('names every problem of a broken draft by file, and refuses to publish it', async () => {
    const draft = await openStudio(t.db, teacher, COPY);
    const broken = { ...draft.files, 'question.ts': draft.files['question.ts'].replace("part: 'variance',", "part: 'nope',"), 'prompt.md': 'Give {{missing}}.' };
    await saveStudioDraft(t.db, teacher, COPY, broken);
    const check = await checkStudioDraft(t.db, teacher, COPY, broken);
    expect(check.ok).toBe(false);
    expect(check.problems).toContainEqual(expect.objectContaining({ file: 'question.ts', message: expect.stringMatching(/part "nope" is not a part/) }));
    const published = await publishStudio(t.db, teacher, COPY, 'broken');
    expect(published.number).toBe(0);
    expect(await t.db.exercise.count({ where: { id: COPY } })).toBe(0);
    await saveStudioDraft(t.db, teacher, COPY, draft.files);
  });

  it('refuses a question file set mixed with an exercise, and a kind change after publishing', async () => {
    const draft = await openStudio(t.db, teacher, NORM);
    await expect(saveStudioDraft(t.db, teacher, NORM, { ...draft.files, 'starter.ts': 'x' })).rejects.toThrow(/a question holds only question.ts, prompt.md, solution.md/);
    await createStudioExercise(t.db, teacher, { id: 'my-course/as-exercise', from: 'blank' });
    const exercise = await openStudio(t.db, teacher, 'my-course/as-exercise');
    await saveStudioDraft(t.db, teacher, NORM, { ...exercise.files, 'exercise.ts': exercise.files['exercise.ts'].replace("id: 'my-course/as-exercise'", `id: '${NORM}'`) });
    await expect(publishStudio(t.db, teacher, NORM, 'now code')).rejects.toThrow(/was published as a question; give the exercise an id of its own/);
    await saveStudioDraft(t.db, teacher, NORM, draft.files);
  });

  it('previews any seed of the working copy with its answers and misconceptions', async () => {
    const r = await previewStudioQuestion(t.db, teacher, NORM, '7');
    if (!('preview' in r)) throw new Error(r.problems[0].message);
    expect(r.preview.seed).toBe('7');
    expect(r.preview.answers.map((a) => a.part)).toEqual(['squared', 'length', 'unit', 'formula']);
    expect(r.preview.misconceptions.map((m) => m.id)).toEqual(['no-square-root', 'signed-sum']);
    await expect(previewStudioQuestion(t.db, outsider, NORM, '1')).rejects.toThrow(/^Forbidden/);
  });
});

describe('a published question for learners', () => {
  it('is open to a student of a cohort it is assigned to, and listed on their course map as a question', async () => {
    expect(await questionPage(t.db, { userId: ada.id, cohortId }, NORM)).toBeNull();
    await createAssignments(t.db, teacher, cohortId, { target: NORM, opensAt: '2026-01-01T00:00', dueAt: '2030-01-01T00:00', latePolicy: 'accept' } as never);
    const page = await questionPage(t.db, { userId: ada.id, cohortId }, NORM);
    expect(page?.variant.parts.map((p) => p.name)).toEqual(['squared', 'length', 'unit', 'formula']);
    expect(page?.variant.promptHtml).not.toContain('{{');
    expect(await questionPage(t.db, { userId: outsider.id, cohortId: null }, NORM)).toBeNull();
    const map = await courseMap(t.db, { userId: ada.id, cohortId });
    const mine = map.modules.find((m) => m.questions.some((q) => q.id === NORM));
    expect(mine?.exercises.map((e) => e.id)).not.toContain(NORM);
  });

  it('grades a learner\'s answers with its own code, records them on its version, and regrades them the same', async () => {
    const right = await rightAnswers(NORM, ada.id, 0);
    const r = await answerQuestion(deps, { userId: ada.id, cohortId }, { questionId: NORM, variant: 0, answers: right });
    if (!r.ok) throw new Error(r.error);
    expect(r.review.passed).toBe(true);
    expect(r.review.score).toBe(10);
    expect(r.review.workedHtml).toContain('Squares');
    const wrong = await rightAnswers(NORM, ada.id, 1);
    const second = await answerQuestion(deps, { userId: ada.id, cohortId }, { questionId: NORM, variant: 1, answers: { ...wrong, length: wrong.squared } });
    if (!second.ok) throw new Error(second.error);
    expect(second.review.parts.find((p) => p.name === 'length')).toMatchObject({ passed: false, misconception: { title: 'the sum of squares without the square root' } });

    const v1 = (await t.db.exercise.findUniqueOrThrow({ where: { id: NORM } })).contentVersion;
    const rows = await t.db.submission.findMany({ where: { userId: ada.id, exerciseId: NORM }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((s) => [s.exerciseVersion, s.score])).toEqual([
      [v1, 10],
      [v1, 6],
    ]);

    // a new version changes the prompt; the recorded answers still grade on the version they were given on
    const draft = await openStudio(t.db, teacher, NORM);
    await saveStudioDraft(t.db, teacher, NORM, { ...draft.files, 'prompt.md': draft.files['prompt.md'].replace('The length', 'The Euclidean length') });
    expect((await publishStudio(t.db, teacher, NORM, 'wording')).number).toBe(2);
    await t.db.submission.updateMany({ where: { exerciseId: NORM }, data: { status: 'queued' } });
    for (const s of rows) expect(await gradeSubmission(t.db, (await runRuntime()).pool, s.id)).toBe('graded');
    const regraded = await t.db.submission.findMany({ where: { userId: ada.id, exerciseId: NORM }, orderBy: { createdAt: 'asc' } });
    expect(regraded.map((s) => [s.status, s.exerciseVersion, s.score])).toEqual([
      ['graded', v1, 10],
      ['graded', v1, 6],
    ]);
  });

  it('is never taken as code: a submission or a Run of it is refused and records nothing', async () => {
    const before = await t.db.submission.count({ where: { exerciseId: NORM } });
    const boss = async () => {
      throw new Error('nothing may be queued');
    };
    const r = await submit({ db: t.db, boss: boss as never }, { userId: ada.id, cohortId }, { exerciseId: NORM, code: JSON.stringify({ squared: 1 }) });
    expect(r).toMatchObject({ ok: false, error: 'Unknown exercise.' });
    expect(await runCode(t.db, { userId: ada.id, cohortId }, NORM, 'export const x = 1;\n')).toMatchObject({ ok: false, error: 'Unknown exercise.' });
    expect(await t.db.submission.count({ where: { exerciseId: NORM } })).toBe(before);
  });

  it('drops raw HTML from an instructor\'s Markdown before a student sees it', async () => {
    const draft = await openStudio(t.db, teacher, NORM);
    await saveStudioDraft(t.db, teacher, NORM, {
      ...draft.files,
      'prompt.md': `${draft.files['prompt.md']}\n<img src=x onerror="alert(1)">\n`,
      'solution.md': `${draft.files['solution.md']}\n<script>alert(2)</script>\n`,
    });
    expect((await publishStudio(t.db, teacher, NORM, 'html')).number).toBe(3);
    const page = await questionPage(t.db, { userId: ada.id, cohortId }, NORM);
    expect(page?.variant.promptHtml).not.toMatch(/<img|onerror/);
    const right = await rightAnswers(NORM, ada.id, 2);
    const r = await answerQuestion(deps, { userId: ada.id, cohortId }, { questionId: NORM, variant: 2, answers: right });
    if (!r.ok) throw new Error(r.error);
    expect(r.review.workedHtml).not.toMatch(/<script/);
  });
});

describe('a published question in an exam', () => {
  it('is drawn from a pool, keeps one variant, and is graded with its own code', async () => {
    const now = Date.now();
    const { id: examId } = await createExam(t.db, teacher, cohortId, {
      title: 'Quiz',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      timeLimitMinutes: '20',
      tryPoints: '100, 50',
      honourCode: 'I work alone.',
      pools: [{ title: 'Mine', choose: '1', points: '10', exerciseIds: [NORM] }],
    });
    expect(await startExam(t.db, ada.id, examId, true)).toEqual({ ok: true });
    const item = (await examOverview(t.db, ada.id, examId))!.attempt!.items[0];
    expect(item).toMatchObject({ exerciseId: NORM, kind: 'question' });
    const view = (await examQuestion(t.db, ada.id, examId, item.position))!;
    expect(view.variant.parts.map((p) => p.name)).toEqual(['squared', 'length', 'unit', 'formula']);
    const seed = examVariantSeed(ada.id, examId, NORM);
    const def = await (await questionItem(t.db, NORM))!.at(seed);
    const r = await answerExamQuestion({ db: t.db, limiter: createLimiters(t.db, { prefix: 'authored-exam-test:' }).answer }, ada.id, { examId, position: item.position, tryIndex: 0, answers: def.answer(questionParams(def, seed)) });
    if (!r.ok) throw new Error(r.error);
    expect(r.review.score).toBe(10);
    // while the exam runs, its practice page is closed
    expect((await questionPage(t.db, { userId: ada.id, cohortId }, NORM))!.closed).toMatch(/part of your exam in progress \("Quiz"\)/);
  });
});
