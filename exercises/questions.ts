// The question bank: every question.ts, statically imported (as exercises/index.ts does for
// exercises) so bundlers see them all, validated on first use. Questions live in folders next to
// the exercises (exercises/<module>/<slug>/question.ts); their ids never collide with exercise ids.
// They are not part of the exercise catalog (exercises/catalog.ts): nothing that lists exercises
// sees them. `npm run exercises:check` reports a question folder missing here.
// Adding a question: import its question.ts and add its entry below, in module order.
import { exerciseIds } from '../engine/registry.ts';
import { EXPRESSION_RESERVED_NAMES as RESERVED_NAMES_FOR_VARIABLES, type QuestionDefinition } from './question-types.ts';
import { MODULES, type ModuleId } from './types.ts';

import foundationsCosineAngle from './foundations/cosine-angle/question.ts';
import foundationsMatmulCost from './foundations/matmul-cost/question.ts';
import foundationsSoftmaxJacobian from './foundations/softmax-jacobian/question.ts';
import tokensWordpiecePieces from './tokens/wordpiece-pieces/question.ts';
import tokensMaskingDraws from './tokens/masking-draws/question.ts';
import tokensMlmLossValue from './tokens/mlm-loss-value/question.ts';
import attentionScoreVariance from './attention/score-variance/question.ts';
import attentionMaskChoice from './attention/mask-choice/question.ts';
import attentionMhaParams from './attention/mha-params/question.ts';
import positionWavelength from './position/wavelength/question.ts';
import positionShiftRotation from './position/shift-rotation/question.ts';
import positionRelativeDot from './position/relative-dot/question.ts';
import transformerLayerNormRow from './transformer/layer-norm-row/question.ts';
import transformerBlockParams from './transformer/block-params/question.ts';
import transformerGeluValues from './transformer/gelu-values/question.ts';
import llmTemperature from './llm/temperature/question.ts';
import llmTopKDraw from './llm/top-k-draw/question.ts';
import llmPerplexity from './llm/perplexity/question.ts';
import visionVitAttentionCost from './vision/vit-attention-cost/question.ts';
import visionPatchScaling from './vision/patch-scaling/question.ts';
import visionConvOutput from './vision/conv-output/question.ts';
import samPromptTokens from './sam/prompt-tokens/question.ts';
import samMaskLosses from './sam/mask-losses/question.ts';
import samPointEncoding from './sam/point-encoding/question.ts';

export interface QuestionEntry {
  /** `<module>/<slug>`: the folder the definition was imported from. */
  folder: string;
  definition: QuestionDefinition;
}

export const questionEntries: readonly QuestionEntry[] = [
  { folder: 'foundations/cosine-angle', definition: foundationsCosineAngle },
  { folder: 'foundations/matmul-cost', definition: foundationsMatmulCost },
  { folder: 'foundations/softmax-jacobian', definition: foundationsSoftmaxJacobian },
  { folder: 'tokens/wordpiece-pieces', definition: tokensWordpiecePieces },
  { folder: 'tokens/masking-draws', definition: tokensMaskingDraws },
  { folder: 'tokens/mlm-loss-value', definition: tokensMlmLossValue },
  { folder: 'attention/score-variance', definition: attentionScoreVariance },
  { folder: 'attention/mask-choice', definition: attentionMaskChoice },
  { folder: 'attention/mha-params', definition: attentionMhaParams },
  { folder: 'position/wavelength', definition: positionWavelength },
  { folder: 'position/shift-rotation', definition: positionShiftRotation },
  { folder: 'position/relative-dot', definition: positionRelativeDot },
  { folder: 'transformer/layer-norm-row', definition: transformerLayerNormRow },
  { folder: 'transformer/block-params', definition: transformerBlockParams },
  { folder: 'transformer/gelu-values', definition: transformerGeluValues },
  { folder: 'llm/temperature', definition: llmTemperature },
  { folder: 'llm/top-k-draw', definition: llmTopKDraw },
  { folder: 'llm/perplexity', definition: llmPerplexity },
  { folder: 'vision/vit-attention-cost', definition: visionVitAttentionCost },
  { folder: 'vision/patch-scaling', definition: visionPatchScaling },
  { folder: 'vision/conv-output', definition: visionConvOutput },
  { folder: 'sam/prompt-tokens', definition: samPromptTokens },
  { folder: 'sam/mask-losses', definition: samMaskLosses },
  { folder: 'sam/point-encoding', definition: samPointEncoding },
];

