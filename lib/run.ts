// Run on the server: the visible cases graded at once in the web process (no queue, nothing
// recorded but the draft), plus the learner's scratch case beside the reference's output. A
// process-wide sandbox pool (1-2 sandbox processes) keeps it fast. The exercise page runs in the
// learner's browser instead (components/workbench/browser-run.ts, with what runSetupOf gives it);
// this Run serves the page when its browser cannot, and programmatic clients.
//
// The grader is loaded by Node itself, not bundled into the Next build: it forks its sandbox
// worker from its own .ts file and bundles engine/helpers.ts with esbuild at start, both found
// next to its source, which a bundle would move. Node 22 runs our .ts files directly (type
// stripping; the project uses erasable syntax only).
import os from 'node:os';
import { nativeImport } from './native-import.ts';
import { openAuthored, type Viewer } from './authoring/live.ts';
import type { Db } from './db.ts';
import { z } from 'zod';
import { codeSchema, exerciseIdSchema, firstMessage, refuse, type Refusal } from './limits.ts';
import { limiters, retryMessage } from './rate-limit.ts';
import { saveDraft } from './drafts.ts';
import type { LearnerScope } from './scope.ts';
import { scratchArgsProblem, ScratchReferences } from './scratch.ts';
import { encodePreparedCases } from '../grader/browser/prepared-codec.ts';
import type { RunSetup } from '../grader/browser/protocol.ts';
import { SCRATCH_UNAVAILABLE_MESSAGE, scratchOutcome, type ScratchOutcome } from '../grader/scratch-reference.ts';
import { getExercise, type CatalogExercise } from '../exercises/catalog.ts';
import { exerciseVersion } from '../exercises/files.ts';
import type { CaseSpec, Misconception } from '../exercises/types.ts';
import { createRng } from '../engine/random.ts';
import { visibleSeed } from '../grader/cases.ts';
import type { CaseVerdict, Verdict } from '../grader/verdict.ts';
import type { SandboxPool } from '../grader/pool.ts';

type GradeModule = typeof import('../grader/grade.ts');
type PoolModule = typeof import('../grader/pool.ts');


interface RunRuntime {
  grade: GradeModule['grade'];
  pool: SandboxPool;
  scratch: ScratchReferences;
}

const globalForRun = globalThis as unknown as { attentionLabRun?: Promise<RunRuntime> };

/** The web process's grader, sandbox pool and scratch worker, started on the first Run. */
export function runRuntime(): Promise<RunRuntime> {
  return (globalForRun.attentionLabRun ??= (async () => {
    const [{ grade }, { SandboxPool }] = await Promise.all([nativeImport<GradeModule>('grader/grade.ts'), nativeImport<PoolModule>('grader/pool.ts')]);
    const size = Number(process.env.RUN_SANDBOXES) || Math.min(2, os.availableParallelism());
    return { grade, pool: new SandboxPool({ size }), scratch: new ScratchReferences() };
  })().catch((e) => {
    globalForRun.attentionLabRun = undefined;
    throw e;
  }));
}

// The grader keeps each exercise object's cases, reference outputs and misconception outputs: give it
// the same object for as long as the exercise's content version holds, not a fresh copy every call.
const stamped = new WeakMap<CatalogExercise, CatalogExercise & { version: string }>();

/** The catalog exercise with its current content version, as the grader takes it. */
export function gradableExercise(exercise: CatalogExercise): CatalogExercise & { version: string } {
  const version = exerciseVersion(exercise.id);
  let g = stamped.get(exercise);
  if (g?.version !== version) stamped.set(exercise, (g = { ...exercise, version }));
  return g;
}

const visibleCache = new Map<string, CaseSpec[]>();

/** The visible cases exactly as the grader generates them (a fixed seed per exercise). */
export function visibleCasesFor(id: string): CaseSpec[] {
  let cases = visibleCache.get(id);
  if (!cases) {
    const exercise = getExercise(id);
    if (!exercise) throw new Error(`unknown exercise "${id}"`);
    cases = exercise.visibleCases(createRng(visibleSeed(id))).map((c) => ({ name: c.name, args: c.args }));
    visibleCache.set(id, cases);
  }
  return cases;
}

/** The visible cases of a built-in exercise or of an authored one the viewer may open (computed in its isolate). */
export async function visibleCasesOf(db: Db, viewer: Viewer, id: string): Promise<CaseSpec[]> {
  return (await runSetupOf(db, viewer, id)).visibleCases;
}

/**
 * What the exercise page needs to Run in the browser: a built-in exercise's id (the engine in the
 * browser computes the rest); for an authored one, whose code must never reach the browser, its
 * visible cases with expected and misconception outputs, computed here in its isolate.
 */
