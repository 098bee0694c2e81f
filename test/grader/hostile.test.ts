// Hostile submissions. Each one must get its verdict within the exercise's limits, never pass, and
// never stop the grader: a correct submission graded at the same time still passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../grader/cases.ts';
import { grade, type GradableExercise } from '../../grader/grade.ts';
import { SandboxPool } from '../../grader/pool.ts';
import type { CaseKind, Verdict } from '../../grader/verdict.ts';
import { CORRECT_DOT, dotExercise } from './fixtures/dot.ts';

const PER_CASE_MS = 400;
const TOTAL_MS = 1500;
const hostile: GradableExercise = { ...dotExercise, id: 'test/dot-hostile', timeLimitMs: { perCase: PER_CASE_MS, total: TOTAL_MS } };

let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

/** Grades the attack and, alongside it, a correct submission that must still pass. */
async function attack(code: string): Promise<Verdict> {
  const [verdict, bystander] = await Promise.all([grade(hostile, code, { pool }), grade(dotExercise, CORRECT_DOT, { pool })]);
  expect(bystander.status).toBe('passed');
  expect(verdict.status).not.toBe('passed');
  // the budget plus process and isolate overheads on a shared 2-core machine
  expect(verdict.wallMs).toBeLessThan(TOTAL_MS + 2500);
  return verdict;
}

function expectKinds(v: Verdict, allowed: CaseKind[]) {
  expect(v.cases).toHaveLength(5);
  for (const c of v.cases) expect(allowed).toContain(c.kind);
}

describe('runaway time', () => {
  it('1. a plain infinite loop', async () => {
    expectKinds(await attack('export function dot() { while (true) {} }'), ['timeout']);
  });

  it('2. an infinite loop that swallows the termination in catch', async () => {
    expectKinds(await attack('export function dot() { for (;;) { try { for (;;) {} } catch (e) {} finally { for (;;) {} } } }'), ['timeout']);
  });

  it('3. an infinite loop after await, in a microtask left behind', async () => {
    expectKinds(await attack('export function dot() { (async () => { await null; for (;;) {} })(); return 32; }'), ['timeout']);
  });

  it('4. a microtask flood', async () => {
    expectKinds(await attack('export function dot() { const f = () => { Promise.resolve().then(f); Promise.resolve().then(f); }; f(); return 32; }'), ['timeout', 'memory']);
  });

  it('5. an infinite loop at module load', async () => {
    expectKinds(await attack('for (;;) {}\nexport function dot() { return 32; }'), ['timeout']);
  });

  it('6. a thrown object whose getters loop (isolated-vm would read them outside the timeout)', async () => {
    const v = await attack('throw { get message() { for (;;) {} }, get stack() { for (;;) {} }, get name() { for (;;) {} } };\nexport function dot() { return 32; }');
    expectKinds(v, ['timeout']);
    const inCase = await attack('export function dot() { const e = new Error("x"); Object.defineProperty(e, "message", { get() { for (;;) {} } }); throw e; }');
    expectKinds(inCase, ['timeout']);
  });

  it('7. a thrown Proxy whose traps loop, and a hijacked Error.prepareStackTrace', async () => {
    const proxy = await attack('export function dot() { throw new Proxy({}, { get() { for (;;) {} }, getPrototypeOf() { for (;;) {} }, getOwnPropertyDescriptor() { for (;;) {} } }); }');
    expectKinds(proxy, ['timeout']);
    const pst = await attack('Error.prepareStackTrace = () => { for (;;) {} };\nexport function dot() { throw new Error("x"); }');
    expectKinds(pst, ['timeout']);
  });

  it('8. Atomics.wait and SharedArrayBuffer are gone', async () => {
    const v = await attack('export function dot() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 32; }');
    expectKinds(v, ['threw']);
    expect(v.cases[0].message).toContain('ReferenceError: Atomics is not defined');
    const shared = await attack('export function dot() { return new SharedArrayBuffer(8).byteLength; }');
    expect(shared.cases[0].message).toContain('ReferenceError: SharedArrayBuffer is not defined');
  });
});

