// The engine bundles with esbuild into one script that runs in a bare V8 context (no Node globals),
// the way the grader ships helpers into its isolate.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { helpers } from '../../engine/helpers.ts';

describe('engine bundle', () => {
  it('runs every helper in a context without require, process or module', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../../engine/helpers.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      globalName: 'engine',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    const context = vm.createContext({});
    vm.runInContext(code, context);
    expect(vm.runInContext('typeof require + typeof process + typeof module', context)).toBe('undefinedundefinedundefined');
    expect(Object.keys(vm.runInContext('engine.helpers', context)).sort()).toEqual(Object.keys(helpers).sort());
    const result = vm.runInContext(`JSON.stringify([
      engine.helpers.multiHeadAttention([[1, 2], [3, 4]], [[1, 2], [3, 4]], { Wq: [[1, 0], [0, 1]], Wk: [[1, 0], [0, 1]], Wv: [[1, 0], [0, 1]], Wo: [[1, 0], [0, 1]], bq: [0, 0], bk: [0, 0], bv: [0, 0], bo: [0, 0] }, 2),
      engine.helpers.wordpiece('Café, ¿ok?', ['cafe', ',', '¿', 'ok', '?']),
    ])`, context) as string;
    expect(JSON.parse(result)).toEqual([
      helpers.multiHeadAttention([[1, 2], [3, 4]], [[1, 2], [3, 4]], { Wq: [[1, 0], [0, 1]], Wk: [[1, 0], [0, 1]], Wv: [[1, 0], [0, 1]], Wo: [[1, 0], [0, 1]], bq: [0, 0], bk: [0, 0], bv: [0, 0], bo: [0, 0] }, 2),
      ['cafe', ',', '¿', 'ok', '?'],
    ]);
  });
});
