// `npm run -s exercises:check [-- --json] [--static] [ids...]`: proves every exercise is fit to grade,
// then every question of the bank (scripts/questions-check.ts; ids may name questions too).
// Static steps (no sandbox): metadata, files, prompt (figures, KaTeX), starter and solution type-check
// against the editor's declarations, deterministic and valid cases, small visible cases, a finite
// reference, misconceptions that differ from the reference for every seed. Grading steps (the real
// grader in its sandbox): the starter fails, the solution passes for 20 learner seeds, and the
// outputs of every misconception are named by the grader. Exit 1 when anything is wrong.
import { dirname, join } from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { allclose } from '../engine/allclose.ts';
import { createRng } from '../engine/random.ts';
import { exerciseIds } from '../engine/registry.ts';
import { validateArgs } from '../engine/validate.ts';
import { hiddenSeed, visibleSeed } from '../grader/cases.ts';
import type { Verdict } from '../grader/verdict.ts';
import { buildCatalog, definitionProblems, toleranceOf, type CatalogExercise } from '../exercises/catalog.ts';
import { exportsFunction, typeCheckSource } from '../exercises/source-check.ts';
import { literal, misconceptionSubmission } from '../grader/misconception-submission.ts';
import { hasNonFinite, leafArraySizes } from '../exercises/case-values.ts';
import { FOLDER_FILES } from '../exercises/folder.ts';
import { expandFigures, figureNames, renderFigureSvg } from '../exercises/figures.ts';
import { exerciseFoldersOnDisk, projectRoot } from '../exercises/files.ts';
import type { ExerciseEntry } from '../exercises/index.ts';
import { renderPrompt } from '../exercises/prompt.ts';
import type { CaseSpec } from '../exercises/types.ts';

export { literal, misconceptionSubmission };

export interface ExerciseReport {
  id: string;
  ok: boolean;
  problems: string[];
}

/** The learner seeds a solution must pass for. */
export const SOLUTION_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
/** Seeds whose hidden cases must each reveal every misconception (engine only, cheap). */
export const MISCONCEPTION_SEEDS = SOLUTION_SEEDS;
/** Seeds for which misconception outputs are submitted to the grader. */
export const DETECTION_SEEDS = [1, 2];
export const VISIBLE_LIMITS = { cases: 3, numbersPerArray: 64 };
export const HIDDEN_LIMITS = { min: 5, max: 10 };
const ALLOWED_FILES = new Set(FOLDER_FILES);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------------------------------------
// Static checks of one exercise (no sandbox).

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function casesOf(list: () => CaseSpec[], what: string, problems: string[]): CaseSpec[] | undefined {
  try {
    const cases = list();
    if (!Array.isArray(cases)) {
      problems.push(`${what}: did not return an array`);
      return undefined;
    }
    return cases;
  } catch (e) {
    problems.push(`${what}: threw ${errorText(e)}`);
    return undefined;
  }
}

function caseListProblems(cases: CaseSpec[], what: string, ex: CatalogExercise): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const c of cases) {
    if (!c || typeof c.name !== 'string' || c.name.trim() === '' || !Array.isArray(c.args)) {
      problems.push(`${what}: every case needs a name and an args array`);
      continue;
    }
    if (names.has(c.name)) problems.push(`${what}: case name "${c.name}" is used twice`);
    names.add(c.name);
    const bad = validateArgs(ex.id, c.args);
    if (bad) problems.push(`${what} "${c.name}": arguments break the curriculum signature: ${literal(bad).slice(0, 300)}`);
  }
  return problems;
}

/** Calls `f` on a copy of a case's arguments; `mutated` when it changed them. */
function callOnCase(f: (...args: any[]) => unknown, c: CaseSpec): { value?: unknown; error?: string; mutated?: boolean } {
  const args = structuredClone(c.args);
  const before = literal(args);
  try {
    const value = f(...args);
    return { value, mutated: literal(args) !== before };
  } catch (e) {
    return { error: errorText(e) };
  }
}

export interface StaticResult {
  problems: string[];
  /** Visible cases (seed "visible") and hidden cases per seed, when they could be generated. */
  visible?: CaseSpec[];
  hidden: Map<number, CaseSpec[]>;
  starter?: string;
  solution?: string;
}

