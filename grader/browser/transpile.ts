// TypeScript -> the same CommonJS-style function body the server's esbuild makes (grader/transpile.ts),
// with sucrase, which runs anywhere (the browser's Run has no esbuild). Sucrase keeps every line
// where it was and gives a token-level source map, so positions map back as on the server; its
// compile errors carry the same 1-based line and column as esbuild's (test/grader/browser/transpile.test.ts).
//
// Where sucrase's ESM -> CommonJS transform differs from esbuild:
// - `export const a = 1, b = 2` and `export const { a, b } = o` come out wrong (only the first name,
//   or no local binding): such a declaration loses its `export` keyword (blanked, so columns stay)
//   and its names are exported by an `export { ... }` appended on a line of its own;
// - TypeScript namespaces are dropped, not compiled: the code is answered `unsupported`, and the
//   page runs it on the server instead;
// - top-level await passes its parser: it is refused here with esbuild's message.
import { parse, type SucraseToken } from 'sucrase/dist/parser/index.js';
import { IdentifierRole } from 'sucrase/dist/parser/tokenizer/index.js';
import { ContextualKeyword } from 'sucrase/dist/parser/tokenizer/keywords.js';
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';
import { transform } from 'sucrase/dist/index.js';
import { MAX_SOURCE_CHARS, TOP_LEVEL_AWAIT_MESSAGE, tooLong, type TranspileResult } from '../source-map.ts';

/** Code the browser cannot run as the server would; the reason is for logs and tests. */
export type BrowserTranspileResult = TranspileResult | { ok: false; unsupported: string };

const OPEN = new Set([TokenType.parenL, TokenType.bracketL, TokenType.braceL, TokenType.braceBarL, TokenType.dollarBraceL]);
const CLOSE = new Set([TokenType.parenR, TokenType.bracketR, TokenType.braceR, TokenType.braceBarR]);
const DECLARATION = new Set([TokenType._const, TokenType._let, TokenType._var]);
const DECLARED = new Set([IdentifierRole.TopLevelDeclaration, IdentifierRole.ObjectShorthandTopLevelDeclaration]);

/** Words without which none of the checks below can apply: most learner code skips the extra parse. */
const MAY_NEED_CHECKS = /\b(?:await|namespace|module|export\s+(?:const|let|var))\b/;

export function transpileInBrowser(source: string): BrowserTranspileResult {
  if (source.length > MAX_SOURCE_CHARS) return tooLong();
  const checked = MAY_NEED_CHECKS.test(source) ? checkTokens(source) : { ok: true as const, source };
  if (!checked.ok) return checked.result;
  try {
    const result = transform(checked.source, {
      transforms: ['typescript', 'imports'],
      disableESTransforms: true,
      production: true,
      filePath: 'solution.ts',
      sourceMapOptions: { compiledFilename: 'solution.js' },
    });
    return { ok: true, js: result.code, mappings: result.sourceMap?.mappings ?? '' };
  } catch (err) {
    return syntaxError(err);
  }
}

/** Namespaces, top-level await and the exports to split, found on sucrase's own tokens; the source to transform. */
function checkTokens(source: string): { ok: true; source: string } | { ok: false; result: BrowserTranspileResult } {
  let tokens: SucraseToken[];
  try {
    tokens = parse(source, false, true, false).tokens;
  } catch (err) {
    return { ok: false, result: syntaxError(err) };
  }
  for (const t of tokens) {
    if (t.isType && (t.contextualKeyword === ContextualKeyword._namespace || t.contextualKeyword === ContextualKeyword._module) && !declared(tokens, t)) {
      return { ok: false, result: { ok: false, unsupported: 'a TypeScript namespace' } };
    }
    if (!t.isType && t.contextualKeyword === ContextualKeyword._await && t.scopeDepth === 0) {
      return { ok: false, result: { ok: false, error: { message: TOP_LEVEL_AWAIT_MESSAGE, ...position(source, t.start) } } };
    }
  }
  return { ok: true, source: splitExports(source, tokens) };
}

function declared(tokens: SucraseToken[], t: SucraseToken): boolean {
  const i = tokens.indexOf(t);
  return i > 0 && tokens[i - 1].contextualKeyword === ContextualKeyword._declare;
}

/** Sucrase's errors end in "(line:column)", 1-based like the location it carries; transform() also names the file first. */
function syntaxError(err: unknown): TranspileResult {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  if (typeof e?.message !== 'string') throw err;
  const message = e.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
  return { ok: false, error: { message, line: e.loc?.line ?? 1, column: Math.max(1, e.loc?.column ?? 1) } };
}

function position(source: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < index; i = source.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

/** Declarations sucrase would export wrongly, rewritten as a plain declaration plus `export { names }` at the end. */
function splitExports(source: string, tokens: SucraseToken[]): string {
  const blanks: SucraseToken[] = [];
  const names: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== TokenType._export || t.isType || t.scopeDepth !== 0 || !DECLARATION.has(tokens[i + 1].type)) continue;
    const first = tokens[i + 2];
    let pattern = first !== undefined && (first.type === TokenType.braceL || first.type === TokenType.bracketL);
    let depth = 0;
    let end = i + 2;
    for (; end < tokens.length; end++) {
      const k = tokens[end];
      if (OPEN.has(k.type)) depth++;
      else if (CLOSE.has(k.type)) depth--;
      else if (depth === 0 && (k.type === TokenType.semi || k.type === TokenType._export || k.type === TokenType._import || k.type === TokenType.eof)) break;
      else if (depth === 0 && k.type === TokenType.comma) pattern = true;
    }
    if (!pattern) continue;
    blanks.push(t);
    for (let k = i + 2; k < end; k++) {
      const n = tokens[k];
      if (n.identifierRole !== null && DECLARED.has(n.identifierRole)) names.push(source.slice(n.start, n.end));
    }
  }
  if (blanks.length === 0) return source;
  let out = '';
  let from = 0;
  for (const b of blanks) {
    out += source.slice(from, b.start) + ' '.repeat(b.end - b.start);
    from = b.end;
  }
  out += source.slice(from);
  return `${out}\nexport { ${[...new Set(names)].join(', ')} };\n`;
}
