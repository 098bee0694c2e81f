// Every rule of `npm run exercises:check`, for an authored exercise folder (in memory, from disk or
// from the studio's draft). Static rules read the files and the definition's data; the content
// rules ask the exercise's own code, in its isolate, for its cases on the grader's seeds; the
// grading rules run the real grader: the starter fails, the solution passes for 20 learner seeds,
// and the grader names each misconception when its outputs are submitted.
//
// Every problem names its file, and its line where one is known, so the studio can point at it.
import { allclose } from '../../engine/allclose.ts';
import { DEFAULT_TOLERANCE, EXACT } from '../../engine/allclose.ts';
import { sharedDefinitionProblems } from '../../exercises/catalog.ts';
import { figureNames, renderFigureHtml, renderFigureSvg, type Figure } from '../../exercises/figures.ts';
import { renderAuthoredPrompt } from '../../exercises/prompt.ts';
import { exportsFunction, typeCheckSource } from '../../exercises/source-check.ts';
import { exerciseIds } from '../../engine/registry.ts';
import { hiddenSeed, visibleSeed } from '../cases.ts';
import { grade } from '../grade.ts';
import { misconceptionSubmission } from '../misconception-submission.ts';
import { hasNonFinite, leafArraySizes } from '../../exercises/case-values.ts';
import { FOLDER_FILES, MAX_FILE_CHARS, REQUIRED_FILES } from '../../exercises/folder.ts';
import type { SandboxPool } from '../pool.ts';
import type { Verdict } from '../verdict.ts';
import type { ExerciseFiles, FileProblem } from './bundle.ts';
import { decodeData } from './data-codec.ts';
import { loadAuthoredExercise, type AuthoredExercise } from './exercise.ts';
import type { CaseAnswer, ContentLimits, ContentStep, StepResult } from './protocol.ts';

export const SOLUTION_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
export const DETECTION_SEEDS = [1, 2];
export const VISIBLE_LIMITS = { cases: 3, numbersPerArray: 64 };
export const HIDDEN_LIMITS = { min: 5, max: 10 };

export interface CheckReport {
  /** The definition's id when it could be read. */
  id?: string;
  ok: boolean;
  problems: FileProblem[];
  /** The loaded exercise, when it loaded (its caches hold the checked seeds). */
  exercise?: AuthoredExercise;
}

export interface CheckOptions {
  pool: SandboxPool;
  /** The id the exercise must have (the folder's `<module>/<slug>`, the draft's id). */
  expectedId?: string;
  /** false: skip the grading rules (a quick pass while typing). */
  grading?: boolean;
  limits?: ContentLimits;
}

/** `file:line:column: message`, the way compilers print. */
export function formatProblem(p: FileProblem): string {
  return `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${p.message}`;
}

const at = (file: string, message: string, line?: number, column?: number): FileProblem => ({ file, message, ...(line ? { line } : {}), ...(column ? { column } : {}) });

