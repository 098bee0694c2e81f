// Loads Monaco from the project's own dependencies and sets up TypeScript for exercises.
// Without `loader.config({ monaco })` @monaco-editor/react would fetch Monaco from a CDN; without
// MonacoEnvironment.getWorker the language workers would have no script to run.
import { loader } from '@monaco-editor/react';
import type * as MonacoApi from 'monaco-editor';

export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | null = null;

/** Loads Monaco once per page; every caller gets the same instance. Browser only. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    // monaco-editor's types declare this global: Monaco reads it to create its web workers
    globalThis.MonacoEnvironment = {
      getWorker(_workerId: string, label: string) {
        // new URL(..., import.meta.url) is the pattern the bundler follows to emit each worker as its own chunk
        if (label === 'typescript' || label === 'javascript') {
          return new Worker(new URL('./ts.worker.ts', import.meta.url), { type: 'module', name: 'typescript' });
        }
        return new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module', name: label });
      },
      // window.monaco: the e2e test reads the learner's markers through it
      globalAPI: true,
    };
    const monaco = await import('monaco-editor');
    loader.config({ monaco });
    await loader.init();
    return monaco;
  })();
  return loading;
}

/** The sandbox has console.log (its output comes back with Run); the editor should know it too. */
const CONSOLE_DECL = `interface Console {
  log(...data: any[]): void; info(...data: any[]): void; warn(...data: any[]): void; error(...data: any[]): void;
  debug(...data: any[]): void; table(tabularData?: any, properties?: string[]): void;
}
declare var console: Console;
`;

let extraLibs: MonacoApi.IDisposable[] = [];

/** The learner pages' options; the studio uses the same (test/exercises/sdk-declarations.test.ts mirrors them). */
function strictCompilerOptions(monaco: Monaco): MonacoApi.typescript.CompilerOptions {
  const ts = monaco.typescript;
  return {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    lib: ['es2022'],
    strict: true,
    noImplicitAny: true,
    strictNullChecks: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    allowNonTsExtensions: true,
    isolatedModules: true,
    noEmit: true,
  };
}

/**
 * Strict TypeScript over ES2022 without the DOM (the sandbox has no window or fetch), with the
 * exercise's declarations as an ambient library: completion and type errors for Matrix, the
 * weights types and the helpers the exercise grants.
 */
export function configureTypeScript(monaco: Monaco, declarations: string): void {
  const defaults = monaco.typescript.typescriptDefaults;
  defaults.setCompilerOptions(strictCompilerOptions(monaco));
  defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  defaults.setEagerModelSync(true);
  for (const d of extraLibs) d.dispose();
  extraLibs = [defaults.addExtraLib(declarations, 'file:///exercise/globals.d.ts')];
  if (!/\bconsole\b/.test(declarations)) extraLibs.push(defaults.addExtraLib(CONSOLE_DECL, 'file:///exercise/console.d.ts'));
}

/**
 * The studio: one worker types every file of an exercise folder. exercise.ts and figures.ts import
 * the `attention-lab` module (`sdk`, an ambient `declare module`, exercises/sdk-declarations.ts);
 * starter.ts and solution.ts see the learner globals (`learner`, exercises/declarations.ts). Extra
 * libs are global to every model, so each kind of file also sees the other's: harmless, because the
 * module declaration adds no global names, and a name exercise.ts imports shadows the learner global
 * of the same name. The one leak: exercise.ts using a granted helper (matmul...) without importing
 * it gets no error here (the name does not exist when the Check runs exercise.ts).
 */
export function configureStudioTypeScript(monaco: Monaco, declarations: { sdk: string; learner: string }): void {
  const defaults = monaco.typescript.typescriptDefaults;
  defaults.setCompilerOptions(strictCompilerOptions(monaco));
  defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  defaults.setEagerModelSync(true);
  for (const d of extraLibs) d.dispose();
  extraLibs = [
    defaults.addExtraLib(declarations.sdk, 'file:///studio-types/attention-lab.d.ts'),
    defaults.addExtraLib(declarations.learner, 'file:///studio-types/learner-globals.d.ts'),
  ];
}
