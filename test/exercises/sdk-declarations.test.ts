// The studio editor's `attention-lab` declarations, compiled the way Monaco's TypeScript worker does
// (the same TypeScript 5.9, the studio's compiler options, every extra lib global to every file):
// a real exercise type-checks cleanly, mistakes are errors, and the learner globals sharing the
// worker change neither side's verdict.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildDeclarations } from '../../exercises/declarations.ts';
import { buildSdkDeclarations, sdkDeclarations, SDK_MODULE, studioDeclarations, writtenHelpers } from '../../exercises/sdk-declarations.ts';
import { blankTemplate } from '../../lib/authoring/templates.ts';

const example = (f: string) => readFileSync(new URL(`../../docs/examples/transformer-extras/rms-norm/${f}`, import.meta.url), 'utf8');

// components/workbench/monaco.ts strictCompilerOptions: moduleResolution is left to its default
// (Classic for ESNext), so 'attention-lab' can only come from the ambient declaration.
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noImplicitAny: true,
  strictNullChecks: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  noEmit: true,
  types: [],
};
const libDir = dirname(ts.getDefaultLibFilePath(options));
const libs = new Map<string, ts.SourceFile>();

/** Diagnostics of the given in-memory files (paths under /studio/) as `file:line: message`. */
function check(files: Record<string, string>): string[] {
  const texts = new Map(Object.entries(files).map(([name, text]) => [`/studio/${name}`, text]));
  const host: ts.CompilerHost = {
    getSourceFile: (name, version) => {
      const text = texts.get(name);
      if (text !== undefined) return ts.createSourceFile(name, text, version, true);
      if (!name.startsWith(libDir)) return undefined;
      if (!libs.has(name)) libs.set(name, ts.createSourceFile(name, ts.sys.readFile(name) ?? '', version, true));
      return libs.get(name);
    },
    getDefaultLibFileName: () => join(libDir, 'lib.d.ts'),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {},
    getCurrentDirectory: () => '/studio',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    // nothing on disk: a file lookup for 'attention-lab' must fail, as it does in the browser
    fileExists: (f) => texts.has(f) || (f.startsWith(libDir) && ts.sys.fileExists(f)),
    readFile: (f) => texts.get(f) ?? (f.startsWith(libDir) ? ts.sys.readFile(f) : undefined),
    directoryExists: (d) => d === '/studio',
    getDirectories: () => [],
  };
  const program = ts.createProgram([...texts.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return message;
    return `${d.file.fileName.replace('/studio/', '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}`;
  });
}

const sdk = sdkDeclarations();
const withSdk = (exercise: string, extra: Record<string, string> = {}) => check({ 'attention-lab.d.ts': sdk, 'exercise.ts': exercise, ...extra });