export async function checkAuthoredFiles(files: ExerciseFiles, options: CheckOptions): Promise<CheckReport> {
  const problems: FileProblem[] = [];
  for (const name of Object.keys(files)) {
    if (!FOLDER_FILES.includes(name)) problems.push(at(name, `unexpected file (an exercise folder holds ${FOLDER_FILES.join(', ')})`));
    else if (files[name].length > MAX_FILE_CHARS) problems.push(at(name, `is ${files[name].length} characters, more than ${MAX_FILE_CHARS}`));
  }
  for (const name of REQUIRED_FILES) if (typeof files[name] !== 'string') problems.push(at(name, 'is missing'));
  if (typeof files['exercise.ts'] !== 'string' || problems.some((p) => p.message.startsWith('is ') && p.message.includes('more than'))) return { ok: false, problems };

  const loaded = await loadAuthoredExercise(files, { pool: options.pool, ...(options.limits ? { limits: options.limits } : {}) });
  if (!loaded.ok) return { ok: false, problems: [...problems, ...loaded.problems] };
  const ex = loaded.exercise;
  const line = (key: string) => {
    const i = files['exercise.ts'].split('\n').findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
    return i < 0 ? undefined : i + 1;
  };
  if (options.expectedId !== undefined && ex.id !== options.expectedId) problems.push(at('exercise.ts', `id: is "${ex.id}", but this exercise is "${options.expectedId}" (its folder's <module>/<slug>)`, line('id')));
  if (exerciseIds.includes(ex.id)) problems.push(at('exercise.ts', `id: "${ex.id}" is a built-in exercise; choose another <module>/<slug>`, line('id')));
  for (const p of sharedDefinitionProblems(ex)) problems.push(at('exercise.ts', p, line(p.split(':')[0])));

  problems.push(...(await promptProblems(ex, files)));
  for (const file of ['starter.ts', 'solution.ts'] as const) {
    const source = files[file];
    if (typeof source !== 'string') continue;
    if (!exportsFunction(source, ex.functionName)) problems.push(at(file, `does not export a function named ${ex.functionName}`));
    for (const d of typeCheckSource(source, ex.helpers, file)) {
      const m = /^[\w.]+:(\d+):(\d+): (.*)$/s.exec(d);
      problems.push(m ? at(file, m[3], Number(m[1]), Number(m[2])) : at(file, d));
    }
  }

  const contentProblems = await caseProblems(ex, line);
  problems.push(...contentProblems);
  if (problems.length === 0 && options.grading !== false) problems.push(...(await gradingProblems(ex, files, options.pool)));
  return { id: ex.id, ok: problems.length === 0, problems, exercise: ex };
}

