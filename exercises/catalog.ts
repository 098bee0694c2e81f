// The built-in catalog: every definition from exercises/index.ts, validated against the curriculum,
// with its module and slug attached (instructors' exercises are loaded at run time: grader/content). No fs here (files.ts reads prompts and sources), so
// browser and edge code may import it.
import { z } from 'zod';
import { DEFAULT_TOLERANCE, EXACT } from '../engine/allclose.ts';
import { helperDeclarations } from '../engine/helpers.ts';
import { exerciseIds, functionNames, references, type ReferenceFunction } from '../engine/registry.ts';
import type { Tolerance } from '../engine/types.ts';
import type { FigureSet } from './figures.ts';
import { entries, type ExerciseEntry } from './index.ts';
import { MODULES, type ExerciseDefinition, type ModuleId } from './types.ts';

export const MODULE_TITLES: Record<ModuleId, string> = {
  foundations: 'Foundations',
  tokens: 'Tokens and embeddings',
  attention: 'Attention',
  position: 'Positional encoding',
  transformer: 'Transformer blocks',
  llm: 'Language models',
  vision: 'Vision',
  sam: 'Segment Anything (SAM)',
};

/** A definition as the app and the grader use it. */
export interface CatalogExercise extends ExerciseDefinition {
  module: ModuleId;
  slug: string;
  order: number;
  prerequisites: string[];
  /** The engine's reference implementation (engine/registry.ts), called with the case's args. */
  reference: ReferenceFunction;
  /** Figures its prompt may place (empty when it has none). */
  figures: FigureSet;
}

export interface CatalogModule {
  id: ModuleId;
  title: string;
  exercises: CatalogExercise[];
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const fn = () => z.custom<(...args: any[]) => any>((v) => typeof v === 'function', { message: 'must be a function' });
const text = (min = 1) => z.string({ error: 'must be a string' }).trim().min(min, min > 1 ? `must have at least ${min} characters` : 'must not be empty');

export const toleranceSchema = z.strictObject({
  atol: z.number().finite().min(0, 'must be >= 0').max(1e-2, 'above 1e-2 would pass wrong answers'),
  rtol: z.number().finite().min(0, 'must be >= 0').max(1e-2, 'above 1e-2 would pass wrong answers'),
});

export const timeLimitSchema = z.strictObject({
  perCase: z.number().int().min(1).max(60_000, 'must be at most 60 s').optional(),
  total: z.number().int().min(1).max(300_000, 'must be at most 300 s').optional(),
});

const misconceptionSchema = z.strictObject({
  id: z.string().regex(KEBAB, 'must be kebab-case'),
  title: text(),
  hint: text(10),
  compute: fn(),
});

/** `<module>/<slug>`, both kebab-case. */
export const EXERCISE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The shape of a definition; the cross-field rules (curriculum, helpers, order) are in `definitionProblems`. */
export const definitionSchema = z.strictObject({
  id: z.string().regex(EXERCISE_ID, 'id must look like "<module>/<slug>", both kebab-case'),
  title: text(3),
  order: z.number().int('must be a whole number').min(1, 'must be >= 1').optional(),
  prerequisites: z.array(z.string()).optional(),
  functionName: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'functionName must be an identifier'),
  reference: fn(),
  points: z.number().finite().gt(0, 'must be > 0').max(100, 'must be at most 100'),
  tolerance: toleranceSchema.optional(),
  exact: z.boolean().optional(),
  timeLimitMs: timeLimitSchema.optional(),
  helpers: z.array(z.string()),
  hints: z.array(text()).min(1, 'give at least one hint'),
  visibleCases: fn(),
  hiddenCases: fn(),
  misconceptions: z.array(misconceptionSchema),
});

/**
 * Every problem with one definition imported from `folder`, as readable sentences
 * ("points: must be > 0"); [] when it is valid.
 */