export async function checkExerciseStatic(ex: CatalogExercise, root = projectRoot()): Promise<StaticResult> {
  const problems: string[] = [];
  const folder = join(root, 'exercises', ex.module, ex.slug);
  const hidden = new Map<number, CaseSpec[]>();

  // files
  for (const name of readdirSync(folder)) {
    if (!ALLOWED_FILES.has(name)) problems.push(`files: unexpected ${name} (allowed: ${[...ALLOWED_FILES].join(', ')})`);
  }
  const prompt = readIfExists(join(folder, 'prompt.md'));
  const starter = readIfExists(join(folder, 'starter.ts'));
  const solution = readIfExists(join(folder, 'solution.ts'));
  if (prompt === undefined) problems.push('files: prompt.md is missing');
  if (starter === undefined) problems.push('files: starter.ts is missing');
  if (solution === undefined) problems.push('files: solution.ts is missing');
  if (existsSync(join(folder, 'figures.ts')) && Object.keys(ex.figures).length === 0) problems.push('figures: figures.ts exists but exercises/index.ts does not import its figures');

  // prompt: figures, then KaTeX
  if (prompt !== undefined) {
    try {
      const placed = figureNames(prompt);
      for (const name of Object.keys(ex.figures)) {
        if (!placed.includes(name)) problems.push(`figures: "${name}" is defined but prompt.md never places it`);
      }
      const expanded = expandFigures(prompt, ex.figures);
      await renderPrompt(expanded, { throwOnError: true });
    } catch (e) {
      problems.push(`prompt.md: ${errorText(e)}`);
    }
  }
  for (const [name, make] of Object.entries(ex.figures)) {
    try {
      renderFigureSvg(make(), name);
    } catch (e) {
      problems.push(`figures: "${name}" does not render: ${errorText(e)}`);
    }
  }

  // starter and solution: the exported function, then the types
  for (const [fileName, source] of [['starter.ts', starter], ['solution.ts', solution]] as const) {
    if (source === undefined) continue;
    if (!exportsFunction(source, ex.functionName)) problems.push(`${fileName}: does not export a function named ${ex.functionName}`);
    try {
      for (const d of typeCheckSource(source, ex.helpers, fileName)) problems.push(`${fileName}: ${d}`);
    } catch (e) {
      problems.push(`${fileName}: ${errorText(e)}`);
    }
  }

  // visible cases: deterministic, few, small (generated from the grader's seeds: exactly what learners get)
  const visible = casesOf(() => ex.visibleCases(createRng(visibleSeed(ex.id))), 'visibleCases', problems);
  if (visible) {
    const again = casesOf(() => ex.visibleCases(createRng(visibleSeed(ex.id))), 'visibleCases', problems);
    if (again && literal(again) !== literal(visible)) problems.push('visibleCases: the same seed gave different cases');
    if (visible.length < 1 || visible.length > VISIBLE_LIMITS.cases) {
      problems.push(`visibleCases: ${visible.length} cases, expected 1 to ${VISIBLE_LIMITS.cases}`);
    }
    problems.push(...caseListProblems(visible, 'visibleCases', ex));
    for (const c of visible) {
      const sizes: { path: string; size: number }[] = [];
      (c.args ?? []).forEach((a, i) => leafArraySizes(a, `args[${i}]`, sizes));
      for (const s of sizes) {
        if (s.size > VISIBLE_LIMITS.numbersPerArray) {
          problems.push(`visibleCases "${c.name}": ${s.path} holds ${s.size} values, more than ${VISIBLE_LIMITS.numbersPerArray} is too much to read`);
        }
      }
    }
  }

  // hidden cases: deterministic per seed, seed-dependent, within bounds
  for (const seed of MISCONCEPTION_SEEDS) {
    const cases = casesOf(() => ex.hiddenCases(createRng(hiddenSeed(ex.id, seed))), `hiddenCases(seed ${seed})`, problems);
    if (!cases) break;
    hidden.set(seed, cases);
    if (seed === MISCONCEPTION_SEEDS[0]) {
      const again = casesOf(() => ex.hiddenCases(createRng(hiddenSeed(ex.id, seed))), 'hiddenCases', problems);
      if (again && literal(again) !== literal(cases)) problems.push('hiddenCases: the same seed gave different cases');
      if (cases.length < HIDDEN_LIMITS.min || cases.length > HIDDEN_LIMITS.max) {
        problems.push(`hiddenCases: ${cases.length} cases, expected ${HIDDEN_LIMITS.min} to ${HIDDEN_LIMITS.max}`);
      }
    }
    const listProblems = caseListProblems(cases, `hiddenCases(seed ${seed})`, ex);
    if (listProblems.length > 0) {
      problems.push(...listProblems);
      break;
    }
  }
  if (hidden.size >= 2 && literal(hidden.get(1)) === literal(hidden.get(2))) {
    problems.push('hiddenCases: seeds 1 and 2 gave identical cases (hidden cases must depend on the learner seed)');
  }

  // the reference on every case: finite, no mutation
  const tol = toleranceOf(ex);
  const expected = new Map<CaseSpec, unknown>();
  for (const c of [...(visible ?? []), ...[...hidden.values()].flat()]) {
    const r = callOnCase(ex.reference, c);
    if (r.error !== undefined) problems.push(`reference throws on "${c.name}": ${r.error}`);
    else if (hasNonFinite(r.value)) problems.push(`reference gives NaN or Infinity on "${c.name}"`);
    else expected.set(c, r.value);
    if (r.mutated) problems.push(`reference mutates the arguments of "${c.name}"`);
  }

  // misconceptions: defined everywhere, and different from the reference on every seed's hidden cases
  for (const m of ex.misconceptions) {
    const blind: number[] = [];
    let threw: string | undefined;
    for (const [seed, cases] of hidden) {
      let differs = false;
      for (const c of cases) {
        const r = callOnCase(m.compute, c);
        if (r.error !== undefined) {
          threw ??= `"${c.name}" (seed ${seed}): ${r.error}`;
          continue;
        }
        if (r.mutated) threw ??= `"${c.name}" (seed ${seed}): mutates its arguments`;
        if (expected.has(c) && !allclose(r.value, expected.get(c), tol)) differs = true;
      }
      if (!differs) blind.push(seed);
    }
    if (threw) problems.push(`misconception ${m.id}: compute throws on ${threw}`);
    if (blind.length > 0) {
      problems.push(`misconception ${m.id}: equals the reference on every hidden case for seed${blind.length > 1 ? 's' : ''} ${blind.slice(0, 5).join(', ')}${blind.length > 5 ? ', ...' : ''}`);
    }
  }

  return { problems, visible, hidden, starter, solution };
}

