// An authored question on the host: its definition as data (validated with the bank's own rules)
// and, per learner seed, the variant its own code computed in the content isolate: params, answers,
// options, misconceptions' wrong answers, template values. The host holds no function the author
// wrote. `definitionAt(seed)` hands the grader, the variant renderer and the check a plain
// QuestionDefinition whose functions only return what the isolate computed for that seed, so every
// consumer of bank questions takes authored ones unchanged.
import { questionProblems } from '../../exercises/questions.ts';
import type { Answers, ChoiceOption, PartAnswer, QuestionDefinition, QuestionPart, TemplateValues } from '../../exercises/question-types.ts';
import { questionPoints, questionSeed } from '../../exercises/question-variant.ts';
import type { SandboxPool } from '../pool.ts';
import { bundleQuestion, type ExerciseFiles, type FileProblem } from './bundle.ts';
import { decodeData, FUNCTION_MARK } from './data-codec.ts';
import { filesVersion } from './exercise.ts';
import { DEFAULT_CONTENT_LIMITS, type CallResult, type ContentLimits, type StepResult, type VariantAnswer } from './protocol.ts';

export interface AuthoredQuestionOptions {
  pool: SandboxPool;
  limits?: ContentLimits;
}

/** A variant as the host keeps it: the definition for that seed, and whether its params are reproducible. */
export interface HeldVariant {
  definition: QuestionDefinition;
  deterministic: boolean;
}

const MAX_CACHED_SEEDS = 256;

/** Stands where the author's function was: the host never calls it, the isolate does. */
function inIsolate(what: string): () => never {
  return () => {
    throw new Error(`${what} runs in the question's isolate; ask for a variant`);
  };
}

/** Function marks of the decoded description replaced by host functions that refuse to run. */
function skeletonOf(data: unknown): unknown {
  const walk = (v: unknown, path: string): unknown => {
    if (v === FUNCTION_MARK) return inIsolate(path || 'the definition');
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    return v;
  };
  return walk(data, '');
}

function valueOf(r: CallResult | null | undefined, what: string): unknown {
  if (!r) throw new Error(`${what} was not computed`);
  if (!r.ok) throw new Error(r.message);
  return decodeData(r.value);
}

/** The definition for one seed: every function returns what the isolate computed (fresh copies), or throws its error. */
export function definitionFromVariant(skeleton: QuestionDefinition, v: VariantAnswer): QuestionDefinition {
  const options = new Map(v.options.map((o) => [o.part, o.result]));
  const wrong = new Map(v.misconceptions.map((m) => [m.id, m.result]));
  return {
    ...skeleton,
    parts: skeleton.parts.map((p): QuestionPart => (p.kind === 'choice' ? { ...p, options: () => valueOf(options.get(p.name), `the options of part ${p.name}`) as ChoiceOption[] } : p)),
    generate: () => decodeData(v.params),
    answer: () => valueOf(v.answers, 'answer') as Answers,
    ...(v.text ? { text: () => valueOf(v.text, 'text') as TemplateValues } : {}),
    ...(v.worked ? { worked: () => valueOf(v.worked, 'worked') as TemplateValues } : {}),
    misconceptions: skeleton.misconceptions.map((m) => ({ ...m, compute: () => valueOf(wrong.get(m.id), `misconception ${m.id}`) as PartAnswer })),
  };
}

/** A definition whose generate failed on a seed: every use of it says why. */
function failedDefinition(skeleton: QuestionDefinition, message: string): QuestionDefinition {
  const fail = () => {
    throw new Error(message);
  };
  return { ...skeleton, generate: fail, answer: fail };
}

/** One authored question at one content version; caches the variants it computed, by seed. */
export class AuthoredQuestion {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly points: number;
  readonly version: string;
  readonly files: ExerciseFiles;
  /** The definition's data; its functions refuse to run on the host. */
  readonly skeleton: QuestionDefinition;
  private readonly bundle: string;
  private readonly pool: SandboxPool;
  private readonly limits: ContentLimits;
  private readonly held = new Map<string, Promise<HeldVariant>>();

  constructor(skeleton: QuestionDefinition, files: ExerciseFiles, bundle: string, options: AuthoredQuestionOptions) {
    this.skeleton = skeleton;
    this.id = skeleton.id;
    this.title = skeleton.title;
    this.order = skeleton.order;
    this.points = questionPoints(skeleton);
    this.files = files;
    this.version = filesVersion(files);
    this.bundle = bundle;
    this.pool = options.pool;
    this.limits = options.limits ?? DEFAULT_CONTENT_LIMITS;
  }

  get prompt(): string {
    return this.files['prompt.md'] ?? '';
  }

