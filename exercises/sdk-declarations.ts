// The `attention-lab` module as TypeScript declarations for the studio's editor: one ambient text,
// `declare module 'attention-lab' { ... }`, that Monaco takes as an extra lib so exercise.ts and
// figures.ts get completion, hover and type errors against the module the grader really bundles.
//
// Built from exercises/sdk.ts itself (never written by hand, so it cannot drift): the compiler
// emits a .d.ts per file of the module, and the files are merged into the one block. The merge
// relies on what sdk.ts's `export *` already guarantees (no two files export the same name) and
// checks the rest: a file-private name that two files both need, a renamed or namespace import,
// or any other form it cannot flatten throws, so test/exercises/sdk-declarations.test.ts fails
// rather than the editor silently typing something else.
// Server only (it reads the source files); the text is built once per process.
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { helperDeclarations } from '../engine/helpers.ts';
import { buildDeclarations } from './declarations.ts';
import { projectRoot } from './files.ts';

export const SDK_MODULE = 'attention-lab';
// From the project root, not import.meta.url: inside the Next server bundle this module is moved,
// the source files it compiles are not (lib/native-import.ts).
const sdkEntry = () => join(projectRoot(), 'exercises', 'sdk.ts');

const emitOptions: ts.CompilerOptions = {
  declaration: true,
  emitDeclarationOnly: true,
  allowImportingTsExtensions: true,
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  strict: true,
  skipLibCheck: true,
  types: [],
};

/** What sdk.ts takes from one file: every export, some named ones, or (a dependency) none. */
type Selection = { all: true } | { all: false; names: Set<string> };

interface Emitted {
  /** The file's .d.ts, parsed. */
  dts: ts.SourceFile;
  /** Absolute path of a relative module specifier of this file. */
  resolve: (specifier: string) => string;
}

