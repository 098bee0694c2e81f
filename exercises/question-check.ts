// Every content rule of a question, on 50 seeds, for the bank's questions and authored ones alike:
// the params are deterministic plain data, every answer is computable, finite and of its part's
// kind (options valid, formulas parse), the right answers pass the grader with full marks; the
// variants vary; every misconception is defined, differs from the right answer on most seeds and
// is named by the grader when given, and misconceptions of one part differ from each other; the
// prompt, the labels, the options and the worked solution fill every placeholder and every
// $...$ / $$...$$ renders with KaTeX (throwOnError).
//
// The rules see a question through `QuestionContent`: a definition per seed. A bank question is the
// same definition on every seed; an authored one is the definition its own code computed for that
// seed in its isolate (grader/content/question.ts), so no author's function runs here.
import katex from 'katex';
import type { PartAnswer, QuestionDefinition, QuestionMisconception, QuestionPart } from './question-types.ts';
import { fillTemplate, promptValues, questionParams, questionVariant, workedSolutionOf } from './question-variant.ts';
import { parseExpression } from '../grader/expression.ts';
import { expressionPoints, gradeParts, sameAnswer, EXPRESSION_POINTS } from '../grader/question-grade.ts';

/** Seeds every question is checked on. */
export const QUESTION_SEEDS = Array.from({ length: 50 }, (_, i) => i + 1);
/** Seeds whose rendered prompt and solution go through KaTeX. */
export const RENDER_SEEDS = QUESTION_SEEDS.slice(0, 10);
/** A misconception must differ from the right answer (and be named by the grader) on at least this share of the seeds. */
export const MISCONCEPTION_SHARE = 0.8;
/** Distinct variants required over the seeds. */
export const MIN_VARIANTS = 5;
/** Questions each module needs. */
export const PER_MODULE = 3;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** $$display$$ or $inline$ math; inline math may span a line break but not a blank line (a new paragraph). */
const MATH = /\$\$([\s\S]+?)\$\$|\$((?:\\.|[^$\\\n]|\n(?!\s*\n))+?)\$/g;
const OPTION_ID = /^[a-z0-9][a-z0-9_-]*$/;

const withoutCode = (markdown: string) => markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** Every formula of a Markdown text ($$...$$ display, $...$ inline), code spans and blocks skipped. */
export function formulas(markdown: string): { tex: string; display: boolean }[] {
  const text = withoutCode(markdown);
  const out: { tex: string; display: boolean }[] = [];
  for (const m of text.matchAll(MATH)) {
    out.push(m[1] !== undefined ? { tex: m[1], display: true } : { tex: m[2], display: false });
  }
  return out;
}

/** Problems KaTeX finds in the formulas of `markdown` (what names where it is). */
export function katexProblems(markdown: string, what: string): string[] {
  const problems: string[] = [];
  for (const f of formulas(markdown)) {
    try {
      katex.renderToString(f.tex, { throwOnError: true, displayMode: f.display, strict: 'ignore' });
    } catch (e) {
      problems.push(`${what}: KaTeX cannot render $${f.display ? '$' : ''}${f.tex.trim().slice(0, 80)}$${f.display ? '$' : ''}: ${errorText(e).split('\n')[0]}`);
    }
  }
  if (/\$/.test(withoutCode(markdown).replace(/\\\$/g, '').replace(MATH, ''))) {
    problems.push(`${what}: an unpaired $`);
  }
  return problems;
}

const finiteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** What is wrong with an authored value (an answer or a misconception's) for a part; undefined when it fits. */
export function valueProblem(part: QuestionPart, value: unknown, params: unknown): string | undefined {
  switch (part.kind) {
    case 'number':
      return finiteNumber(value) ? undefined : `is ${typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))}, not a finite number`;
    case 'vector':
      return Array.isArray(value) && value.length > 0 && value.every(finiteNumber) ? undefined : 'is not a non-empty vector of finite numbers';
    case 'matrix':
      return Array.isArray(value) && value.length > 0 && value.every((r) => Array.isArray(r) && r.length === (value[0] as unknown[]).length && r.length > 0 && r.every(finiteNumber))
        ? undefined
        : 'is not a rectangular matrix of finite numbers';
    case 'choice': {
      const ids = part.options(params).map((o) => o.id);
      const given = Array.isArray(value) ? value : [value];
      if (!part.multiple && Array.isArray(value)) return 'is a list, but the part takes one option';
      if (given.length === 0) return 'names no option';
      const bad = given.find((id) => typeof id !== 'string' || !ids.includes(id));
      return bad === undefined ? undefined : `names ${JSON.stringify(bad)}, not an option id (${ids.join(', ')})`;
    }
    case 'expression': {
      const p = parseExpression(value, part.variables.map((v) => v.name));
      if (!p.ok) return `does not parse: ${p.error}`;
      if (expressionPoints('check', part, p.expr).length < EXPRESSION_POINTS) return 'is not finite at enough points of the variables\' ranges';
      return undefined;
    }
  }
}

function optionProblems(part: QuestionPart, params: unknown): string[] {
  if (part.kind !== 'choice') return [];
  const options = part.options(params);
  const problems: string[] = [];
  if (!Array.isArray(options) || options.length < 2) return [`part ${part.name}: fewer than 2 options`];
  const ids = options.map((o) => o.id);
  if (ids.some((id) => typeof id !== 'string' || !OPTION_ID.test(id))) problems.push(`part ${part.name}: option ids must be lower-case letters, digits, - or _`);
  if (new Set(ids).size !== ids.length) problems.push(`part ${part.name}: two options share an id`);
  const labels = options.map((o) => o.label);
  if (new Set(labels).size !== labels.length) problems.push(`part ${part.name}: two options have the same label`);
  return problems;
}

const seedList = (seeds: number[]) => `${seeds.slice(0, 5).join(', ')}${seeds.length > 5 ? ', ...' : ''}`;

export interface QuestionContent {
  /** The definition that holds for `seed` (one of QUESTION_SEEDS). */
  definitionAt(seed: number): QuestionDefinition;
  /** Whether drawing the params twice with `seed` gives the same params. */
  sameParamsTwice(seed: number): boolean;
  misconceptions: readonly Pick<QuestionMisconception, 'id' | 'part'>[];
  /** undefined: the file is missing (reported by the caller). */
  prompt?: string;
  solution?: string;
}

/** A bank question (functions on the host) as QuestionContent. */
export function bankContent(q: QuestionDefinition, prompt: string | undefined, solution: string | undefined): QuestionContent {
  return {
    definitionAt: () => q,
    sameParamsTwice: (seed) => JSON.stringify(questionParams(q, seed)) === JSON.stringify(questionParams(q, seed)),
    misconceptions: q.misconceptions,
    prompt,
    solution,
  };
}

/** Every content problem of a question over QUESTION_SEEDS; [] when it is fit to grade. */
export function checkQuestionContent(content: QuestionContent): string[] {
  const problems: string[] = [];
  const { prompt, solution } = content;
  const variants = new Set<string>();
  const blind = new Map<string, number[]>(); // misconception id -> seeds where it equals the right answer
  const unnamed = new Map<string, number[]>(); // -> seeds where the grader did not name it
  const twins = new Map<string, number>(); // "a|b" -> seeds where two misconceptions of a part coincide
  const seen = new Set<string>();
  // a problem is reported once, on the first seed that shows it
  const once = (p: string) => {
    const key = p.replace(/\(seed \d+\)/g, '');
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  };
  for (const seed of QUESTION_SEEDS) {
    let q: QuestionDefinition;
    let params: unknown;
    try {
      q = content.definitionAt(seed);
      params = questionParams(q, seed);
      if (!content.sameParamsTwice(seed)) once('generate: the same seed gave different params');
      if (JSON.stringify(JSON.parse(JSON.stringify(params))) !== JSON.stringify(params) || JSON.stringify(params).includes('null')) once('generate: params must be plain JSON data (no NaN, undefined or functions)');
    } catch (e) {
      once(`generate throws (seed ${seed}): ${errorText(e)}`);
      continue;
    }
    variants.add(JSON.stringify(params));
    let answers: Record<string, PartAnswer>;
    try {
      answers = q.answer(params);
    } catch (e) {
      once(`answer throws (seed ${seed}): ${errorText(e)}`);
      continue;
    }
    let fits = true;
    for (const part of q.parts) {
      for (const p of optionProblems(part, params)) once(p);
      if (!Object.hasOwn(answers, part.name)) {
        once(`answer: no answer for part ${part.name}`);
        fits = false;
        continue;
      }
      const bad = valueProblem(part, answers[part.name], params);
      if (bad) {
        once(`answer of part ${part.name} ${bad} (seed ${seed})`);
        fits = false;
      }
    }
    for (const key of Object.keys(answers)) if (!q.parts.some((p) => p.name === key)) once(`answer: "${key}" is not a part`);
    if (!fits) continue;

    // the right answers, as a learner would send them, get full marks
    const right = gradeParts(q, params, answers);
    const failing = right.filter((r) => !r.passed);
    if (failing.length > 0) once(`the right answers do not pass (seed ${seed}): ${failing.map((r) => `${r.part}: ${r.message}`).join('; ')}`);

    // misconceptions: computable, distinguishable, named
    const values = new Map<string, PartAnswer>();
    for (const m of q.misconceptions) {
      const part = q.parts.find((p) => p.name === m.part)!;
      let value: PartAnswer;
      try {
        value = m.compute(params);
      } catch (e) {
        once(`misconception ${m.id}: compute throws (seed ${seed}): ${errorText(e)}`);
        continue;
      }
      const bad = valueProblem(part, value, params);
      if (bad) {
        once(`misconception ${m.id}: its answer ${bad} (seed ${seed})`);
        continue;
      }
      if (sameAnswer(q, part, value, answers[part.name], params)) {
        blind.set(m.id, [...(blind.get(m.id) ?? []), seed]);
        continue;
      }
      values.set(m.id, value);
      const graded = gradeParts(q, params, { ...answers, [part.name]: value }).find((r) => r.part === part.name)!;
      if (graded.passed || graded.misconception?.id !== m.id) unnamed.set(m.id, [...(unnamed.get(m.id) ?? []), seed]);
    }
    const ms = q.misconceptions.filter((m) => values.has(m.id));
    for (let i = 0; i < ms.length; i++) {
      for (let j = i + 1; j < ms.length; j++) {
        if (ms[i].part !== ms[j].part) continue;
        const part = q.parts.find((p) => p.name === ms[i].part)!;
        if (sameAnswer(q, part, values.get(ms[i].id)!, values.get(ms[j].id)!, params)) {
          const key = `${ms[i].id}|${ms[j].id}`;
          twins.set(key, (twins.get(key) ?? 0) + 1);
        }
      }
    }

    // templates: every placeholder filled; KaTeX on the first seeds
    try {
      const values = promptValues(q, params);
      const texts: [string, string][] = [];
      if (prompt !== undefined) {
        const v = questionVariant(q, seed, prompt);
        texts.push(['prompt.md', v.prompt]);
        for (const part of v.parts) {
          texts.push([`label of part ${part.name}`, part.label]);
          for (const o of part.options ?? []) texts.push([`option ${o.id} of part ${part.name}`, o.label]);
        }
      } else for (const part of q.parts) texts.push([`label of part ${part.name}`, fillTemplate(part.label, values)]);
      if (solution !== undefined) texts.push(['solution.md', workedSolutionOf(q, params, answers, solution)]);
      for (const [what, text] of texts) {
        if (/\b(undefined|NaN)\b|\[object Object\]/.test(text)) once(`${what}: shows "undefined", "NaN" or "[object Object]" (seed ${seed})`);
        if (RENDER_SEEDS.includes(seed)) for (const p of katexProblems(text, what)) once(`${p} (seed ${seed})`);
      }
    } catch (e) {
      once(`${errorText(e)} (seed ${seed})`);
    }
  }

  if (variants.size < MIN_VARIANTS) problems.push(`generate: only ${variants.size} different variants over ${QUESTION_SEEDS.length} seeds (need ${MIN_VARIANTS}); does it use the rng?`);
  const most = Math.ceil(MISCONCEPTION_SHARE * QUESTION_SEEDS.length);
  for (const m of content.misconceptions) {
    const b = blind.get(m.id) ?? [];
    if (QUESTION_SEEDS.length - b.length < most) problems.push(`misconception ${m.id}: equals the right answer on ${b.length} of ${QUESTION_SEEDS.length} seeds (${seedList(b)})`);
    const u = unnamed.get(m.id) ?? [];
    if (u.length > QUESTION_SEEDS.length - most) problems.push(`misconception ${m.id}: the grader does not name it when it is given, on ${u.length} seeds (${seedList(u)})`);
  }
  for (const [key, count] of twins) {
    if (count > QUESTION_SEEDS.length - most) {
      const [a, b] = key.split('|');
      problems.push(`misconceptions ${a} and ${b}: the same answer on ${count} of ${QUESTION_SEEDS.length} seeds`);
    }
  }
  return problems;
}