describe('the attention-lab declarations', () => {
  it('are one self-contained ambient module, built once per process', () => {
    expect(sdk.startsWith('// ')).toBe(true);
    expect(sdk).toContain(`declare module '${SDK_MODULE}' {`);
    expect(sdk).not.toMatch(/from\s+['"]\./);
    expect(sdk).not.toMatch(/import\(/);
    expect(sdkDeclarations()).toBe(sdk);
    expect(buildSdkDeclarations()).toBe(sdk);
    expect(check({ 'attention-lab.d.ts': sdk })).toEqual([]);
  });

  it('type-check the RMSNorm example with zero errors', () => {
    expect(withSdk(example('exercise.ts'))).toEqual([]);
  });

  it('type-check the blank template and the figures.ts the studio adds', () => {
    const blank = blankTemplate('my-course/blank', "Someone's norm");
    expect(withSdk(blank['exercise.ts'])).toEqual([]);
    const figures = "import type { Figure } from 'attention-lab';\n\nexport const figures: Record<string, () => Figure> = {};\n";
    expect(check({ 'attention-lab.d.ts': sdk, 'figures.ts': figures })).toEqual([]);
  });

  it('give engine options, generators, the generate namespace and figures their real types', () => {
    const source = `import { causalMask, createRng, generate, layerNorm, matrix, softmax, type Figure, type HeatmapFigure, type Rng } from 'attention-lab';
const rng: Rng = createRng(1);
const x = matrix(rng, 2, 3);
const a: number[][] = softmax(x, { stable: false });
const b = layerNorm(x, [1, 1, 1], [0, 0, 0], 1e-5, { variance: 'unbiased' });
const m: boolean[][] = causalMask(3);
const v: number[] = generate.vector(rng, 3);
const f: Figure = { kind: 'heatmap', title: 't', matrix: a, rowLabel: 'i', colLabel: 'j' };
const h: HeatmapFigure = f;
export const all = [b, m, v, h];
`;
    expect(withSdk(source)).toEqual([]);
  });

  it('report a wrong type', () => {
    const wrong = example('exercise.ts').replace('points: 10,', "points: 'ten',");
    expect(wrong).not.toBe(example('exercise.ts'));
    const errors = withSdk(wrong);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^exercise\.ts:\d+: Type 'string' is not assignable to type 'number'/);
    expect(withSdk("import { layerNorm } from 'attention-lab';\nexport const y = layerNorm([[1]], [1], [0], 1e-5, { variance: 'sample' });\n")).toEqual([
      expect.stringMatching(/^exercise\.ts:2: .*'"sample"' is not assignable/),
    ]);
  });

  it('report an unknown import name, and keep the module-private names private', () => {
    const errors = withSdk("import { defineExercise, softmaxx } from 'attention-lab';\nexport default defineExercise;\n");
    expect(errors).toEqual([expect.stringMatching(/^exercise\.ts:1: '"attention-lab"' has no exported member named 'softmaxx'\. Did you mean 'softmax'\?/)]);
    // CaseFunction is needed by ExerciseDefinition but sdk.ts does not export it; renderFigureSvg is the app's
    for (const name of ['CaseFunction', 'renderFigureSvg', 'MODULES']) {
      expect(withSdk(`import { ${name} } from 'attention-lab';\nexport const x = ${name};\n`)[0], name).toMatch(/has no exported member|is not exported/);
    }
  });

  it('share the worker with the learner globals without changing either verdict', () => {
    const files = {
      'attention-lab.d.ts': sdk,
      'learner-globals.d.ts': buildDeclarations(['matmul', 'softmax']),
      'exercise.ts': example('exercise.ts'),
      'starter.ts': example('starter.ts'),
      'solution.ts': example('solution.ts'),
    };
    expect(check(files)).toEqual([]);
    // a learner mistake is still one error in the learner's file only
    expect(check({ ...files, 'solution.ts': example('solution.ts').replace('return row.map', 'return row.length; row.map') })).toEqual([
      expect.stringMatching(/^solution\.ts:2: Type 'number\[\]' is not assignable to type 'Matrix'/),
    ]);
    // and an exercise mistake one error in exercise.ts
    expect(check({ ...files, 'exercise.ts': example('exercise.ts').replace('points: 10,', "points: 'ten',") })).toHaveLength(1);
  });
});

describe('the studio declarations', () => {
  it('read the granted helpers from exercise.ts without running it', () => {
    const granted = example('exercise.ts').replace("points: 10,", "points: 10,\n  helpers: ['matmul', 'notAHelper', \"softmax\", 'matmul'],");
    expect(writtenHelpers(granted)).toEqual(['matmul', 'softmax']);
    expect(writtenHelpers(example('exercise.ts'))).toEqual([]);
    expect(writtenHelpers('export default defineExercise({ helpers: HELPERS });')).toEqual([]);
    expect(writtenHelpers('not even typescript (')).toEqual([]);
    const d = studioDeclarations({ 'exercise.ts': granted });
    expect(d.sdk).toBe(sdk);
    expect(d.learner).toBe(buildDeclarations(['matmul', 'softmax']));
    expect(studioDeclarations({}).learner).toBe(buildDeclarations([]));
  });
});
