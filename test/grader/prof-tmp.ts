import { Sandbox } from '/work/main/grader/sandbox.ts';
import { bundleHelpers } from '/work/main/grader/helpers-bundle.ts';
import { prepareCases } from '/work/main/grader/cases.ts';
import { catalogExercise } from '/work/main/grader/grade.ts';
import { transpile } from '/work/main/grader/transpile.ts';
import { helpers } from '/work/main/engine/helpers.ts';
import { readFileSync } from 'node:fs';
const ex = (await catalogExercise('attention/multi-head'))!;
const cases = prepareCases(ex, ex.reference!, 0, false);
const sb = new Sandbox({ helpersSource: await bundleHelpers() });
const sol = readFileSync('/work/main/exercises/attention/multi-head/solution.ts', 'utf8');
const js = (await transpile(sol) as any).js;
const REPEAT = 20;
const rep = js + `\nconst __inner = module.exports.multiHeadAttention; module.exports = { multiHeadAttention: (...a) => { let r; for (let i = 0; i < ${REPEAT}; i++) r = __inner(...a); return r; } };`;
for (const [name, code, mult] of [['real', js, 1], ['x' + REPEAT, rep, REPEAT], ['zero', 'exports.multiHeadAttention = () => 0;', 1]] as const) {
  const job = { code, functionName: 'multiHeadAttention', helpers: ex.helpers, cases: Array.from({ length: 40 }, () => cases.map((c) => ({ args: c.args, visible: false }))).flat(), limits: { perCaseMs: 2000, totalMs: 60000, memoryMb: 128 } };
  for (let i = 0; i < 2; i++) sb.run(job);
  const o = sb.run(job);
  const per = o.caseMs.slice(200).reduce((a, b) => a + b, 0) / 200;
  const mod: any = { exports: {} };
  new Function('exports', 'module', 'require', ...ex.helpers, code)(mod.exports, mod, null, ...ex.helpers.map((n) => helpers[n]));
  const f = mod.exports.multiHeadAttention;
  const ts: number[] = [];
  for (let r = 0; r < 40; r++) for (const c of cases) { const a = structuredClone(c.args); const t = performance.now(); f(...a); ts.push(performance.now() - t); }
  const pp = ts.slice(200).reduce((a, b) => a + b, 0) / 200;
  console.log(name, 'sandbox per case us', (per * 1000).toFixed(1), 'plain (no clone) us', (pp * 1000).toFixed(1));
}
