// A question's variant and an answered variant, as the answer form shows them: every piece of
// Markdown (prompt, part labels, options, worked solution) rendered to HTML on the server, and the
// grader's verdict turned into one row per part. Nothing here reads the database; what the learner
// may see is decided by the caller (the worked solution only once a variant is answered).
// An authored question's Markdown is an instructor's, shown to students: raw HTML in it is dropped.
import { renderAuthoredPrompt, renderPrompt } from '../exercises/prompt.ts';
import { formatNumber } from '../exercises/question-types.ts';
import { questionVariant, workedSolution, type PartSpec } from '../exercises/question-variant.ts';
import type { QuestionItem } from './question-items.ts';
import type { Verdict } from '../grader/verdict.ts';
import type { AnswerReview, PartField, PartReview, VariantForm } from '../components/questions/types.ts';

/** The prompt without its `# Title` line: the page shows the title as its heading. */
export const withoutTitle = (markdown: string) => markdown.replace(/^\s*# [^\n]*\n+/, '');

type Render = (markdown: string) => Promise<string>;

/** How a question's Markdown becomes HTML: the bank's is our own, an authored question's loses its raw HTML. */
export function markdownRenderer(q: Pick<QuestionItem, 'authored'>): Render {
  return q.authored ? (markdown) => renderAuthoredPrompt(markdown, () => '') : (markdown) => renderPrompt(markdown);
}

/** One line of Markdown (a label, an option) as inline HTML: the paragraph it renders to, unwrapped. */
async function inlineHtml(render: Render, markdown: string): Promise<string> {
  const html = (await render(markdown)).trim();
  const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return m && !m[1].includes('<p>') ? m[1] : html;
}

async function partField(render: Render, p: PartSpec): Promise<PartField> {
  const field: PartField = { name: p.name, kind: p.kind, labelHtml: await inlineHtml(render, p.label), points: p.points, note: p.note };
  if (p.options) field.options = await Promise.all(p.options.map(async (o) => ({ id: o.id, labelHtml: await inlineHtml(render, o.label) })));
  if (p.multiple !== undefined) field.multiple = p.multiple;
  if (p.length !== undefined) field.length = p.length;
  if (p.shape !== undefined) field.shape = p.shape;
  if (p.variables) field.variables = p.variables.map((v) => v.name);
  return field;
}

/** The form of the variant drawn from `seed`, the learner's `index`-th in their space. */
export async function variantForm(q: QuestionItem, seed: string, index: number): Promise<VariantForm> {
  const v = questionVariant(await q.at(seed), seed, q.prompt);
  const render = markdownRenderer(q);
  return { index, promptHtml: await render(withoutTitle(v.prompt)), parts: await Promise.all(v.parts.map((p) => partField(render, p))) };
}

/** An answer as the grader read it, in words: "0.125", "[1, 2]", "[1, 2; 3, 4]", "b, c", the formula. */
export function givenText(actual: unknown): string | null {
  if (actual === undefined || actual === null) return null;
  if (typeof actual === 'number') return formatNumber(actual, 8);
  if (typeof actual === 'string') return actual;
  if (Array.isArray(actual)) {
    if (actual.every((x) => typeof x === 'string')) return actual.join(', ');
    if (actual.every((x) => typeof x === 'number')) return `[${actual.map((x) => formatNumber(x, 8)).join(', ')}]`;
    if (actual.every(Array.isArray)) return `[${actual.map((row: unknown[]) => row.map((x) => (typeof x === 'number' ? formatNumber(x, 8) : String(x))).join(', ')).join('; ')}]`;
  }
  return JSON.stringify(actual);
}

export interface AnsweredVariant {
  submissionId: string;
  index: number;
  seed: string;
  answeredAt: Date;
  verdict: Verdict;
  note: string | null;
}

/** The review of an answered variant: its prompt, each part's result, and the worked solution. */
export async function answerReview(q: QuestionItem, a: AnsweredVariant): Promise<AnswerReview> {
  const form = await variantForm(q, a.seed, a.index);
  const cases = new Map(a.verdict.cases.map((c) => [c.name, c]));
  const parts: PartReview[] = form.parts.map((p) => {
    const c = cases.get(p.name);
    return {
      name: p.name,
      labelHtml: p.labelHtml,
      passed: c?.passed ?? false,
      points: c?.points ?? 0,
      maxPoints: p.points,
      message: c?.message ?? 'not graded',
      ...(c?.misconception ? { misconception: { title: c.misconception.title, hint: c.misconception.hint } } : {}),
      given: givenText(c?.actual),
    };
  });
  return {
    submissionId: a.submissionId,
    index: a.index,
    answeredAt: a.answeredAt.toISOString(),
    score: a.verdict.score,
    maxScore: a.verdict.maxScore,
    passed: a.verdict.status === 'passed',
    note: a.note,
    promptHtml: form.promptHtml,
    parts,
    workedHtml: await markdownRenderer(q)(workedSolution(await q.at(a.seed), a.seed, q.solution)),
  };
}
