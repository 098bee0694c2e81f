// A question (of the bank, or authored: published, or the studio's working copy) as staff see it: any seed's variant with its right answers, every
// misconception with the wrong answer it stands for on that variant, and the worked solution;
// nothing is recorded. Instructors use it to check a question before they put it in an exam.
import type { Db } from '../db.ts';
import { AccessDenied, requireStaff, type Actor } from './authorization.ts';
import { formatAnswer, questionParams, workedSolution } from '../../exercises/question-variant.ts';
import { markdownRenderer, variantForm } from '../question-render.ts';
import { questionItem, type QuestionItem } from '../question-items.ts';
import type { VariantForm } from '../../components/questions/types.ts';
import { PREVIEW_SEED } from './exercises.ts';

export interface QuestionPreview {
  id: string;
  title: string;
  points: number;
  version: string;
  seed: string;
  params: unknown;
  variant: VariantForm;
  /** Per part, the right answer as text (TeX for vectors and matrices). */
  answers: { part: string; answer: string }[];
  misconceptions: { id: string; part: string; title: string; hint: string; wrong: string }[];
  workedHtml: string;
  /** Why this seed's variant could not be made (an authored question's code failed on it). */
  problem?: string;
}

export async function questionPreview(db: Db, actor: Actor, id: string, seed?: string | null): Promise<QuestionPreview> {
  const staff = await requireStaff(db, actor);
  const q = await questionItem(db, id, { viewer: staff });
  if (!q) throw new AccessDenied('missing', 'question');
  return previewOf(q, seed);
}

/** The preview of a question the caller may show (its access checked already). */
export async function previewOf(q: QuestionItem, seed?: string | null): Promise<QuestionPreview> {
  const s = typeof seed === 'string' && seed.trim() && seed.length <= 100 ? seed.trim() : PREVIEW_SEED;
  try {
    return await previewOfSeed(q, s);
  } catch (e) {
    const problem = e instanceof Error ? e.message : String(e);
    return { id: q.id, title: q.title, points: q.points, version: q.version, seed: s, params: null, variant: { index: 0, promptHtml: '', parts: [] }, answers: [], misconceptions: [], workedHtml: '', problem };
  }
}

async function previewOfSeed(q: QuestionItem, s: string): Promise<QuestionPreview> {
  const def = await q.at(s);
  const params = questionParams(def, s);
  const answers = def.answer(params);
  const partOf = (name: string) => def.parts.find((p) => p.name === name)!;
  return {
    id: q.id,
    title: q.title,
    points: q.points,
    version: q.version,
    seed: s,
    params,
    variant: await variantForm(q, s, 0),
    answers: def.parts.map((p) => ({ part: p.name, answer: formatAnswer(p, answers[p.name]) })),
    misconceptions: def.misconceptions.map((m) => {
      let wrong: string;
      try {
        wrong = formatAnswer(partOf(m.part), m.compute(params));
      } catch (e) {
        wrong = `(cannot be computed on this seed: ${e instanceof Error ? e.message : String(e)})`;
      }
      return { id: m.id, part: m.part, title: m.title, hint: m.hint, wrong };
    }),
    workedHtml: await markdownRenderer(q)(workedSolution(def, s, q.solution)),
  };
}
