// lockDown leaves learner code nothing but ECMAScript: whatever a browser puts on the worker's
// global (played here by stand-ins on a vm realm's global and its prototype) is gone, eval is gone,
// and no Function constructor compiles a string; the module the bootstrap compiled still runs, with
// the helpers granted after the lockdown.
import { describe, expect, it } from 'vitest';
import { lockDown, MUST_BE_GONE } from '../../../grader/browser/lockdown.ts';
import { Harness } from '../../../grader/browser/harness.ts';
import { encodeArgs } from '../../../grader/args-codec.ts';
import { vmRealm } from './in-node.ts';

describe('lockDown', () => {
  it('removes what a worker global carries, on the object and its prototype chain, and keeps ECMAScript', async () => {
    const realm = await vmRealm();
    const g = realm.global as Record<string, unknown>;
    const proto = {};
    Object.setPrototypeOf(proto, Object.getPrototypeOf(g));
    Object.setPrototypeOf(g, proto);
    for (const name of MUST_BE_GONE) if (name !== 'eval') Object.defineProperty(g, name, { value: () => 'reached', configurable: true, writable: true });
    Object.defineProperty(proto, 'addEventListener', { value: () => 'reached', configurable: true });
    Object.defineProperty(proto, 'postMessage', { value: () => 'reached', configurable: true });
    g.structuredClone = structuredClone; // a worker has it; the reference copies arguments with it
    lockDown(realm);
    const probe = realm.evaluate(`[${MUST_BE_GONE.map((n) => `typeof ${n}`).join(', ')}]`) as string[];
    expect(probe.every((t) => t === 'undefined')).toBe(true);
    expect(realm.evaluate('[typeof Math.max, typeof JSON.parse, typeof Float64Array, typeof structuredClone]')).toEqual(['function', 'function', 'function', 'function']);
  });

  it('refuses to compile strings, yet a module loaded by the bootstrap runs, with its helpers, and `instanceof Function` holds', async () => {
    const realm = await vmRealm();
    const harness = new Harness(realm);
    lockDown(realm);
    harness.grant(['matmul']);
    const code = [
      'exports.dot = function dot() {',
      '  const tries = [',
      "    () => Function('return 1')(),",
      "    () => (function () {}).constructor('return 1')(),",
      "    () => (async function () {}).constructor('return 1'),",
      "    () => (function* () {}).constructor('return 1'),",
      "    () => (async function* () {}).constructor('return 1'),",
      '  ];',
      "  return tries.map((t) => { try { t(); return 'compiled'; } catch (e) { return e.name; } }).join(',') + ':' + (dot instanceof Function) + ':' + matmul([[2]], [[3]])[0][0];",
      '};',
    ].join('\n');
    expect(harness.load(code, 'dot')).toEqual({ ok: true });
    expect(harness.runCase(encodeArgs([]), true)).toEqual({ status: 'ok', value: 'EvalError,EvalError,EvalError,EvalError,EvalError:true:6', mutated: null });
  });
});
