// Checks of an exercise's learner files that need the TypeScript compiler: the starter and the
// solution type-check against the editor's declarations, and export the function to write. Shared by
// `npm run exercises:check` (built-in folders) and the authored-exercise check (grader/content).
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { buildDeclarations, LEARNER_COMPILER_OPTIONS } from './declarations.ts';

const libCache = new Map<string, ts.SourceFile | undefined>();
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: LEARNER_COMPILER_OPTIONS.lib.map((l) => `lib.${l}.d.ts`),
  strict: LEARNER_COMPILER_OPTIONS.strict,
  noEmit: true,
  types: [],
  skipLibCheck: true,
};

/** Diagnostics of `source` (named `fileName`) compiled with the exercise's declarations; [] when clean. */
export function typeCheckSource(source: string, helpers: readonly string[], fileName = 'solution.ts'): string[] {
  const declarations = buildDeclarations(helpers);
  const files = new Map([
    [`/learner/${fileName}`, source],
    ['/learner/globals.d.ts', declarations],
  ]);
  const libDir = dirname(ts.getDefaultLibFilePath(compilerOptions));
  const host: ts.CompilerHost = {
    getSourceFile: (name, languageVersion) => {
      const text = files.get(name);
      if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
      if (!libCache.has(name)) {
        const libText = ts.sys.readFile(name);
        libCache.set(name, libText === undefined ? undefined : ts.createSourceFile(name, libText, languageVersion, true));
      }
      return libCache.get(name);
    },
    getDefaultLibFileName: () => join(libDir, 'lib.d.ts'),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {},
    getCurrentDirectory: () => '/learner',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => files.has(f) || ts.sys.fileExists(f),
    readFile: (f) => files.get(f) ?? ts.sys.readFile(f),
    directoryExists: (d) => d === '/learner' || ts.sys.directoryExists(d),
    getDirectories: () => [],
  };
  const program = ts.createProgram([`/learner/${fileName}`, '/learner/globals.d.ts'], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace('/learner/', '')}:${line + 1}:${character + 1}: error TS${d.code}: ${message}`;
  });
}

/** Whether `source` exports a function (declaration or const) named `name`. */
export function exportsFunction(source: string, name: string): boolean {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2023, true);
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return file.statements.some((s) => {
    if (ts.isFunctionDeclaration(s)) return exported(s) && s.name?.text === name;
    if (ts.isVariableStatement(s)) return exported(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      return s.exportClause.elements.some((e) => e.name.text === name);
    }
    return false;
  });
}
