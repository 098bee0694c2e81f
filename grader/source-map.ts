// What both transpilers share (esbuild on the server, grader/transpile.ts; sucrase in the browser,
// grader/browser/transpile.ts): the result shape, the source limit, and reading positions back
// through a version-3 source map, so a thrown error or a compile error points at the learner's own
// line and column whichever transpiler moved the code.
import type { CompileError } from './verdict.ts';

/** Longer sources are refused before they reach a parser. */
export const MAX_SOURCE_CHARS = 200_000;

export const TOP_LEVEL_AWAIT_MESSAGE = 'top-level await is not available: the grader calls your exported function, which must be synchronous';

export interface Transpiled {
  ok: true;
  /** The body of `function (exports, module, require)`. */
  js: string;
  /** Version-3 source map `mappings` from js back to the learner's source. */
  mappings: string;
}

export type TranspileResult = Transpiled | { ok: false; error: CompileError };

export function tooLong(): TranspileResult {
  return { ok: false, error: { message: `the solution is longer than ${MAX_SOURCE_CHARS} characters`, line: 1, column: 1 } };
}

/**
 * Maps a 1-based (line, column) of the transpiled code back to the learner's source: the nearest
 * mapped token at or before it on that line, plus the remaining offset inside the token.
 */
export function originalPosition(mappings: string, line: number, column: number): { line: number; column: number } | undefined {
  const segments = decodeLine(mappings, line - 1);
  let best: (typeof segments)[number] | undefined;
  for (const s of segments) {
    if (s.generated <= column - 1 && (!best || s.generated >= best.generated)) best = s;
  }
  if (!best) best = segments[0];
  if (!best) return undefined;
  return { line: best.sourceLine + 1, column: best.sourceColumn + Math.max(0, column - 1 - best.generated) + 1 };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The segments of one generated line of a source map, all 0-based. */
function decodeLine(mappings: string, wantedLine: number) {
  const out: { generated: number; sourceLine: number; sourceColumn: number }[] = [];
  // source line and column are deltas across the whole map: every earlier line must be decoded
  let sourceLine = 0;
  let sourceColumn = 0;
  const lines = mappings.split(';');
  for (let l = 0; l <= wantedLine && l < lines.length; l++) {
    let generated = 0;
    for (const segment of lines[l].split(',')) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      generated += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        if (l === wantedLine) out.push({ generated, sourceLine, sourceColumn });
      }
    }
  }
  return out;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The 1-based line of the first `import`/`export ... from` naming `specifier`, for compile errors. */
export function importLine(source: string, specifier: string): { line: number; column: number } {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const at = text.indexOf(specifier);
    if (at >= 0 && /\b(import|from|require)\b/.test(text)) {
      const keyword = text.search(/\b(import|export|require)\b/);
      return { line: i + 1, column: (keyword >= 0 ? keyword : at) + 1 };
    }
  }
  return { line: 1, column: 1 };
}
