// A question of the bank as staff see it: any seed's variant with its right answers, every
// misconception with the wrong answer it stands for on that variant, and the worked solution;
// nothing is recorded. Instructors use it to check a question before they put it in an exam.
import type { Db } from '../db.ts';
import { AccessDenied, requireStaff, type Actor } from './authorization.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { formatAnswer, questionParams, questionPoints } from '../../exercises/question-variant.ts';
import { loadWorkedSolution, questionVersion } from '../../exercises/question-files.ts';
import { renderPrompt } from '../../exercises/prompt.ts';
import { variantForm } from '../question-render.ts';
import type { VariantForm } from '../../components/questions/types.ts';
import { PREVIEW_SEED } from './exercises.ts';

export interface QuestionPreview {
  id: string;
  title: string;
  module: string;
  points: number;
  version: string;
  seed: string;
  params: unknown;
  variant: VariantForm;
  /** Per part, the right answer as text (TeX for vectors and matrices). */
  answers: { part: string; answer: string }[];
  misconceptions: { id: string; part: string; title: string; hint: string; wrong: string }[];
  workedHtml: string;
}

export async function questionPreview(db: Db, actor: Actor, id: string, seed?: string | null): Promise<QuestionPreview> {
  await requireStaff(db, actor);
  const q = getQuestion(id);
  if (!q) throw new AccessDenied('missing', 'question');
  const s = typeof seed === 'string' && seed.trim() && seed.length <= 100 ? seed.trim() : PREVIEW_SEED;
  const params = questionParams(q, s);
  const answers = q.answer(params);
  const partOf = (name: string) => q.parts.find((p) => p.name === name)!;
  return {
    id: q.id,
    title: q.title,
    module: q.module,
    points: questionPoints(q),
    version: questionVersion(q.id),
    seed: s,
    params,
    variant: await variantForm(q, s, 0),
    answers: q.parts.map((p) => ({ part: p.name, answer: formatAnswer(p, answers[p.name]) })),
    misconceptions: q.misconceptions.map((m) => {
      let wrong: string;
      try {
        wrong = formatAnswer(partOf(m.part), m.compute(params));
      } catch (e) {
        wrong = `(cannot be computed on this seed: ${e instanceof Error ? e.message : String(e)})`;
      }
      return { id: m.id, part: m.part, title: m.title, hint: m.hint, wrong };
    }),
    workedHtml: await renderPrompt(loadWorkedSolution(q.id, s)),
  };
}
