// TypeScript -> JavaScript for the sandbox. Sucrase only strips types: the module stays ESM and
// every line keeps its number, so V8's line numbers are the learner's. Columns move when a line
// loses annotations; `sourcePosition` maps them back through sucrase's token-level source map.
import { transform } from 'sucrase';
import type { CompileError } from './verdict.ts';

/** Longer sources are refused before they reach a parser. */
export const MAX_SOURCE_CHARS = 200_000;

export type TranspileResult = { ok: true; js: string } | { ok: false; error: CompileError };

export function transpile(source: string): TranspileResult {
  if (source.length > MAX_SOURCE_CHARS) {
    return { ok: false, error: { message: `the solution is longer than ${MAX_SOURCE_CHARS} characters`, line: 1, column: 1 } };
  }
  try {
    const { code } = transform(source, { transforms: ['typescript'], filePath: 'solution.ts' });
    return { ok: true, js: code };
  } catch (err) {
    const pos = (err as { pos?: unknown }).pos;
    const raw = err instanceof Error ? err.message : String(err);
    // "Error transforming solution.ts: Unexpected token (3:13)": keep the parser's words only
    const message = raw.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
    const { line, column } = typeof pos === 'number' ? lineColumnAt(source, pos) : { line: 1, column: 1 };
    return { ok: false, error: { message, line, column } };
  }
}

/** 1-based line and column of a 0-based offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Maps a 1-based (line, column) of the transpiled code back to the learner's source. Lines are
 * kept by sucrase; the column comes from the nearest mapped token at or before it.
 */
export function sourcePosition(source: string, line: number, column: number): { line: number; column: number } {
  let mappings: string;
  try {
    const result = transform(source, {
      transforms: ['typescript'],
      filePath: 'solution.ts',
      sourceMapOptions: { compiledFilename: 'solution.js' },
    });
    mappings = result.sourceMap?.mappings ?? '';
  } catch {
    return { line, column };
  }
  const segments = decodeLine(mappings, line - 1);
  let best: { generated: number; sourceLine: number; sourceColumn: number } | undefined;
  for (const s of segments) {
    if (s.generated <= column - 1 && (!best || s.generated >= best.generated)) best = s;
  }
  if (!best) return { line, column };
  return { line: best.sourceLine + 1, column: best.sourceColumn + (column - 1 - best.generated) + 1 };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The segments of one generated line of a version-3 source map (all 0-based). */
function decodeLine(mappings: string, wantedLine: number) {
  const out: { generated: number; sourceLine: number; sourceColumn: number }[] = [];
  // source line/column are relative across the whole map, so every line before must be decoded
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
