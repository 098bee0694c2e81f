// An authored exercise on the host: its definition as data (validated here) and its cases, expected
// outputs and misconception outputs computed by its own code in the content isolate. The host holds
// no function the author wrote; `prepare` asks the sandbox pool and caches the answers by seed.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { timeLimitSchema, toleranceSchema } from '../../exercises/catalog.ts';
import { hiddenSeed, visibleSeed, type PreparedCase } from '../cases.ts';
import type { SandboxPool } from '../pool.ts';
import { bundleExercise, type ExerciseFiles, type FileProblem } from './bundle.ts';
import { decodeData, FUNCTION_MARK } from './data-codec.ts';
import {
  DEFAULT_CONTENT_LIMITS,
  misconceptionCall,
  REFERENCE_CALL,
  type CallResult,
  type CaseAnswer,
  type ContentFailure,
  type ContentLimits,
  type ContentOutcome,
  type ContentStep,
  type StepResult,
} from './protocol.ts';

export interface AuthoredMisconception {
  id: string;
  title: string;
  hint: string;
}

/** The data of a definition: what exercise.ts says, with its functions left in the isolate. */
export interface AuthoredDescription {
  id: string;
  title: string;
  order?: number;
  prerequisites?: string[];
  functionName: string;
  points: number;
  tolerance?: { atol: number; rtol: number };
  exact?: boolean;
  timeLimitMs?: { perCase?: number; total?: number };
  helpers: string[];
  hints: string[];
  misconceptions: AuthoredMisconception[];
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const marked = (what: string) => z.custom<typeof FUNCTION_MARK>((v) => v === FUNCTION_MARK, { message: `must be a function (${what})` });
const text = (min = 1) => z.string({ error: 'must be a string' }).trim().min(min, min > 1 ? `must have at least ${min} characters` : 'must not be empty');

const descriptionSchema = z.strictObject({
  id: z.string({ error: 'must be a string' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must look like "<module>/<slug>", both kebab-case'),
  title: text(3),
  order: z.number().int('must be a whole number').min(1, 'must be >= 1').optional(),
  prerequisites: z.array(z.string()).optional(),
  functionName: z.string({ error: 'must be a string' }).regex(/^[A-Za-z_$][\w$]*$/, 'must be an identifier'),
  reference: marked('(...args) => output'),
  points: z.number({ error: 'must be a number' }).finite().gt(0, 'must be > 0').max(100, 'must be at most 100'),
  tolerance: toleranceSchema.optional(),
  exact: z.boolean().optional(),
  timeLimitMs: timeLimitSchema.optional(),
  helpers: z.array(z.string()).default([]),
  hints: z.array(text()).min(1, 'give at least one hint'),
  visibleCases: marked('(rng) => cases'),
  hiddenCases: marked('(rng) => cases'),
  misconceptions: z
    .array(z.strictObject({ id: z.string().regex(KEBAB, 'must be kebab-case'), title: text(), hint: text(10), compute: marked('(...args) => wrong output') }))
    .default([]),
});

/** Short sha256 of the files (names and contents, in name order): the same as a folder's on disk. */
export function filesVersion(files: ExerciseFiles): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update('\0').update(files[name]).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** A definition problem's place in exercise.ts: the line where its top-level key is written, if found. */
function locate(files: ExerciseFiles, path: (string | number)[]): Pick<FileProblem, 'line' | 'column'> {
  const source = files['exercise.ts'] ?? '';
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (!key) return {};
  const lines = source.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*['"]?${key.replace(/[$]/g, '\\$')}['"]?\\s*:`).test(l));
  return at < 0 ? {} : { line: at + 1, column: lines[at].search(/\S/) + 1 };
}

export type CasesResult = { ok: true; cases: CaseAnswer[] } | ContentFailure;

export interface AuthoredExerciseOptions {
  pool: SandboxPool;
  limits?: ContentLimits;
}

/**
 * An authored exercise ready to grade: the fields `grade()` reads, and `prepare` in place of the
 * host-side reference and generators. One object per content version; it caches what it computed.
 */
export class AuthoredExercise {
  readonly id: string;
  readonly title: string;
  readonly functionName: string;
  readonly points: number;
  readonly tolerance?: { atol: number; rtol: number };
  readonly exact?: boolean;
  readonly timeLimitMs?: { perCase?: number; total?: number };
  readonly helpers: string[];
  readonly hints: string[];
  readonly misconceptions: AuthoredMisconception[];
  readonly order?: number;
  readonly prerequisites?: string[];
  readonly version: string;
  readonly files: ExerciseFiles;
  readonly bundle: string;
  /** Figure name -> the figure's data (validated by whoever renders it). */
  readonly figures: Record<string, CallResult>;
  private readonly pool: SandboxPool;
  private readonly limits: ContentLimits;
  private visible?: Promise<PreparedCase[]>;
  private readonly hidden = new Map<string, Promise<PreparedCase[]>>();

  constructor(d: AuthoredDescription, files: ExerciseFiles, bundle: string, figures: Record<string, CallResult>, options: AuthoredExerciseOptions) {
    this.id = d.id;
    this.title = d.title;
    this.functionName = d.functionName;
    this.points = d.points;
    if (d.tolerance) this.tolerance = d.tolerance;
    if (d.exact !== undefined) this.exact = d.exact;
    if (d.timeLimitMs) this.timeLimitMs = d.timeLimitMs;
    if (d.order !== undefined) this.order = d.order;
    if (d.prerequisites) this.prerequisites = d.prerequisites;
    this.helpers = d.helpers;
    this.hints = d.hints;
    this.misconceptions = d.misconceptions;
    this.version = filesVersion(files);
    this.files = files;
    this.bundle = bundle;
    this.figures = figures;
    this.pool = options.pool;
    this.limits = options.limits ?? DEFAULT_CONTENT_LIMITS;
  }

  /** The call keys of one case: the reference, then every misconception. */
  get calls(): string[] {
    return [REFERENCE_CALL, ...this.misconceptions.map((m) => misconceptionCall(m.id))];
  }

  /** Runs steps in the content isolate; throws when the pool or the loading fails. */
  async run(steps: ContentStep[]): Promise<StepResult[]> {
    const result = await this.pool.runContent({ bundle: this.bundle, steps, limits: this.limits });
    if (!result.ok) throw new Error(`the exercise's code could not run: ${result.error}`);
    if (!result.outcome.load.ok) throw new Error(`the exercise's code failed to load: ${result.outcome.load.message}`);
    return result.outcome.steps;
  }

  /** Visible cases, then (unless visibleOnly) the hidden ones of this seed, with expected and wrong outputs. */
  async prepare(seed: number | string, visibleOnly: boolean): Promise<PreparedCase[]> {
    const key = String(seed);
    const wantVisible = !this.visible;
    const wantHidden = !visibleOnly && !this.hidden.has(key);
    if (wantVisible || wantHidden) {
      const steps: ContentStep[] = [];
      if (wantVisible) steps.push({ op: 'cases', which: 'visible', seed: visibleSeed(this.id), calls: this.calls });
      if (wantHidden) steps.push({ op: 'cases', which: 'hidden', seed: hiddenSeed(this.id, seed), calls: this.calls });
      const running = this.run(steps);
      const pick = (which: 'visible' | 'hidden') =>
        running.then((results) => {
          const step = results.find((r) => r.op === 'cases' && r.which === which);
          if (!step || step.op !== 'cases') throw new Error(`the exercise's ${which} cases were not computed (the content ran out of memory or time)`);
          return this.prepared(step.result, which === 'visible');
        });
      if (wantVisible) {
        this.visible = pick('visible');
        this.visible.catch(() => (this.visible = undefined));
      }
      if (wantHidden) {
        const p = pick('hidden');
        this.hidden.set(key, p);
        p.catch(() => this.hidden.delete(key));
        if (this.hidden.size > 64) this.hidden.delete(this.hidden.keys().next().value!);
      }
    }
    const visible = await this.visible!;
    if (visibleOnly) return visible;
    return [...visible, ...(await this.hidden.get(key)!)];
  }

  /** Keeps the case steps another job computed with every call (the check's), so grading those seeds needs no new job. */
  adopt(results: StepResult[]): void {
    for (const r of results) {
      if (r.op !== 'cases' || !r.result.ok) continue;
      if (r.result.cases.some((c) => c.outputs.length !== this.calls.length)) continue;
      const prepared = Promise.resolve(this.prepared(r.result, r.which === 'visible'));
      if (r.which === 'visible') this.visible ??= prepared;
      else {
        const seed = r.seed.slice(`hidden:${this.id}:`.length);
        if (!this.hidden.has(seed)) this.hidden.set(seed, prepared);
      }
    }
  }

  private prepared(result: CasesResult, visible: boolean): PreparedCase[] {
    if (!result.ok) throw new Error(`${visible ? 'visibleCases' : 'hiddenCases'} failed: ${result.message}`);
    return result.cases.map((c) => {
      const [reference, ...wrong] = c.outputs;
      if (!reference.ok) throw new Error(`the reference failed on case "${c.name}": ${reference.message}`);
      const wrongOutputs = new Map<string, { ok: true; value: unknown } | { ok: false }>();
      this.misconceptions.forEach((m, i) => {
        const w = wrong[i];
        wrongOutputs.set(m.id, w?.ok ? { ok: true, value: decodeData(w.value) } : { ok: false });
      });
      return { name: c.name, visible, args: decodeData(c.args) as unknown[], expected: decodeData(reference.value), wrongOutputs };
    });
  }
}

export type LoadResult = { ok: true; exercise: AuthoredExercise } | { ok: false; problems: FileProblem[] };

/** Bundles, loads and describes the folder in the content isolate; every problem carries its file (and line where known). */
export async function loadAuthoredExercise(files: ExerciseFiles, options: AuthoredExerciseOptions): Promise<LoadResult> {
  const bundled = await bundleExercise(files);
  if (!bundled.ok) return { ok: false, problems: bundled.problems };
  const limits = options.limits ?? DEFAULT_CONTENT_LIMITS;
  const result = await options.pool.runContent({ bundle: bundled.code, steps: [{ op: 'describe' }, { op: 'figures' }], limits });
  if (!result.ok) return { ok: false, problems: [{ file: 'exercise.ts', message: `the exercise's code could not run: ${result.error}` }] };
  const outcome: ContentOutcome = result.outcome;
  if (!outcome.load.ok) return { ok: false, problems: [{ file: 'exercise.ts', message: outcome.load.message }] };
  const [describe, figures] = outcome.steps;
  if (!describe || describe.op !== 'describe') return { ok: false, problems: [{ file: 'exercise.ts', message: 'the definition could not be read' }] };
  if (!describe.result.ok) return { ok: false, problems: [{ file: 'exercise.ts', message: `the default export ${describe.result.message}` }] };
  const parsed = descriptionSchema.safeParse(decodeData(describe.result.value));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
        const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const where = issue.code === 'unrecognized_keys' ? locate(files, [...keyPath, issue.keys[0]]) : locate(files, keyPath);
        return { file: 'exercise.ts', ...where, message: path ? `${path}: ${message}` : message };
      }),
    };
  }
  const figureData: Record<string, CallResult> = {};
  if (figures?.op === 'figures') {
    if (!figures.result.ok) return { ok: false, problems: [{ file: 'figures.ts', message: figures.result.message }] };
    for (const f of figures.result.figures) figureData[f.name] = f.figure;
  }
  const d = parsed.data as AuthoredDescription & { reference?: unknown; visibleCases?: unknown; hiddenCases?: unknown };
  const description: AuthoredDescription = {
    id: d.id,
    title: d.title,
    functionName: d.functionName,
    points: d.points,
    helpers: d.helpers,
    hints: d.hints,
    misconceptions: d.misconceptions.map(({ id, title, hint }) => ({ id, title, hint })),
    ...(d.order !== undefined ? { order: d.order } : {}),
    ...(d.prerequisites ? { prerequisites: d.prerequisites } : {}),
    ...(d.tolerance ? { tolerance: d.tolerance } : {}),
    ...(d.exact !== undefined ? { exact: d.exact } : {}),
    ...(d.timeLimitMs ? { timeLimitMs: d.timeLimitMs } : {}),
  };
  return { ok: true, exercise: new AuthoredExercise(description, files, bundled.code, figureData, { ...options, limits }) };
}
