// The browser's transpiler gives the sandbox the same kind of module the server's does: exports on
// module.exports, lines kept, a source map back to the learner's positions, compile errors at
// esbuild's line and column; the exports sucrase would get wrong are rewritten first.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { transpileInBrowser } from '../../../grader/browser/transpile.ts';
import { originalPosition } from '../../../grader/source-map.ts';
import { transpile } from '../../../grader/transpile.ts';
import { TOP_LEVEL_AWAIT_MESSAGE } from '../../../grader/source-map.ts';

/** The module's exports, run as the bootstrap runs it (a function body of exports, module, require). */
function exportsOf(source: string): Record<string, unknown> {
  const t = transpileInBrowser(source);
  if (!t.ok) throw new Error(JSON.stringify(t));
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(`(function (exports, module, require) {"use strict";${t.js}\n})`)(module.exports, module, () => { throw new Error('import'); });
  return { ...module.exports };
}

describe('transpileInBrowser', () => {
  it('exports functions, consts, classes and renamed bindings as esbuild does', () => {
    expect(Object.keys(exportsOf('export function f() {}\nexport const g = () => 1;\nexport class K {}\nfunction h() {}\nexport { h as i };'))).toEqual(
      expect.arrayContaining(['f', 'g', 'K', 'i']),
    );
  });

  it('exports every name of a declaration with several, or a destructuring one', () => {
    const ex = exportsOf('export const a = 1, b = (x: number) => x + a;\nexport let [c, { d }] = [3, { d: 4 }];\nexport const { e, f: g } = { e: 5, f: 6 };');
    expect(ex).toMatchObject({ a: 1, c: 3, d: 4, e: 5, g: 6 });
    expect((ex.b as (x: number) => number)(1)).toBe(2);
  });

  it('keeps every line where it was, and maps positions back through the source map', async () => {
    const source = 'type T = number[];\nexport function f(a: T,\n  b: T): number {\n  return a[0]! * (b[0] as number);\n}\n';
    const t = transpileInBrowser(source);
    if (!t.ok) throw new Error('did not compile');
    expect(t.js.split('\n').length).toBe(source.split('\n').length);
    const line = t.js.split('\n')[3];
    const at = originalPosition(t.mappings, 4, line.indexOf('b[0]') + 1);
    expect(at).toEqual({ line: 4, column: source.split('\n')[3].indexOf('b[0]') + 1 });
    expect((await transpile(source)).ok).toBe(true);
  });

  it('reports a syntax error where esbuild does, without the "(line:column)" suffix', async () => {
    const source = 'export function f() {\n  return 1 +;\n}\n';
    const [mine, server] = [transpileInBrowser(source), await transpile(source)];
    if (mine.ok || 'unsupported' in mine || server.ok) throw new Error('should not compile');
    expect({ line: mine.error.line, column: mine.error.column }).toEqual({ line: server.error.line, column: server.error.column });
    expect(mine.error.message).toBe('Unexpected token');
  });

  it('refuses top-level await with the server message, and hands namespaces to the server', () => {
    expect(transpileInBrowser('const x = 1;\nconst y = await x;')).toEqual({ ok: false, error: { message: TOP_LEVEL_AWAIT_MESSAGE, line: 2, column: 11 } });
    expect(transpileInBrowser('async function f() { await 1 }\nexport { f };').ok).toBe(true);
    expect(transpileInBrowser('namespace N { export const x = 1 }')).toEqual({ ok: false, unsupported: 'a TypeScript namespace' });
    expect(transpileInBrowser('declare namespace N { const x: number }\nexport const y = 1;').ok).toBe(true);
  });
});
