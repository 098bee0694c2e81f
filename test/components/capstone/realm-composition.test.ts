// What the capstone's composition step rests on (not yet used by the page): learner modules
// compose inside ONE locked-down realm, the way the browser Run's worker runs them
// (grader/browser/harness.ts, lockdown.ts). One Harness per component, each with its own module
// loaded; a learner's function granted as the global another learner module calls (their
// multi-head attention calls `attention`, here their own scaled dot-product), the nested case
// running while the outer one does; the result is the engine's to 1e-12.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { vmRealm } from '../../grader/browser/in-node.ts';
import { Harness } from '../../../grader/browser/harness.ts';
import { lockDown } from '../../../grader/browser/lockdown.ts';
import { transpileInBrowser } from '../../../grader/browser/transpile.ts';
import { encodeArgs } from '../../../grader/args-codec.ts';
import { multiHeadAttention } from '../../../engine/attention.ts';

it("runs a learner's multi-head attention on their own attention, nested, in one locked-down realm", async () => {
  const realm = await vmRealm();
  const hA = new Harness(realm);
  const hM = new Harness(realm);
  lockDown(realm);
  hM.grant(['matmul', 'transpose', 'softmax']);
  const js = (f: string) => { const t = transpileInBrowser(fs.readFileSync(f, 'utf8')); if (!t.ok) throw new Error('transpile'); return t.js; };
  expect(hA.load(js('exercises/attention/scaled-dot-product/solution.ts'), 'attention').ok).toBe(true);
  expect(hM.load(js('exercises/attention/multi-head/solution.ts'), 'multiHeadAttention').ok).toBe(true);
  let calls = 0;
  // their attention, as the global their multi-head attention is granted
  const mine = (...args: unknown[]) => { calls++; const o = hA.runCase(encodeArgs(args), false); if (o.status !== 'ok') throw new Error(JSON.stringify(o)); return o.value; };
  Object.defineProperty(realm.global, 'attention', { value: mine, writable: true, configurable: true });
  const X = [[1, 2, 0, 1], [0, 1, 1, 0], [2, 0, 1, 1]];
  const I = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
  const z = [0, 0, 0, 0];
  const w = { Wq: I, Wk: I, Wv: I, Wo: I, bq: z, bk: z, bv: z, bo: z };
  const o = hM.runCase(encodeArgs([X, X, w, 2]), false);
  expect(o.status).toBe('ok');
  expect(calls).toBe(2); // one per head, through the granted global
  const ref = multiHeadAttention(X, X, w, 2);
  const v = (o as { value: number[][] }).value;
  let m = 0;
  for (let i = 0; i < ref.length; i++) for (let j = 0; j < ref[i].length; j++) m = Math.max(m, Math.abs(v[i][j] - ref[i][j]));
  expect(m).toBeLessThan(1e-12);
});