// ---------------------------------------------------------------------------------------------
// Grading checks (the real grader, in its sandbox).

/** `grade` of grader/grade.ts (a parameter, so the static steps never load the sandbox). */
export type GradeFunction = (exercise: CatalogExercise, code: string, options: { seed: number }) => Promise<Verdict>;

function describeFailure(v: Verdict): string {
  if (v.compileError) return `compile error at ${v.compileError.line}:${v.compileError.column}: ${v.compileError.message}`;
  if (v.error) return `grader error: ${v.error}`;
  const failed = v.cases.filter((c) => !c.passed);
  return `${failed.length} of ${v.cases.length} cases failed (${failed
    .slice(0, 3)
    .map((c) => `"${c.name}": ${c.kind}${c.message ? `, ${c.message}` : ''}`)
    .join('; ')})`;
}

export async function checkExerciseGrading(ex: CatalogExercise, s: StaticResult, grade: GradeFunction): Promise<string[]> {
  const problems: string[] = [];
  if (s.starter !== undefined) {
    const v = await grade(ex, s.starter, { seed: SOLUTION_SEEDS[0] });
    if (v.status !== 'failed') problems.push(`starter.ts: graded "${v.status}", expected "failed"${v.status === 'passed' ? '' : `: ${describeFailure(v)}`}`);
  }
  if (s.solution !== undefined) {
    for (const seed of SOLUTION_SEEDS) {
      const v = await grade(ex, s.solution, { seed });
      if (v.status !== 'passed') {
        problems.push(`solution.ts: does not pass for seed ${seed}: ${describeFailure(v)}`);
        break;
      }
    }
  }
  if (s.visible) {
    for (const m of ex.misconceptions) {
      const named: number[] = [];
      for (const seed of DETECTION_SEEDS) {
        const cases = [...s.visible, ...(s.hidden.get(seed) ?? [])];
        const answers = cases.flatMap((c) => {
          try {
            return [{ args: c.args, output: m.compute(...structuredClone(c.args)) }];
          } catch {
            return [];
          }
        });
        const v = await grade(ex, misconceptionSubmission(ex.functionName, answers), { seed });
        if (v.cases.some((c) => c.misconception?.id === m.id)) named.push(seed);
        else if (v.status === 'compile_error' || v.status === 'error') problems.push(`misconception ${m.id}: submitting its outputs gave ${describeFailure(v)}`);
      }
      if (named.length < DETECTION_SEEDS.length) {
        const missed = DETECTION_SEEDS.filter((seed) => !named.includes(seed));
        problems.push(`misconception ${m.id}: the grader does not name it when its outputs are submitted (seed ${missed.join(', ')})`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The whole catalog.

export interface CheckOptions {
  /** Only these exercise ids (default: all). */
  ids?: readonly string[];
  /** The grader; undefined loads grader/grade.ts. Pass null to skip the grading steps. */
  grade?: GradeFunction | null;
  root?: string;
}

async function loadGrader(): Promise<GradeFunction | string> {
  try {
    const mod = (await import('../grader/grade.ts')) as { grade?: GradeFunction };
    return typeof mod.grade === 'function' ? mod.grade : 'grader/grade.ts exports no grade function';
  } catch (e) {
    return `grader/grade.ts could not be loaded (${errorText(e)})`;
  }
}

/** Loads the entries of exercises/index.ts; if a definition breaks the import, loads folders one by one to say which. */
async function loadEntries(folders: string[], root: string): Promise<{ entries: ExerciseEntry[]; problems: Map<string, string[]> }> {
  const problems = new Map<string, string[]>();
  try {
    const mod = await import('../exercises/index.ts');
    return { entries: [...mod.entries], problems };
  } catch (e) {
    const loaded: ExerciseEntry[] = [];
    for (const folder of folders) {
      try {
        const mod = await import(pathToFileURL(join(root, 'exercises', folder, 'exercise.ts')).href);
        loaded.push({ folder, definition: mod.default });
      } catch (err) {
        problems.set(folder, [`exercise.ts cannot be loaded: ${errorText(err)}`]);
      }
    }
    if (problems.size === 0) {
      for (const folder of folders) problems.set(folder, [`exercises/index.ts cannot be loaded: ${errorText(e)}`]);
    }
    return { entries: loaded, problems };
  }
}

export async function checkExercises(options: CheckOptions = {}): Promise<ExerciseReport[]> {
  const root = options.root ?? projectRoot();
  const onDisk = exerciseFoldersOnDisk(root);
  const { entries, problems: loadProblems } = await loadEntries(onDisk, root);
  const listed = new Map(entries.map((e) => [e.folder, e]));

  // one report per curriculum id, plus stray folders
  const ids = [...exerciseIds, ...onDisk.filter((f) => !exerciseIds.includes(f)).sort()];
  const wanted = options.ids && options.ids.length > 0 ? ids.filter((id) => options.ids!.includes(id)) : ids;
  for (const id of options.ids ?? []) if (!ids.includes(id)) wanted.push(id);

  let grade: GradeFunction | undefined;
  let graderProblem: string | undefined;
  if (options.grade === undefined) {
    const g = await loadGrader();
    if (typeof g === 'string') graderProblem = g;
    else grade = g;
  } else if (options.grade !== null) {
    grade = options.grade;
  }

  // curriculum order of index.ts
  const listedOrder = entries.map((e) => e.folder).filter((f) => exerciseIds.includes(f));
  const curriculumOrder = exerciseIds.filter((id) => listedOrder.includes(id));
  const orderProblem = listedOrder.join() !== curriculumOrder.join() ? 'exercises/index.ts does not list the exercises in curriculum order' : undefined;

  const reports: ExerciseReport[] = [];
  for (const id of wanted) {
    const problems: string[] = [...(loadProblems.get(id) ?? [])];
    const entry = listed.get(id);
    if (!exerciseIds.includes(id)) problems.push(`exercises/${id}/ is not a curriculum id (engine/registry.ts)`);
    else if (!onDisk.includes(id)) problems.push(`exercises/${id}/exercise.ts is missing`);
    else if (!entry && loadProblems.size === 0) problems.push('not listed in exercises/index.ts');
    if (entry && orderProblem && id === listedOrder[0]) problems.push(orderProblem);

    if (entry) {
      const found = definitionProblems(entry.definition, entry.folder);
      if (found.length > 0) problems.push(...found);
      else {
        const [ex] = buildCatalog([entry]);
        const s = await checkExerciseStatic(ex, root);
        problems.push(...s.problems);
        if (graderProblem) problems.push(graderProblem);
        else if (grade) {
          try {
            problems.push(...(await checkExerciseGrading(ex, s, grade)));
          } catch (e) {
            problems.push(`grading: ${errorText(e)}`);
          }
        }
      }
    }
    reports.push({ id, ok: problems.length === 0, problems });
  }
  return reports;
}

// ---------------------------------------------------------------------------------------------

/** `--dir <folder>`: the exercise and question folders at or under it, checked by the authored rules (no database). */
async function checkFolders(dir: string, grading: boolean): Promise<ExerciseReport[]> {
  const { findExerciseFolders, folderId, readExerciseFolder } = await import('../grader/content/folder.ts');
  const { checkAuthoredFiles, formatProblem } = await import('../grader/content/check.ts');
  const { checkAuthoredQuestion } = await import('../grader/content/question-check.ts');
  const { SandboxPool } = await import('../grader/pool.ts');
  const folders = findExerciseFolders(dir);
  if (folders.length === 0) throw new UsageError(`no exercise or question folder (a folder with exercise.ts or question.ts) at or under ${dir}`);
  const pool = new SandboxPool({ size: 1 });
  try {
    const reports: ExerciseReport[] = [];
    for (const folder of folders) {
      const files = readExerciseFolder(folder);
      const r = typeof files['question.ts'] === 'string' ? await checkAuthoredQuestion(files, { pool, expectedId: folderId(folder) }) : await checkAuthoredFiles(files, { pool, expectedId: folderId(folder), grading });
      reports.push({ id: folderId(folder), ok: r.ok, problems: r.problems.map(formatProblem) });
    }
    return reports;
  } finally {
    await pool.close();
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const dirAt = argv.indexOf('--dir');
  const dir = dirAt >= 0 ? argv[dirAt + 1] : undefined;
  if (dirAt >= 0 && (!dir || dir.startsWith('--'))) {
    process.stderr.write('usage: npm run -s exercises:check -- [--json] [--static] [--dir <folder>] [ids...]\n');
    return 2;
  }
  const ids = argv.filter((a, i) => !a.startsWith("--") && !(dirAt >= 0 && i === dirAt + 1));
  const started = Date.now();
  // ids name exercises or questions (questions: exercises/questions.ts, checked by scripts/questions-check.ts)
  const { checkQuestions } = await import('./questions-check.ts');
  const { questionEntries } = await import('../exercises/questions.ts');
  const questionIds = new Set(questionEntries.map((e) => e.folder));
  const askedQuestions = ids.filter((id) => questionIds.has(id));
  const askedExercises = ids.filter((id) => !questionIds.has(id));
  // --static: skip the sandbox steps (a quick pass while writing an exercise; not a full check)
  let reports: ExerciseReport[];
  let questionReports: ExerciseReport[] = [];
  try {
    if (dir !== undefined) reports = await checkFolders(dir, !argv.includes('--static'));
    else {
      reports = ids.length > 0 && askedExercises.length === 0 ? [] : await checkExercises({ ids: askedExercises, grade: argv.includes('--static') ? null : undefined });
      questionReports = ids.length > 0 && askedQuestions.length === 0 ? [] : checkQuestions({ ids: askedQuestions });
    }
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof Error && e.message.startsWith('no such folder'))) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const exerciseCount = reports.length;
  reports = [...reports, ...questionReports];
  const bad = reports.filter((r) => !r.ok);
  if (json) {
    for (const r of reports) process.stdout.write(`${JSON.stringify(r)}\n`);
  } else {
    for (const r of reports) {
      process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.id}\n`);
      for (const p of r.problems) process.stdout.write(`       - ${p}\n`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const what = questionReports.length === 0 ? `${reports.length} exercises` : exerciseCount === 0 ? `${reports.length} questions` : `${reports.length} exercises and questions (${exerciseCount} + ${questionReports.length})`;
    process.stdout.write(
      bad.length === 0
        ? `\nall ${what} ok (${seconds} s)\n`
        : `\n${bad.length} of ${what} have problems (${seconds} s)\n`,
    );
  }
  return bad.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`exercises:check crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(2);
    },
  );
}
