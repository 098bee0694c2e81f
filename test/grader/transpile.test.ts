import { describe, expect, it } from 'vitest';
import { importLine, MAX_SOURCE_CHARS, originalPosition, transpile } from '../../grader/transpile.ts';

describe('transpile', () => {
  it('strips types and turns exports into module.exports, with ESM semantics', async () => {
    const result = await transpile('export const a: number = 1, b = 2;\nexport let c: number[] = [];\nc = [a, b];\nexport function f(x: number): number { return x; }');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const exports: Record<string, unknown> = {};
    const module = { exports };
    new Function('exports', 'module', 'require', result.js)(exports, module, () => {
      throw new Error('no imports');
    });
    const out = module.exports as { a: number; b: number; c: number[]; f: (x: number) => number };
    expect([out.a, out.b, out.c, out.f(7)]).toEqual([1, 2, [1, 2], 7]); // c is a live binding
  });

  it('reports a syntax error at the learner\'s 1-based line and column', async () => {
    expect(await transpile('export function f(a: number) {\n  return a +;\n}')).toEqual({
      ok: false,
      error: { message: 'Unexpected ";"', line: 2, column: 13 },
    });
    expect(await transpile('const x = 1;\nconst x = 2;')).toMatchObject({ ok: false, error: { line: 2, column: 7 } });
  });

  it('explains top-level await in the learner\'s terms', async () => {
    const result = await transpile('await 1;\nexport const x = 1;');
    expect(result).toMatchObject({ ok: false, error: { message: 'top-level await is not available: the grader calls your exported function, which must be synchronous', line: 1 } });
  });

  it('refuses sources that are too long', async () => {
    expect(await transpile('x'.repeat(MAX_SOURCE_CHARS + 1))).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
  });

  it('maps positions in the transpiled code back to the source', async () => {
    const source = 'type M = number[][];\n\nexport function f(a: M, b: M): number {\n  const n: number = a.length;\n  return n + b.lenght.x;\n}';
    const result = await transpile(source);
    if (!result.ok) throw new Error('should compile');
    const lines = result.js.split('\n');
    const line = lines.findIndex((l) => l.includes('b.lenght.x')) + 1;
    const column = lines[line - 1].indexOf('.x') + 2; // the `x`, 1-based
    expect(originalPosition(result.mappings, line, column)).toEqual({ line: 5, column: source.split('\n')[4].indexOf('.x') + 2 });
  });

  it('finds the line of an import statement', () => {
    const source = '// helpers\n\nimport { matmul } from "../engine/linalg.ts";\n';
    expect(importLine(source, '../engine/linalg.ts')).toEqual({ line: 3, column: 1 });
    expect(importLine(source, 'missing')).toEqual({ line: 1, column: 1 });
  });
});