/** The .d.ts of every file reachable from sdk.ts, by source path. */
function emitAll(entry: string): Map<string, Emitted> {
  const program = ts.createProgram([entry], emitOptions);
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0) throw new Error(`exercises/sdk.ts does not compile: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
  const texts = new Map<string, string>();
  program.emit(undefined, (fileName, text) => texts.set(fileName.replace(/\.d\.ts$/, '.ts'), text));
  const out = new Map<string, Emitted>();
  for (const [source, text] of texts) {
    out.set(source, {
      dts: ts.createSourceFile(source.replace(/\.ts$/, '.d.ts'), text, ts.ScriptTarget.ES2023, true),
      resolve: (spec) => {
        if (!spec.startsWith('.')) throw new Error(`${source}: import of '${spec}' (the module may only use its own files)`);
        return resolve(dirname(source), spec);
      },
    });
  }
  return out;
}

const keyword = (n: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === kind);

/** Names a top-level declaration statement declares. */
function declaredNames(s: ts.Statement): string[] {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && s.name) {
    return [s.name.text];
  }
  return [];
}

/** One top-level declaration of an emitted file, ready for the ambient block. */
interface Declaration {
  file: string;
  names: string[];
  /** Re-exported by sdk.ts (else module-private: kept only while something kept refers to it). */
  exported: boolean;
  text: string;
  /** Every identifier it mentions (a superset of the names it refers to: enough to keep what is needed). */
  mentions: Set<string>;
}

function mentions(node: ts.Node, into = new Set<string>()): Set<string> {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (c) => void mentions(c, into));
  return into;
}

/**
 * One file's declarations as statements of the ambient block: without `declare` (an error in an
 * already ambient context), with `export` only on the names sdk.ts re-exports, imports dropped
 * (their names are declared once in the same block; renames are refused).
 */
function declarations(file: string, e: Emitted, selection: Selection, needs: (file: string) => void): Declaration[] {
  const sf = e.dts;
  const out: Declaration[] = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const bindings = s.importClause?.namedBindings;
      if (s.importClause?.name || (bindings && !ts.isNamedImports(bindings))) throw new Error(`${file}: only named imports can be flattened`);
      for (const el of bindings?.elements ?? []) {
        if (el.propertyName) throw new Error(`${file}: renamed import ${el.propertyName.text} as ${el.name.text} cannot be flattened`);
      }
      needs(e.resolve((s.moduleSpecifier as ts.StringLiteral).text));
      continue;
    }
    if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause) && s.exportClause.elements.length === 0) continue; // `export {};`
    if (ts.isExportDeclaration(s) || ts.isExportAssignment(s)) throw new Error(`${file}: ${s.getText(sf)} cannot be flattened (export the declaration itself)`);
    const names = declaredNames(s);
    if (names.length === 0) throw new Error(`${file}: unexpected statement ${s.getText(sf).slice(0, 80)}`);
    const exported = keyword(s, ts.SyntaxKind.ExportKeyword) && (selection.all || names.every((n) => selection.names.has(n)));
    const drop = (ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : []).filter(
      (m) => m.kind === ts.SyntaxKind.DeclareKeyword || (m.kind === ts.SyntaxKind.ExportKeyword && !exported),
    );
    let text = s.getFullText(sf).replace(/^\n+/, '');
    const offset = s.getFullText(sf).length - text.length + s.pos;
    for (const m of [...drop].reverse()) {
      text = text.slice(0, m.getStart(sf) - offset) + text.slice(m.end - offset).replace(/^\s+/, '');
    }
    out.push({ file, names, exported, text: text.replace(/\s*$/, '\n'), mentions: mentions(s) });
  }
  return out;
}

/** The declaration text of the `attention-lab` module (see the top of this file). */
export function buildSdkDeclarations(): string {
  const entry = sdkEntry();
  const emitted = emitAll(entry);
  const sdk = emitted.get(entry);
  if (!sdk) throw new Error('exercises/sdk.ts emitted no declarations');
  const root = dirname(dirname(entry));
  const rel = (f: string) => f.slice(root.length + 1);
  const selections = new Map<string, Selection>();
  const namespaces: { name: string; file: string }[] = [];
  const select = (file: string, names: string[] | 'all') => {
    const prev = selections.get(file);
    if (names === 'all' || prev?.all) selections.set(file, { all: true });
    else selections.set(file, { all: false, names: new Set([...(prev?.names ?? []), ...names]) });
  };
  for (const s of sdk.dts.statements) {
    if (!ts.isExportDeclaration(s) || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier)) throw new Error(`exercises/sdk.ts: only re-exports are expected, found ${s.getText(sdk.dts)}`);
    const file = sdk.resolve(s.moduleSpecifier.text);
    if (!s.exportClause) select(file, 'all');
    else if (ts.isNamespaceExport(s.exportClause)) {
      namespaces.push({ name: s.exportClause.name.text, file });
      select(file, []);
    } else {
      for (const el of s.exportClause.elements) if (el.propertyName) throw new Error(`exercises/sdk.ts: renamed export ${el.propertyName.text} cannot be flattened`);
      select(file, s.exportClause.elements.map((el) => el.name.text));
    }
  }

  // Every file once, in sdk.ts's order; a file's imports pull in its dependencies (exporting nothing more).
  const all: Declaration[] = [];
  const queue = [...selections.keys()];
  const needs = (file: string) => {
    if (!selections.has(file)) select(file, []);
    if (!queue.includes(file)) queue.push(file);
  };
  for (let i = 0; i < queue.length; i++) {
    const e = emitted.get(queue[i]);
    if (!e) throw new Error(`no declarations emitted for ${rel(queue[i])}`);
    all.push(...declarations(rel(queue[i]), e, selections.get(queue[i])!, needs));
  }
  // `export * as generate`: the file again, inside a namespace (its own scope, so no clashes).
  const spaces = namespaces.map((ns) => {
    const members = declarations(rel(ns.file), emitted.get(ns.file)!, { all: true }, () => {});
    return {
      text: `// ${rel(ns.file)}, as the namespace ${ns.name}\nexport namespace ${ns.name} {\n${members.map((d) => d.text).join('')}}\n`,
      mentions: new Set(members.flatMap((d) => [...d.mentions])),
    };
  });

  // What is exported, then (to a fixed point) the private declarations that something kept mentions:
  // sdk.ts takes only the types of figures.ts, not its renderer, and none of exercises/types.ts's MODULES.
  const kept = new Set(all.filter((d) => d.exported));
  const mentioned = (n: string) => spaces.some((s) => s.mentions.has(n)) || [...kept].some((d) => d.mentions.has(n));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of all) {
      if (!kept.has(d) && d.names.some(mentioned)) {
        kept.add(d);
        grew = true;
      }
    }
  }
  const owner = new Map<string, string>();
  for (const d of all.filter((x) => kept.has(x))) {
    for (const n of d.names) {
      const first = owner.get(n);
      if (first !== undefined && first !== d.file) throw new Error(`${n} is declared by both ${first} and ${d.file}: the flattened module needs one name per declaration`);
      owner.set(n, d.file);
    }
  }
  const body: string[] = [];
  let file = '';
  for (const d of all.filter((x) => kept.has(x))) {
    if (d.file !== file) body.push(`// ${(file = d.file)}\n`);
    body.push(d.text);
  }
  return [
    `// The ${SDK_MODULE} module: what exercise.ts and figures.ts may import (generated from exercises/sdk.ts).\n`,
    `declare module '${SDK_MODULE}' {\n`,
    ...body,
    ...spaces.map((s) => s.text),
    // an explicit export list makes the block's undecorated declarations module-private
    'export {};\n',
    '}\n',
  ].join('');
}

let cached: string | null = null;

/** buildSdkDeclarations(), once per process (the module's source does not change while it runs). */
export function sdkDeclarations(): string {
  cached ??= buildSdkDeclarations();
  return cached;
}

/**
 * The helpers an exercise.ts grants, read from its text without running it: the string literals of
 * `helpers: [...]` in `defineExercise({...})`. Names the engine does not have are left out (the
 * Check reports them); anything not written as a literal array reads as none.
 */
export function writtenHelpers(exerciseSource: string): string[] {
  const sf = ts.createSourceFile('exercise.ts', exerciseSource, ts.ScriptTarget.ES2023, true);
  let found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'defineExercise' && n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0])) {
      for (const p of n.arguments[0].properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'helpers' && ts.isArrayLiteralExpression(p.initializer)) {
          found = p.initializer.elements.flatMap((e) => (ts.isStringLiteralLike(e) && Object.hasOwn(helperDeclarations, e.text) ? [e.text] : []));
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return [...new Set(found)];
}

/**
 * What the studio's editor types a folder's files with: `sdk` for exercise.ts and figures.ts, `learner`
 * (the globals of the helpers exercise.ts grants, as the page loads) for starter.ts and solution.ts.
 */
export function studioDeclarations(files: Record<string, string>): { sdk: string; learner: string } {
  let sdk: string;
  try {
    sdk = sdkDeclarations();
  } catch (e) {
    // The editor's types are a convenience, the studio page must still open: a shorthand module
    // types every import as any (no false errors), and the Check still runs the real module.
    console.error('attention-lab declarations:', e);
    sdk = `declare module '${SDK_MODULE}';\n`;
  }
  return { sdk, learner: buildDeclarations(writtenHelpers(files['exercise.ts'] ?? '')) };
}