async function promptProblems(ex: AuthoredExercise, files: ExerciseFiles): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const prompt = files['prompt.md'];
  const figures = new Map<string, Figure>();
  for (const [name, result] of Object.entries(ex.figures)) {
    if (!result.ok) {
      problems.push(at('figures.ts', `figure "${name}": ${result.message}`));
      continue;
    }
    try {
      const figure = decodeData(result.value) as Figure;
      renderFigureSvg(figure, name);
      figures.set(name, figure);
    } catch (e) {
      problems.push(at('figures.ts', `figure "${name}" does not render: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  if (typeof prompt !== 'string') return problems;
  let placed: string[] = [];
  try {
    placed = figureNames(prompt);
  } catch (e) {
    const m = /^line (\d+): (.*)$/s.exec(e instanceof Error ? e.message : String(e));
    problems.push(m ? at('prompt.md', m[2], Number(m[1])) : at('prompt.md', String(e)));
  }
  for (const name of Object.keys(ex.figures)) if (!placed.includes(name)) problems.push(at('figures.ts', `"${name}" is defined but prompt.md never places it`));
  try {
    await renderAuthoredPrompt(
      prompt,
      (name, lineNo) => {
        const figure = figures.get(name);
        if (!figure) {
          if (!Object.hasOwn(ex.figures, name)) problems.push(at('prompt.md', `unknown figure "${name}"${Object.keys(ex.figures).length ? `; figures.ts defines: ${Object.keys(ex.figures).join(', ')}` : '; this exercise has no figures.ts'}`, lineNo));
          return '';
        }
        return renderFigureHtml(figure, name);
      },
      { throwOnError: true },
    );
  } catch (e) {
    const m = /^line (\d+): (.*)$/s.exec(e instanceof Error ? e.message : String(e));
    problems.push(m ? at('prompt.md', m[2], Number(m[1])) : at('prompt.md', e instanceof Error ? e.message : String(e)));
  }
  return problems;
}

/** The rules about cases, the reference and the misconceptions, from one content job over every checked seed. */
async function caseProblems(ex: AuthoredExercise, line: (key: string) => number | undefined): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const P = (key: string, message: string) => at('exercise.ts', message, line(key));
  const steps: ContentStep[] = [
    { op: 'cases', which: 'visible', seed: visibleSeed(ex.id), calls: ex.calls },
    { op: 'cases', which: 'visible', seed: visibleSeed(ex.id), calls: [] },
    { op: 'cases', which: 'hidden', seed: hiddenSeed(ex.id, SOLUTION_SEEDS[0]), calls: [] },
    ...SOLUTION_SEEDS.map((seed): ContentStep => ({ op: 'cases', which: 'hidden', seed: hiddenSeed(ex.id, seed), calls: ex.calls })),
  ];
  let results: StepResult[];
  try {
    results = await ex.run(steps);
  } catch (e) {
    return [at('exercise.ts', e instanceof Error ? e.message : String(e))];
  }
  const list = (i: number): CaseAnswer[] | undefined => {
    const r = results[i];
    if (!r || r.op !== 'cases') return undefined;
    if (!r.result.ok) {
      problems.push(P(r.which === 'visible' ? 'visibleCases' : 'hiddenCases', `${r.which === 'visible' ? 'visibleCases' : `hiddenCases (seed ${r.seed.split(':').pop()})`}: ${r.result.message}`));
      return undefined;
    }
    return r.result.cases;
  };
  const same = (a?: CaseAnswer[], b?: CaseAnswer[]) => !!a && !!b && a.length === b.length && a.every((c, i) => c.name === b[i].name && c.args === b[i].args);
  const tol = ex.exact ? EXACT : (ex.tolerance ?? DEFAULT_TOLERANCE);

  const visible = list(0);
  if (visible) {
    if (!same(visible, list(1))) problems.push(P('visibleCases', 'visibleCases: the same seed gave different cases (draw every random number from the rng argument)'));
    if (visible.length < 1 || visible.length > VISIBLE_LIMITS.cases) problems.push(P('visibleCases', `visibleCases: ${visible.length} cases, expected 1 to ${VISIBLE_LIMITS.cases}`));
    for (const c of visible) {
      const sizes: { path: string; size: number }[] = [];
      (decodeData(c.args) as unknown[]).forEach((a, i) => leafArraySizes(a, `args[${i}]`, sizes));
      for (const s of sizes) if (s.size > VISIBLE_LIMITS.numbersPerArray) problems.push(P('visibleCases', `visibleCases "${c.name}": ${s.path} holds ${s.size} values, more than ${VISIBLE_LIMITS.numbersPerArray} is too much to read`));
    }
  }
  const hiddenBySeed = new Map<number, CaseAnswer[]>();
  SOLUTION_SEEDS.forEach((seed, i) => {
    const cases = list(3 + i);
    if (cases) hiddenBySeed.set(seed, cases);
  });
  const first = hiddenBySeed.get(SOLUTION_SEEDS[0]);
  if (first) {
    if (!same(first, list(2))) problems.push(P('hiddenCases', 'hiddenCases: the same seed gave different cases (draw every random number from the rng argument)'));
    if (first.length < HIDDEN_LIMITS.min || first.length > HIDDEN_LIMITS.max) problems.push(P('hiddenCases', `hiddenCases: ${first.length} cases, expected ${HIDDEN_LIMITS.min} to ${HIDDEN_LIMITS.max}`));
  }
  if (hiddenBySeed.size >= 2 && same(hiddenBySeed.get(1), hiddenBySeed.get(2))) problems.push(P('hiddenCases', 'hiddenCases: seeds 1 and 2 gave identical cases (hidden cases must depend on the learner seed: use the rng)'));

  const all = [...(visible ?? []).map((c) => ({ c, where: 'visible' })), ...[...hiddenBySeed].flatMap(([seed, cs]) => cs.map((c) => ({ c, where: `seed ${seed}` })))];
  for (const { c, where } of all) {
    const names = (where === 'visible' ? visible! : hiddenBySeed.get(Number(where.slice(5)))!).filter((x) => x.name === c.name);
    if (names.length > 1 && names[0] === c) problems.push(P(where === 'visible' ? 'visibleCases' : 'hiddenCases', `case name "${c.name}" is used twice (${where})`));
  }
  const reported = new Set<string>();
  const once = (key: string, p: FileProblem) => {
    if (!reported.has(key)) problems.push(p);
    reported.add(key);
  };
  for (const { c, where } of all) {
    const r = c.outputs[0];
    if (!r) continue;
    if (!r.ok) once('ref-fail', P('reference', `reference fails on "${c.name}" (${where}): ${r.message}`));
    else {
      if (hasNonFinite(decodeData(r.value))) once('ref-nan', P('reference', `reference gives NaN or Infinity on "${c.name}" (${where})`));
      if (r.mutated) once('ref-mut', P('reference', `reference changes the arguments of "${c.name}" (${where}); copy them first`));
    }
  }
  ex.misconceptions.forEach((m, i) => {
    const blind: number[] = [];
    for (const [seed, cases] of hiddenBySeed) {
      if (!cases.some((c) => c.outputs[0]?.ok)) continue; // the reference's own failure is the problem
      let differs = false;
      for (const c of cases) {
        const ref = c.outputs[0];
        const w = c.outputs[i + 1];
        if (!w) continue;
        if (!w.ok) {
          once(`m-${m.id}`, P('misconceptions', `misconception ${m.id}: compute fails on "${c.name}" (seed ${seed}): ${w.message}`));
          continue;
        }
        if (w.mutated) once(`m-${m.id}`, P('misconceptions', `misconception ${m.id}: compute changes the arguments of "${c.name}" (seed ${seed})`));
        if (ref?.ok && !allclose(decodeData(w.value), decodeData(ref.value), tol)) differs = true;
      }
      if (!differs) blind.push(seed);
    }
    if (blind.length > 0) {
      problems.push(P('misconceptions', `misconception ${m.id}: equals the reference on every hidden case for seed${blind.length > 1 ? 's' : ''} ${blind.slice(0, 5).join(', ')}${blind.length > 5 ? ', ...' : ''}: add a case that tells them apart`));
    }
  });
  // what was computed here is what grading these seeds needs: keep it
  if (problems.length === 0) ex.adopt(results);
  return problems;
}

function describeFailure(v: Verdict): string {
  if (v.compileError) return `compile error at ${v.compileError.line}:${v.compileError.column}: ${v.compileError.message}`;
  if (v.error) return `grader error: ${v.error}`;
  const failed = v.cases.filter((c) => !c.passed);
  return `${failed.length} of ${v.cases.length} cases failed (${failed
    .slice(0, 3)
    .map((c) => `"${c.name}": ${c.kind}${c.message ? `, ${c.message}` : ''}`)
    .join('; ')})`;
}

async function gradingProblems(ex: AuthoredExercise, files: ExerciseFiles, pool: SandboxPool): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const starter = await grade(ex, files['starter.ts'], { pool, seed: SOLUTION_SEEDS[0] });
  if (starter.status !== 'failed') problems.push(at('starter.ts', `graded "${starter.status}", expected "failed"${starter.status === 'passed' ? ': the starter must not already solve the exercise' : `: ${describeFailure(starter)}`}`));
  for (const seed of SOLUTION_SEEDS) {
    const v = await grade(ex, files['solution.ts'], { pool, seed });
    if (v.status !== 'passed') {
      const c = v.compileError;
      problems.push(c ? at('solution.ts', c.message, c.line, c.column) : at('solution.ts', `does not pass for seed ${seed}: ${describeFailure(v)}`));
      break;
    }
  }
  for (const m of ex.misconceptions) {
    const missed: number[] = [];
    for (const seed of DETECTION_SEEDS) {
      const cases = await ex.prepare(seed, false);
      const answers = cases.flatMap((c) => {
        const w = c.wrongOutputs?.get(m.id);
        return w?.ok ? [{ args: c.args, output: w.value }] : [];
      });
      const v = await grade(ex, misconceptionSubmission(ex.functionName, answers), { pool, seed });
      if (!v.cases.some((c) => c.misconception?.id === m.id)) missed.push(seed);
      if (v.status === 'error') problems.push(at('exercise.ts', `misconception ${m.id}: grading its outputs gave ${describeFailure(v)}`));
    }
    if (missed.length > 0) problems.push(at('exercise.ts', `misconception ${m.id}: the grader does not name it when its outputs are submitted (seed ${missed.join(', ')}); another misconception listed earlier may produce the same outputs`));
  }
  return problems;
}