describe('runaway memory and size', () => {
  it('9. an array bomb', async () => {
    expectKinds(await attack('export function dot() { const a = []; for (;;) a.push(new Array(1e6).fill(1.5)); }'), ['memory']);
  });

  it('10. a string bomb', async () => {
    expectKinds(await attack('export function dot() { let s = "x"; for (;;) s += s + Math.random(); }'), ['memory', 'threw']);
  });

  it('11. a typed-array bomb (ArrayBuffers count against the limit)', async () => {
    expectKinds(await attack('export function dot() { const keep = []; for (;;) keep.push(new Float64Array(1 << 22)); }'), ['memory']);
  });

  it('12. WebAssembly.Memory, which ignores the isolate limit, is not there', async () => {
    const v = await attack('export function dot() { const m = new WebAssembly.Memory({ initial: 16384 }); return m.buffer.byteLength; }');
    expectKinds(v, ['threw']);
    expect(v.cases[0].message).toContain('WebAssembly is not defined');
  });

  it('13. deep recursion', async () => {
    const v = await attack('export function dot(a: number[]): number { const f = (n: number): number => f(n + 1) + 1; return f(0); }');
    expectKinds(v, ['threw']);
    expect(v.cases[0].message).toContain('Maximum call stack size exceeded');
  });

  it('14. a 100 MB string as the result', async () => {
    expectKinds(await attack('export function dot() { return "x".repeat(100 * 1024 * 1024); }'), ['invalid_output', 'memory', 'threw']);
  });

  it('15. results too large, too deep, or sparse with a huge length', async () => {
    const big = await attack('export function dot() { return new Array(2e6).fill(0); }');
    expectKinds(big, ['invalid_output', 'memory']);
    const deep = await attack('export function dot() { let x: unknown[] = []; for (let i = 0; i < 1e5; i++) x = [x]; return x; }');
    expect(deep.cases[0]).toMatchObject({ kind: 'invalid_output', message: expect.stringContaining('nested deeper than 32 levels') });
    const sparse = await attack('export function dot() { const a: number[] = []; a.length = 4e9; return a; }');
    expect(sparse.cases[0]).toMatchObject({ kind: 'invalid_output', message: 'output has more than 1000000 entries' });
  });

  it('16. a console flood', async () => {
    const v = await attack('export function dot() { for (let i = 0; i < 1e6; i++) console.log("flood", i, [1, 2, 3], { a: "x".repeat(1000) }); return 0; }');
    expect(v.console!.length).toBeLessThan(64 * 1024 + 200);
  });
});

