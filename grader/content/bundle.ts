// An exercise folder's TypeScript, bundled by esbuild into one script for the content isolate.
// Bundling only parses and transforms: none of the author's code runs on the host here.
//
// The import rule of an exercise folder: `attention-lab` (bound to the SDK inside the isolate) and
// the folder's own .ts files, nothing else. `node:fs`, npm packages and paths out of the folder are
// refused with the file and line of the import.
import { fileURLToPath } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';

/** An exercise or question folder in memory: file name -> text (exercise.ts, prompt.md, starter.ts, solution.ts, figures.ts; question.ts, prompt.md, solution.md). */
export type ExerciseFiles = Record<string, string>;

export interface FileProblem {
  file: string;
  line?: number; // 1-based
  column?: number; // 1-based
  message: string;
}

export const SDK_MODULE = 'attention-lab';
export const SDK_ENTRY = fileURLToPath(new URL('../../exercises/sdk.ts', import.meta.url));

export type BundleResult = { ok: true; code: string } | { ok: false; problems: FileProblem[] };

const ENTRY = '/__entry__.ts';

/** The folder's exercise.ts (and figures.ts) as a script whose value is `function (sdk) -> { definition, figures }`. */
export function bundleExercise(files: ExerciseFiles): Promise<BundleResult> {
  const hasFigures = typeof files['figures.ts'] === 'string';
  const entry = hasFigures
    ? `import definition from './exercise.ts';\nimport * as f from './figures.ts';\nexport { definition };\nexport const figures = (f as { figures?: unknown }).figures;\n`
    : `import definition from './exercise.ts';\nexport { definition };\nexport const figures = undefined;\n`;
  return bundleFolder(files, 'exercise.ts', entry);
}

/** A question folder's question.ts, the same way: `function (sdk) -> { definition, figures: undefined }`. */
export function bundleQuestion(files: ExerciseFiles): Promise<BundleResult> {
  return bundleFolder(files, 'question.ts', `import definition from './question.ts';\nexport { definition };\nexport const figures = undefined;\n`);
}

async function bundleFolder(files: ExerciseFiles, main: string, entry: string): Promise<BundleResult> {
  if (typeof files[main] !== 'string') return { ok: false, problems: [{ file: main, message: `${main} is missing` }] };
  try {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'iife',
      globalName: '__exerciseModule',
      platform: 'neutral',
      target: 'es2023',
      write: false,
      logLevel: 'silent',
      plugins: [folderPlugin(files, entry)],
    });
    const code = `(function (__attentionLabSdk) {\n${result.outputFiles[0].text}\nreturn __exerciseModule;\n})`;
    return { ok: true, code };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors?.length) return { ok: false, problems: [{ file: main, message: err instanceof Error ? err.message : String(err) }] };
    return { ok: false, problems: errors.map((m) => toProblem(m, main)) };
  }
}

function toProblem(m: Message, main: string): FileProblem {
  const file = m.location?.file ? m.location.file.replace(/^[a-z-]+:\/?/, '') : main;
  return {
    file: file === ENTRY.slice(1) ? main : file,
    ...(m.location ? { line: m.location.line, column: m.location.column + 1 } : {}),
    message: m.text,
  };
}

function folderPlugin(files: ExerciseFiles, entry: string): Plugin {
  return {
    name: 'exercise-folder',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: ENTRY, namespace: 'exercise' };
        const spec = args.path;
        if (spec === SDK_MODULE) return { path: SDK_MODULE, namespace: 'sdk' };
        if (spec.startsWith('./')) {
          const name = spec.slice(2);
          const candidates = name.endsWith('.ts') ? [name] : [`${name}.ts`, name];
          const found = candidates.find((c) => !c.includes('/') && c.endsWith('.ts') && typeof files[c] === 'string');
          if (found) return { path: `/${found}`, namespace: 'exercise' };
          return { errors: [{ text: `"${spec}" is not a .ts file of this exercise folder` }] };
        }
        if (spec.startsWith('../') || spec.startsWith('/') || spec === '..' || spec === '.') {
          return { errors: [{ text: `"${spec}" is outside the exercise folder: an exercise imports only from "${SDK_MODULE}" and its own files` }] };
        }
        return { errors: [{ text: `"${spec}" cannot be imported: an exercise imports only from "${SDK_MODULE}" and its own files` }] };
      });
      b.onLoad({ filter: /.*/, namespace: 'exercise' }, (args) => {
        if (args.path === ENTRY) return { contents: entry, loader: 'ts', resolveDir: '/' };
        return { contents: files[args.path.slice(1)], loader: 'ts', resolveDir: '/' };
      });
      // the SDK is not bundled again: it is the isolate's own copy, passed to the bundle's function
      b.onLoad({ filter: /.*/, namespace: 'sdk' }, () => ({ contents: 'module.exports = __attentionLabSdk;', loader: 'js' }));
    },
  };
}

let sdkBundle: Promise<string> | undefined;

/** exercises/sdk.ts as an IIFE assigning `__attentionLabSdk`, built once per process. */
export function bundleSdk(): Promise<string> {
  sdkBundle ??= build({
    entryPoints: [SDK_ENTRY],
    bundle: true,
    format: 'iife',
    globalName: '__attentionLabSdk',
    platform: 'neutral',
    target: 'es2023',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return sdkBundle;
}