export function definitionProblems(def: unknown, folder: string): string[] {
  const parsed = definitionSchema.safeParse(def);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
  }
  const d = parsed.data;
  const problems: string[] = [];
  if (d.id !== folder) problems.push(`id: "${d.id}" does not match its folder exercises/${folder}/`);
  const index = exerciseIds.indexOf(d.id);
  if (index < 0) {
    problems.push(`id: "${d.id}" is not a curriculum id (engine/registry.ts exerciseIds)`);
    return problems;
  }
  const module = d.id.split('/')[0];
  const order = exerciseIds.filter((id) => id.startsWith(`${module}/`)).indexOf(d.id) + 1;
  if (d.order !== order) problems.push(`order: is ${d.order ?? 'missing'}, but "${d.id}" is exercise ${order} of module ${module} in the curriculum`);
  if (d.functionName !== functionNames[d.id]) {
    problems.push(`functionName: is "${d.functionName}", the curriculum asks for "${functionNames[d.id]}"`);
  }
  if (d.reference !== references[d.id]) problems.push(`reference: a built-in exercise points at its engine function (engine/registry.ts)`);
  const prerequisites = d.prerequisites ?? [];
  if (!d.prerequisites) problems.push('prerequisites: a built-in exercise lists them (possibly [])');
  for (const p of prerequisites) {
    const at = exerciseIds.indexOf(p);
    if (at < 0) problems.push(`prerequisites: "${p}" is not a curriculum id`);
    else if (at >= index) problems.push(`prerequisites: "${p}" does not come before "${d.id}" in the curriculum`);
  }
  if (new Set(prerequisites).size !== prerequisites.length) problems.push('prerequisites: listed twice');
  problems.push(...sharedDefinitionProblems(d));
  return problems;
}

/** The rules every exercise keeps, built in or authored: helpers, tolerance, misconception ids. */
export function sharedDefinitionProblems(d: Pick<ExerciseDefinition, 'functionName' | 'helpers' | 'exact' | 'tolerance'> & { misconceptions: { id: string }[] }): string[] {
  const problems: string[] = [];
  for (const h of d.helpers) {
    if (!Object.hasOwn(helperDeclarations, h)) problems.push(`helpers: "${h}" is not an engine helper (engine/helpers.ts)`);
    if (h === d.functionName) problems.push(`helpers: "${h}" is the function the learner must write`);
  }
  if (new Set(d.helpers).size !== d.helpers.length) problems.push('helpers: listed twice');
  if (d.exact && d.tolerance) problems.push('tolerance: an exact exercise takes no tolerance');
  if (d.tolerance && d.tolerance.atol === 0 && d.tolerance.rtol === 0) {
    problems.push('tolerance: atol and rtol are both 0; say exact: true instead');
  }
  const ids = d.misconceptions.map((m) => m.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) problems.push(`misconceptions: id "${twice[0]}" is used twice`);
  return problems;
}

/** The comparison tolerance of an exercise: exact, its own, or the default. */
export function toleranceOf(def: Pick<ExerciseDefinition, 'exact' | 'tolerance'>): Tolerance {
  return def.exact ? EXACT : (def.tolerance ?? DEFAULT_TOLERANCE);
}

const MODULE_RANK = new Map<string, number>(MODULES.map((m, i) => [m, i]));

/** Validates every entry and attaches module, slug, reference and figures; throws listing every problem. */
export function buildCatalog(list: readonly ExerciseEntry[]): CatalogExercise[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: CatalogExercise[] = [];
  for (const entry of list) {
    const found = definitionProblems(entry.definition, entry.folder);
    if (seen.has(entry.folder)) found.push('listed twice in exercises/index.ts');
    seen.add(entry.folder);
    if (found.length > 0) {
      problems.push(...found.map((p) => `${entry.folder}: ${p}`));
      continue;
    }
    const def = entry.definition;
    const [module, slug] = def.id.split('/') as [ModuleId, string];
    out.push({ ...def, order: def.order!, prerequisites: def.prerequisites!, module, slug, figures: entry.figures ?? {} });
  }
  if (problems.length > 0) throw new Error(`invalid exercise catalog:\n  ${problems.join('\n  ')}`);
  return out.sort((a, b) => MODULE_RANK.get(a.module)! - MODULE_RANK.get(b.module)! || a.order - b.order);
}

let catalog: CatalogExercise[] | undefined;
let byId: Map<string, CatalogExercise> | undefined;

// Built on first use, so one broken definition surfaces as a clear error where it is used, not at import.
function load(): CatalogExercise[] {
  if (!catalog) {
    catalog = buildCatalog(entries);
    byId = new Map(catalog.map((e) => [e.id, e]));
  }
  return catalog;
}

/** Every exercise, in curriculum order (module order, then `order`). */
export function listExercises(): CatalogExercise[] {
  return load().slice();
}

/** One exercise by curriculum id; undefined when there is none. */
export function getExercise(id: string): CatalogExercise | undefined {
  load();
  return byId!.get(id);
}

/** The modules in curriculum order with their exercises (modules without exercises are left out). */
export function listModules(): CatalogModule[] {
  const all = load();
  return MODULES.map((id) => ({ id, title: MODULE_TITLES[id], exercises: all.filter((e) => e.module === id) })).filter(
    (m) => m.exercises.length > 0,
  );
}
