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
import { MAX_SOURCE_CHARS, TOP_LEVEL_AWAIT_MESSAGE, tooLong, type TranspileResult } from './source-map.ts';

export { importLine, MAX_SOURCE_CHARS, originalPosition, type Transpiled, type TranspileResult } from './source-map.ts';

export async function transpile(source: string): Promise<TranspileResult> {
  if (source.length > MAX_SOURCE_CHARS) return tooLong();
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
    const message = /^Top-level await/.test(first.text) ? TOP_LEVEL_AWAIT_MESSAGE : first.text;
    return { ok: false, error: { message, line: first.location?.line ?? 1, column: (first.location?.column ?? 0) + 1 } };
  }
}