/** A question as the CLI, the check and (later) assessments use it. */
export interface BankQuestion extends QuestionDefinition {
  module: ModuleId;
  slug: string;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every problem with the shape of one definition imported from `folder`; [] when it is valid. A bank
 * question sits in a module of the course; an authored one (`authored`) in any kebab-case module.
 */
export function questionProblems(def: unknown, folder: string, options: { authored?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!def || typeof def !== 'object') return ['question.ts: the default export is not a definition (export default defineQuestion({...}))'];
  const d = def as Partial<QuestionDefinition>;
  if (d.id !== folder) problems.push(options.authored ? `id: "${String(d.id)}" must be this question's id, "${folder}"` : `id: "${String(d.id)}" does not match its folder exercises/${folder}/`);
  const [module, slug] = folder.split('/');
  if (options.authored) {
    if (!KEBAB.test(module ?? '') || !KEBAB.test(slug ?? '')) problems.push(`id: "${folder}" must be <module>/<slug>, both kebab-case`);
  } else if (!(MODULES as readonly string[]).includes(module) || !KEBAB.test(slug ?? '')) problems.push(`id: "${folder}" must be <module>/<slug> with a course module (${MODULES.join(', ')}) and a kebab-case slug`);
  if (exerciseIds.includes(folder)) problems.push(`id: "${folder}" is an exercise id; question ids must differ from exercise ids`);
  if (typeof d.title !== 'string' || d.title.trim().length < 3) problems.push('title: must have at least 3 characters');
  if (typeof d.order !== 'number' || !Number.isInteger(d.order) || d.order < 1) problems.push('order: must be a whole number >= 1');
  for (const f of ['generate', 'answer'] as const) if (typeof d[f] !== 'function') problems.push(`${f}: must be a function`);
  for (const f of ['text', 'worked'] as const) if (d[f] !== undefined && typeof d[f] !== 'function') problems.push(`${f}: must be a function when given`);
  if (d.exercises !== undefined && (!Array.isArray(d.exercises) || d.exercises.some((e) => !exerciseIds.includes(e)))) problems.push('exercises: must list exercise ids');
  if (!Array.isArray(d.parts) || d.parts.length === 0) {
    problems.push('parts: give at least one part');
    return problems;
  }
  const names = new Set<string>();
  for (const [i, p] of d.parts.entries()) {
    const at = `parts[${i}]${p && typeof p.name === 'string' ? ` (${p.name})` : ''}`;
    if (!p || typeof p !== 'object') {
      problems.push(`${at}: not a part`);
      continue;
    }
    if (typeof p.name !== 'string' || !IDENT.test(p.name)) problems.push(`${at}: name must be an identifier`);
    else if (names.has(p.name)) problems.push(`${at}: name used twice`);
    names.add(p.name);
    if (typeof p.label !== 'string' || p.label.trim() === '') problems.push(`${at}: label must not be empty`);
    if (typeof p.points !== 'number' || !(p.points > 0) || p.points > 100) problems.push(`${at}: points must be > 0 and at most 100`);
    switch (p.kind) {
      case 'number':
      case 'vector':
      case 'matrix': {
        const t = p.tolerance;
        if (t === undefined) break;
        if ('sigFigs' in t) {
          if (!Number.isInteger(t.sigFigs) || t.sigFigs < 1 || t.sigFigs > 12) problems.push(`${at}: sigFigs must be a whole number from 1 to 12`);
        } else if (!(t.atol >= 0 && t.atol <= 1e-2 && t.rtol >= 0 && t.rtol <= 1e-2)) problems.push(`${at}: atol and rtol must be in [0, 1e-2]`);
        break;
      }
      case 'choice':
        if (typeof p.options !== 'function') problems.push(`${at}: options must be a function of the params`);
        break;
      case 'expression':
        if (!Array.isArray(p.variables)) problems.push(`${at}: variables must be a list`);
        else {
          for (const v of p.variables) {
            if (!IDENT.test(v.name) || RESERVED_NAMES_FOR_VARIABLES.includes(v.name)) problems.push(`${at}: variable "${v.name}" must be an identifier other than ${RESERVED_NAMES_FOR_VARIABLES.join(', ')}`);
            if (!(Number.isFinite(v.min) && Number.isFinite(v.max) && v.min < v.max)) problems.push(`${at}: variable "${v.name}" needs a range min < max`);
          }
        }
        if (p.rtol !== undefined && !(p.rtol > 0 && p.rtol <= 1e-2)) problems.push(`${at}: rtol must be in (0, 1e-2]`);
        break;
      default:
        problems.push(`${at}: kind must be number, vector, matrix, choice or expression`);
    }
  }
  if (!Array.isArray(d.misconceptions)) problems.push('misconceptions: must be a list');
  else {
    const ids = new Set<string>();
    for (const m of d.misconceptions) {
      if (!KEBAB.test(m.id)) problems.push(`misconception "${m.id}": id must be kebab-case`);
      if (ids.has(m.id)) problems.push(`misconception "${m.id}": id used twice`);
      ids.add(m.id);
      if (!names.has(m.part)) problems.push(`misconception "${m.id}": part "${m.part}" is not a part of this question`);
      if (typeof m.title !== 'string' || m.title.trim() === '') problems.push(`misconception "${m.id}": title must not be empty`);
      if (typeof m.hint !== 'string' || m.hint.trim().length < 10) problems.push(`misconception "${m.id}": hint must have at least 10 characters`);
      if (typeof m.compute !== 'function') problems.push(`misconception "${m.id}": compute must be a function`);
    }
  }
  return problems;
}

const MODULE_RANK = new Map<string, number>(MODULES.map((m, i) => [m, i]));

/** Validates every entry; throws listing every problem. In module order, then `order`. */
export function buildBank(list: readonly QuestionEntry[]): BankQuestion[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: BankQuestion[] = [];
  for (const entry of list) {
    const found = questionProblems(entry.definition, entry.folder);
    if (seen.has(entry.folder)) found.push('listed twice in exercises/questions.ts');
    seen.add(entry.folder);
    if (found.length > 0) {
      problems.push(...found.map((p) => `${entry.folder}: ${p}`));
      continue;
    }
    const [module, slug] = entry.folder.split('/') as [ModuleId, string];
    out.push({ ...entry.definition, module, slug });
  }
  if (problems.length > 0) throw new Error(`invalid question bank:\n  ${problems.join('\n  ')}`);
  return out.sort((a, b) => MODULE_RANK.get(a.module)! - MODULE_RANK.get(b.module)! || a.order - b.order);
}

let bank: BankQuestion[] | undefined;
let byId: Map<string, BankQuestion> | undefined;

function load(): BankQuestion[] {
  if (!bank) {
    bank = buildBank(questionEntries);
    byId = new Map(bank.map((q) => [q.id, q]));
  }
  return bank;
}

/** Every question of the bank, in module order. */
export function listQuestions(): BankQuestion[] {
  return load().slice();
}

/** One question by id; undefined when there is none. */
export function getQuestion(id: string): BankQuestion | undefined {
  load();
  return byId!.get(id);
}

/** The questions of one module, in order. */
export function questionsOfModule(module: ModuleId): BankQuestion[] {
  return load().filter((q) => q.module === module);
}
