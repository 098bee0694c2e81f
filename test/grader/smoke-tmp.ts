import { grade } from '/work/main/grader/grade.ts';
import { SandboxPool } from '/work/main/grader/pool.ts';
import { dotExercise, CORRECT_DOT } from '/work/main/test/grader/fixtures/dot.ts';
const pool = new SandboxPool({ size: 1 });
let t = performance.now();
await pool.ready(); console.log('ready', performance.now() - t);
for (const code of [CORRECT_DOT, 'export function dot(a, b) { console.log("hi", a, {x: [1,2]}); return a.reduce((s, x, i) => s + x + b[i], 0) }', 'export function dot(a: number[]) { return null.x }', 'function dot(a, b) { return 1 }', 'import { dot as d } from "../engine/linalg.ts";\nexport const dot = d;', 'export function dot(a, b) {\n  let x = 1; let x = 2; }', 'export function dot(a, b) { a[0] = 7; return 0 }', 'throw { get message() { for(;;){} } }', 'export function dot() { for(;;){} }']) {
  t = performance.now();
  const v = await grade(dotExercise, code, { pool });
  console.log(JSON.stringify(v).slice(0, 1500)); console.log('ms', performance.now() - t);
}
await pool.close();