export async function runSetupOf(db: Db, viewer: Viewer, id: string): Promise<{ visibleCases: CaseSpec[]; browserRun: RunSetup }> {
  if (getExercise(id)) return { visibleCases: visibleCasesFor(id), browserRun: { kind: 'builtin', exerciseId: id, version: exerciseVersion(id) } };
  const opened = await openAuthored(db, viewer, id);
  if (!opened) throw new Error(`unknown exercise "${id}"`);
  const e = opened.exercise;
  const cases = await e.prepare(0, true);
  const exercise = {
    id: e.id,
    version: e.version,
    functionName: e.functionName,
    points: e.points,
    ...(e.tolerance ? { tolerance: e.tolerance } : {}),
    ...(e.exact !== undefined ? { exact: e.exact } : {}),
    helpers: e.helpers,
    ...(e.timeLimitMs ? { timeLimitMs: e.timeLimitMs } : {}),
    misconceptions: e.misconceptions.map((m) => ({ id: m.id, title: m.title, hint: m.hint })),
  };
  return { visibleCases: cases.map((c) => ({ name: c.name, args: c.args })), browserRun: { kind: 'prepared', exercise, cases: encodePreparedCases(cases) } };
}

export type { ScratchOutcome };

/** POST /api/runs' body; the code and the scratch arguments are checked further by runCode. */
export const runInput = z.object({
  exerciseId: exerciseIdSchema,
  code: codeSchema,
  scratch: z.array(z.unknown(), { error: 'scratch is the list of arguments of your case, e.g. [[[1, 0]], [[1, 0]], [[1, 0]]].' }).nullable().optional(),
  // a cohort's id, null for practice; absent: the space the learner works in now
  cohortId: z.string({ error: 'cohortId is a cohort id, or null for practice.' }).min(1).max(64).nullable().optional(),
});

export type RunOutcome = { ok: true; verdict: Verdict; scratch?: ScratchOutcome } | Refusal;

/** The exercise graded on the scratch case alone, its reference and misconceptions precomputed off-thread. */
function scratchExercise(exercise: CatalogExercise, version: string, args: unknown[], ref: { expected: unknown; wrong: Record<string, { ok: true; value: unknown } | { ok: false }> }) {
  const misconceptions: Misconception[] = exercise.misconceptions.map((m) => ({
    ...m,
    compute: () => {
      const w = ref.wrong[m.id];
      if (!w?.ok) throw new Error('not defined on these arguments');
      return structuredClone(w.value);
    },
  }));
  return {
    ...exercise,
    version,
    visibleCases: () => [{ name: 'Your case', args }],
    hiddenCases: () => [],
    reference: () => structuredClone(ref.expected),
    misconceptions,
  };
}

export async function runCode(db: Db, who: LearnerScope, exerciseId: string, code: unknown, scratchArgs?: unknown, viewer: Viewer = { id: who.userId }): Promise<RunOutcome> {
  const exercise = getExercise(exerciseId);
  if (!exercise) return runAuthored(db, who, viewer, exerciseId, code, scratchArgs);
  const parsed = codeSchema.safeParse(code);
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  const withScratch = scratchArgs !== undefined && scratchArgs !== null;
  if (withScratch) {
    const problem = scratchArgsProblem(scratchArgs);
    if (problem) return refuse('validation', problem);
  }
  const gate = await limiters(db).run.consume(who.userId);
  if (!gate.ok) return refuse('rate_limit', `That is a lot of runs in a minute. ${retryMessage(gate.retryAfterMs)}`, gate.retryAfterMs);

  const source = parsed.data;
  const rt = await runRuntime();
  const gradable = gradableExercise(exercise);
  const draft = saveDraft(db, who, exerciseId, source); // in the scope the learner works in

  const visible = rt.grade(gradable, source, { visibleOnly: true, pool: rt.pool });
  const scratch = withScratch ? runScratch(rt, exercise, gradable.version, source, scratchArgs as unknown[]) : Promise.resolve(undefined);
  const [verdict, scratchOutcome] = await Promise.all([visible, scratch, draft]);
  return scratchOutcome ? { ok: true, verdict, scratch: scratchOutcome } : { ok: true, verdict };
}

/** Run on an authored exercise: its visible cases, computed by its own code in its isolate. */
async function runAuthored(db: Db, who: LearnerScope, viewer: Viewer, exerciseId: string, code: unknown, scratchArgs?: unknown): Promise<RunOutcome> {
  const opened = await openAuthored(db, viewer, exerciseId);
  if (!opened) return refuse('validation', 'Unknown exercise.');
  const parsed = codeSchema.safeParse(code);
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  if (scratchArgs !== undefined && scratchArgs !== null) return refuse('validation', SCRATCH_UNAVAILABLE_MESSAGE);
  const gate = await limiters(db).run.consume(viewer.id);
  if (!gate.ok) return refuse('rate_limit', `That is a lot of runs in a minute. ${retryMessage(gate.retryAfterMs)}`, gate.retryAfterMs);
  const rt = await runRuntime();
  const [verdict] = await Promise.all([rt.grade(opened.exercise, parsed.data, { visibleOnly: true, pool: rt.pool }), saveDraft(db, who, exerciseId, parsed.data)]);
  return { ok: true, verdict };
}

async function runScratch(rt: RunRuntime, exercise: CatalogExercise, version: string, code: string, args: unknown[]): Promise<ScratchOutcome> {
  const ref = await rt.scratch.compute(exercise.id, args);
  if (!ref.ok) return { args, referenceError: ref.referenceError };
  const v = await rt.grade(scratchExercise(exercise, version, args, ref), code, { visibleOnly: true, pool: rt.pool });
  return scratchOutcome(args, ref, v);
}
