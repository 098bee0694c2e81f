// TypeScript -> a CommonJS-style function body for the sandbox.
//
// Why not ES modules in the isolate: when a module's top-level code throws, isolated-vm copies
// the thrown value out of the isolate after the timeout has ended, reading its `message` and
// `stack` through any getter the learner defined; `throw { get message() { for (;;) {} } }` then
// spins forever on the host thread (measured: neither isolate.dispose() nor Worker.terminate()
// stops it). So learner code must only ever run inside the bootstrap's try/catch, which means a
// function body, which means ESM exports rewritten to `module.exports`. esbuild does that with
// exact ESM semantics (live bindings, `export const a = 1, b = 2`), where sucrase's imports
// transform is wrong for both. esbuild reprints the code, so lines move: every position is mapped
// back through its source map.
import { transform } from 'esbuild';
import type { CompileError } from './verdict.ts';

/** Longer sources are refused before they reach a parser. */
export const MAX_SOURCE_CHARS = 200_000;

export interface Transpiled {
  ok: true;
  /** The body of `function (exports, module, require)`. */
  js: string;
  /** Version-3 source map `mappings` from js back to the learner's source. */
  mappings: string;
}

export type TranspileResult = Transpiled | { ok: false; error: CompileError };

export async function transpile(source: string): Promise<TranspileResult> {
  if (source.length > MAX_SOURCE_CHARS) {
    return { ok: false, error: { message: `the solution is longer than ${MAX_SOURCE_CHARS} characters`, line: 1, column: 1 } };
  }
  try {
    const result = await transform(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'esnext',
      sourcemap: 'external',
      sourcefile: 'solution.ts',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: {} },
    });
    const mappings = (JSON.parse(result.map) as { mappings?: string }).mappings ?? '';
    return { ok: true, js: result.code, mappings };
  } catch (err) {
    const first = (err as { errors?: { text: string; location: { line: number; column: number } | null }[] }).errors?.[0];
    if (!first) throw err;
    const message = /^Top-level await/.test(first.text)
      ? 'top-level await is not available: the grader calls your exported function, which must be synchronous'
      : first.text;
    return { ok: false, error: { message, line: first.location?.line ?? 1, column: (first.location?.column ?? 0) + 1 } };
  }
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