  get solution(): string {
    return this.files['solution.md'] ?? '';
  }

  /** The definition that holds for a learner's seed. */
  async definitionAt(seed: number | string): Promise<QuestionDefinition> {
    return (await this.variants([seed]))[0].definition;
  }

  /** The variants of many seeds, computed in one job for those not held yet. Throws when the pool or the code fails to run, or runs out of time or memory. */
  async variants(seeds: readonly (number | string)[]): Promise<HeldVariant[]> {
    const missing = [...new Set(seeds.map(String))].filter((s) => !this.held.has(s));
    if (missing.length > 0) {
      const running = this.run(missing);
      for (const seed of missing) {
        const p = running.then((byKey) => {
          const step = byKey.get(questionSeed(this.id, seed));
          if (!step || step.op !== 'variant') throw new Error(`the question's variant of seed ${seed} was not computed (its code ran out of memory or time)`);
          // the code's own failure on this seed is kept (it fails the same way every time); running out
          // of time or memory may be the machine's load, so it is not kept and the next ask runs again
          if (!step.result.ok && (step.result.kind === 'timeout' || step.result.kind === 'memory')) throw new Error(step.result.message);
          if (!step.result.ok) return { definition: failedDefinition(this.skeleton, step.result.message), deterministic: true };
          return { definition: definitionFromVariant(this.skeleton, step.result.variant), deterministic: step.result.variant.deterministic };
        });
        p.catch(() => this.held.delete(seed));
        this.held.set(seed, p);
        if (this.held.size > MAX_CACHED_SEEDS) this.held.delete(this.held.keys().next().value!);
      }
    }
    return Promise.all(seeds.map((s) => this.held.get(String(s)) ?? this.variants([s]).then((v) => v[0])));
  }

  private async run(seeds: string[]): Promise<Map<string, StepResult>> {
    const result = await this.pool.runContent({ bundle: this.bundle, steps: seeds.map((s) => ({ op: 'variant' as const, seed: questionSeed(this.id, s) })), limits: this.limits });
    if (!result.ok) throw new Error(`the question's code could not run: ${result.error}`);
    if (!result.outcome.load.ok) throw new Error(`the question's code failed to load: ${result.outcome.load.message}`);
    return new Map(result.outcome.steps.map((s) => [s.op === 'variant' ? s.seed : s.op, s]));
  }
}

export type QuestionLoadResult = { ok: true; question: AuthoredQuestion } | { ok: false; problems: FileProblem[] };

/** The line of question.ts where a problem's key is written, when found. */
function locate(files: ExerciseFiles, problem: string): Pick<FileProblem, 'line' | 'column'> {
  const key = /^(\w+)/.exec(problem)?.[1];
  if (!key) return {};
  const lines = (files['question.ts'] ?? '').split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*['"]?${key}['"]?\\s*[:(]`).test(l));
  return at < 0 ? {} : { line: at + 1, column: lines[at].search(/\S/) + 1 };
}

/** Bundles, loads and describes question.ts in the content isolate; the definition must pass the bank's shape rules. */
export async function loadAuthoredQuestion(files: ExerciseFiles, options: AuthoredQuestionOptions & { expectedId: string }): Promise<QuestionLoadResult> {
  const bundled = await bundleQuestion(files);
  if (!bundled.ok) return { ok: false, problems: bundled.problems };
  const limits = options.limits ?? DEFAULT_CONTENT_LIMITS;
  const result = await options.pool.runContent({ bundle: bundled.code, steps: [{ op: 'describe' }], limits });
  const problem = (message: string): QuestionLoadResult => ({ ok: false, problems: [{ file: 'question.ts', message }] });
  if (!result.ok) return problem(`the question's code could not run: ${result.error}`);
  if (!result.outcome.load.ok) return problem(result.outcome.load.message);
  const [describe] = result.outcome.steps;
  if (!describe || describe.op !== 'describe') return problem('the definition could not be read');
  if (!describe.result.ok) return problem(`the default export ${describe.result.message}`);
  const skeleton = skeletonOf(decodeData(describe.result.value)) as QuestionDefinition;
  if (skeleton && typeof skeleton === 'object' && !Array.isArray(skeleton.misconceptions)) (skeleton as { misconceptions?: unknown }).misconceptions ??= [];
  const shape = questionProblems(skeleton, options.expectedId, { authored: true });
  if (shape.length > 0) return { ok: false, problems: shape.map((message) => ({ file: 'question.ts', ...locate(files, message), message })) };
  return { ok: true, question: new AuthoredQuestion(skeleton, files, bundled.code, { ...options, limits }) };
}