describe('escaping the sandbox', () => {
  it('17. constructor.constructor gives the sandbox Function, with no process in reach', async () => {
    const v = await attack('export function dot() { const g = (() => {}).constructor.constructor("return this")(); return g.process.env.HOME; }');
    expectKinds(v, ['threw']);
    expect(v.cases[0].message).toContain("Cannot read properties of undefined (reading 'env')");
  });

  it('18. require, process and dynamic import() are not available', async () => {
    const req = await attack('export function dot() { return require("fs").readFileSync("/etc/passwd", "utf8"); }');
    expect(req.cases[0]).toMatchObject({ kind: 'threw', message: expect.stringContaining('imports are not available') });
    const proc = await attack('export function dot() { return process.env.DATABASE_URL; }');
    expect(proc.cases[0].message).toContain('process is not defined');
    const dyn = await attack('let mod: unknown;\nimport("node:fs").then((m) => { mod = m; }, () => {});\nexport function dot() { return mod === undefined ? "no fs" : "fs!"; }');
    expect(dyn.cases[0]).toMatchObject({ kind: 'type', actual: 'no fs' });
  });

  it('19. reading the host environment through globals and eval', async () => {
    const v = await attack('export function dot() { const g: any = globalThis; return [typeof g.process, typeof g.require, typeof g.Buffer, typeof g.ivm, typeof g.fetch, typeof g.setTimeout, eval("typeof process"), typeof g.FinalizationRegistry, typeof g.WeakRef].join(","); }');
    expect(v.cases[0].actual).toBe('undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined');
  });

  it('20. snooping globalThis for expected values or the grader', async () => {
    const v = await attack('export function dot() { return Object.getOwnPropertyNames(globalThis).join(","); }');
    const names = String(v.cases[0].actual).split(',');
    for (const forbidden of ['expected', 'runCase', 'load', 'takeConsole', 'bootstrap', '__attentionLabHelpers', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']) {
      expect(names).not.toContain(forbidden);
    }
    expect(names).toContain('console');
    expect(names).toContain('Math');
  });

  it('21. arguments.callee.caller and fn.caller cannot reach the grader (strict mode)', async () => {
    const v = await attack('export function dot() { return String((dot as any).caller); }');
    expect(v.cases[0]).toMatchObject({ kind: 'threw', message: expect.stringContaining('TypeError') });
  });
});

describe('fooling the comparison', () => {
  it('22. prototype pollution of Array and Object cannot fake a result', async () => {
    const v = await attack(`
      Object.defineProperty(Array.prototype, 0, { get() { return 32; }, configurable: true });
      Object.defineProperty(Object.prototype, 'value', { get() { return 32; }, configurable: true });
      (Object.prototype as any).get = () => 32;
      Array.isArray = () => true;
      Reflect.getOwnPropertyDescriptor = () => ({ value: 32, writable: true, enumerable: true, configurable: true });
      Object.getPrototypeOf = () => null;
      export function dot() { return []; }`);
    expect(v.cases[0]).toMatchObject({ kind: 'type', message: 'output is an array of 0 entries, expected a number' });
  });

  it('23. pollution does not break the grading of a correct answer', async () => {
    const code = `
      (Reflect as any).defineProperty = () => false;
      (Reflect as any).apply = () => 32;
      Object.defineProperty(Object.prototype, 'status', { set() { throw new Error('no'); }, configurable: true });
      Object.defineProperty(Array.prototype, '0', { set() { throw new Error('no'); }, configurable: true });
      (Array.prototype as any)[Symbol.iterator] = function* () { yield 1; };
      ${CORRECT_DOT}`;
    const v = await grade(hostile, code, { pool });
    expect(v.status).toBe('passed');
  });

  it('24. getters, proxies, cycles, functions and symbols in results', async () => {
    const getter = await attack('export function dot() { return [{ get v() { return 32; } }]; }');
    expect(getter.cases[0].message).toBe('output[0].v is a getter; return plain data');
    const proxy = await attack('export function dot() { return new Proxy({}, { getPrototypeOf() { return Number.prototype; }, get: () => 32 }); }');
    expectKinds(proxy, ['invalid_output']);
    const loopingProxy = await attack('export function dot() { return new Proxy([], { getOwnPropertyDescriptor() { for (;;) {} } }); }');
    expectKinds(loopingProxy, ['timeout']);
    const cycle = await attack('export function dot() { const a: unknown[] = [1]; a.push([a]); return a; }');
    expect(cycle.cases[0].message).toBe('output[1][0] refers back to one of its containers (a cycle)');
    const fn = await attack('export function dot() { return () => 32; }');
    expect(fn.cases[0].message).toBe('output is a function; return data');
    const valueOf = await attack('export function dot() { return { valueOf: () => 32 }; }');
    expect(valueOf.cases[0].message).toBe('output.valueOf is a function; return data');
    const boxed = await attack('export function dot() { return new Number(32); }');
    expect(boxed.cases[0].message).toBe('output is an instance of Number; return plain arrays, objects and numbers');
    const symbol = await attack('export function dot() { return { [Symbol("x")]: 1 }; }');
    expect(symbol.cases[0].message).toBe('output has a symbol key');
  });

  it('25. a __proto__ key in the result does not pollute the host', async () => {
    const v = await attack('export function dot() { return JSON.parse(\'{"__proto__": {"polluted": 32}}\'); }');
    expect(v.cases[0]).toMatchObject({ kind: 'type', message: 'output is an object, expected a number' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('26. a Promise or a thenable instead of a value', async () => {
    const promise = await attack('export function dot() { return Promise.resolve(32); }');
    expect(promise.cases[0].message).toBe('output is a Promise: the function must be synchronous (no async, no await)');
    const thenable = await attack('export function dot() { return { then(r: (x: number) => void) { r(32); } }; }');
    expectKinds(thenable, ['invalid_output']);
  });
});

describe('sabotaging the grader\'s own checks', () => {
  it('30. inputs turned into traps for the mutation check, and a hijacked typed-array length', async () => {
    const trap = await attack('export function dot(a: number[]) { Object.defineProperty(a, 0, { get() { throw { get message() { for (;;) {} } }; } }); return 32; }');
    expectKinds(trap, ['timeout']);
    const thrower = await attack('export function dot(a: number[]) { Object.defineProperty(a, 0, { get() { throw new Error("gotcha"); } }); return 32; }');
    expect(thrower.cases[0]).toMatchObject({ kind: 'mutated', message: expect.stringContaining('cannot be read back (Error: gotcha)') });
    const length = await attack('Object.defineProperty(Object.getPrototypeOf(Int8Array.prototype), "length", { get() { throw new Error("no"); } });\nexport function dot(a: number[]) { a[0] = 9; return 32; }');
    expectKinds(length, ['mutated']);
  });

  it('31. module.exports replaced by a trap', async () => {
    const v = await attack('module.exports = new Proxy({}, { get() { for (;;) {} }, ownKeys() { for (;;) {} } });');
    expectKinds(v, ['timeout']);
    expect(v.cases[0].message).toBe('loading the module took longer than 400 ms');
  });
});

describe('smuggling hidden data out', () => {
  const hiddenArgs = prepareCases(hostile, hostile.reference!, 0, false).filter((c) => !c.visible).flatMap((c) => c.args.flat() as number[]);
  const leaked = (v: Verdict) => hiddenArgs.filter((x) => JSON.stringify(v).includes(String(x).slice(0, 10)));

  it('27. through thrown messages, console output and stashed globals', async () => {
    const thrown = await attack('export function dot(a: number[], b: number[]) { throw new Error(JSON.stringify([a, b])); }');
    expect(leaked(thrown)).toEqual([]);
    // hidden cases run after every visible one, and the console is off during them
    const logged = await attack('const seen: unknown[] = [];\nexport function dot(a: number[], b: number[]) { seen.push(a, b); console.log(JSON.stringify(seen)); return 0; }');
    expect(leaked(logged)).toEqual([]);
    expect(logged.console).toBe('[[1,2,3],[4,5,6]]\n[[1,2,3],[4,5,6],[1,-2],[0.5,0.25]]\n');
  });

  it('28. through mutation or invalid-output reasons', async () => {
    const mutated = await attack('export function dot(a: number[]) { a[0] = a.length > 2 ? 0 : a[0] * 2; return 0; }');
    expect(leaked(mutated)).toEqual([]);
    expect(mutated.cases[3].message).toBe('your function changed its inputs on this hidden case; copy them before modifying');
    const invalid = await attack('export function dot(a: number[]) { return { [String(a[0])]: () => 1 }; }');
    expect(leaked(invalid)).toEqual([]);
    expect(invalid.cases[2].message).toMatch(/^your function returned something other than plain data/);
  });

  it('29. through the shape of a wrong answer', async () => {
    const v = await attack('export function dot(a: number[], b: number[]) { return a.concat(b); }');
    expect(leaked(v)).toEqual([]);
    expect(v.cases[2]).toEqual({ name: 'random 5', visible: false, passed: false, points: 0, kind: 'type', message: 'the output has the wrong type on this hidden case' });
  });
});

describe('after the attacks', () => {
  it('the pool still has its workers and grades a correct submission correctly', async () => {
    expect(pool.workerPids()).toHaveLength(2);
    const v = await grade(hostile, CORRECT_DOT, { pool });
    expect(v.status).toBe('passed');
    expect(v.score).toBe(10);
  });
});
