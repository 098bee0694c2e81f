// Expected vs actual output: the first thing wrong, in words a learner can act on. Pure.
// Order of precedence: type and shape problems (they make values meaningless), then NaN/Infinity,
// then values. Values use the engine's rule |a - e| <= atol + rtol |e| (engine/allclose.ts).
import { closeEnough, DEFAULT_TOLERANCE, EXACT } from '../engine/allclose.ts';
import type { Tolerance } from '../engine/types.ts';
import type { WorstElement } from './verdict.ts';

export interface CompareOptions {
  tolerance?: Tolerance;
  /** Strings, booleans and integers: every entry must be equal. */
  exact?: boolean;
  /**
   * NaN matches NaN and an infinity the same infinity. Only for recognising a misconception whose
   * own output overflows (softmax without the max shift); a learner's output never passes this way.
   */
  nonFiniteEqual?: boolean;
}

export type Mismatch =
  | { kind: 'type' | 'shape'; message: string }
  | { kind: 'nan'; message: string; count: number }
  | { kind: 'wrong'; message: string; count: number; total: number; worst?: WorstElement };

/** null when actual matches expected. */
export function compare(expected: unknown, actual: unknown, options: CompareOptions = {}): Mismatch | null {
  const tolerance = options.exact ? EXACT : (options.tolerance ?? DEFAULT_TOLERANCE);
  const walk = new Walk(tolerance, options.nonFiniteEqual === true);
  const structural = walk.visit(expected, actual, 'output', true);
  if (structural) return structural;
  if (walk.nonFinite > 0) {
    const more = walk.nonFinite > 1 ? ` (${walk.nonFinite} entries are not finite numbers)` : '';
    return { kind: 'nan', message: `${walk.firstNonFinite} is ${walk.firstNonFiniteValue}${more}`, count: walk.nonFinite };
  }
  if (walk.off === 0) return null;
  const of = `${walk.off} of ${walk.total} ${walk.total === 1 ? 'entry' : 'entries'}`;
  if (walk.worst) {
    const w = walk.worst;
    const message =
      walk.total === 1
        ? `${w.path} is ${num(w.actual)}, expected ${num(w.expected)} (off by ${sci(w.absError)})`
        : `${of} off; worst at ${w.path}: expected ${num(w.expected)}, got ${num(w.actual)} (off by ${sci(w.absError)}${w.relError === null ? '' : `, relative ${sci(w.relError)}`})`;
    return { kind: 'wrong', message, count: walk.off, total: walk.total, worst: w };
  }
  const first = walk.firstExact!;
  const message = walk.total === 1 ? `${first} ` : `${of} differ; the first is ${first}`;
  return { kind: 'wrong', message: message.trim(), count: walk.off, total: walk.total };
}

class Walk {
  total = 0;
  off = 0;
  nonFinite = 0;
  firstNonFinite = '';
  firstNonFiniteValue = '';
  worst: WorstElement | undefined;
  private worstRatio = -1;
  firstExact: string | undefined;
  private readonly tolerance: Tolerance;
  private readonly nonFiniteEqual: boolean;

  constructor(tolerance: Tolerance, nonFiniteEqual: boolean) {
    this.tolerance = tolerance;
    this.nonFiniteEqual = nonFiniteEqual;
  }

  /** Returns a type or shape problem; counts value problems on the way. */
  visit(e: unknown, a: unknown, path: string, tensorRoot: boolean): Mismatch | null {
    if (typeof e === 'number') {
      if (typeof a !== 'number') return { kind: 'type', message: `${path} is ${describe(a)}, expected a number` };
      this.total++;
      this.number(e, a, path);
      return null;
    }
    if (typeof e === 'string' || typeof e === 'boolean') {
      if (typeof a !== typeof e) return { kind: 'type', message: `${path} is ${describe(a)}, expected ${describe(e)}` };
      this.total++;
      if (a !== e) {
        this.off++;
        this.exactMiss(`${path} is ${show(a)}, expected ${show(e)}`);
      }
      return null;
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return { kind: 'type', message: `${path} is ${describe(a)}, expected ${describe(e)}` };
      if (tensorRoot) {
        const es = shapeOf(e);
        const as = shapeOf(a);
        if (es && as && es.length > 1 && !sameShape(es, as)) return { kind: 'shape', message: shapeMessage(path, es, as) };
      }
      if (a.length !== e.length) {
        return { kind: 'shape', message: `${path} has ${a.length} ${a.length === 1 ? 'entry' : 'entries'}, expected ${e.length}` };
      }
      for (let i = 0; i < e.length; i++) {
        const problem = this.visit(e[i], a[i], `${path}[${i}]`, false);
        if (problem) return problem;
      }
      return null;
    }
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) {
        return { kind: 'type', message: `${path} is ${describe(a)}, expected an object with keys ${keyList(Object.keys(e))}` };
      }
      const ek = Object.keys(e);
      const ak = Object.keys(a);
      const missing = ek.filter((k) => !Object.prototype.hasOwnProperty.call(a, k));
      if (missing.length) return { kind: 'type', message: `${path} is missing ${missing.length > 1 ? 'keys' : 'key'} ${keyList(missing)}` };
      const extra = ak.filter((k) => !Object.prototype.hasOwnProperty.call(e, k));
      if (extra.length) return { kind: 'type', message: `${path} has unexpected ${extra.length > 1 ? 'keys' : 'key'} ${keyList(extra)}` };
      for (const k of ek) {
        const problem = this.visit((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], member(path, k), true);
        if (problem) return problem;
      }
      return null;
    }
    // null or undefined expected (never produced by the engine, but defined anyway)
    if (a !== e) return { kind: 'type', message: `${path} is ${describe(a)}, expected ${describe(e)}` };
    return null;
  }

  private number(e: number, a: number, path: string): void {
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      if (this.nonFiniteEqual && Object.is(a, e)) return;
      if (!Number.isFinite(a)) {
        if (this.nonFinite++ === 0) {
          this.firstNonFinite = path;
          this.firstNonFiniteValue = String(a);
        }
        return;
      }
      // finite actual, non-finite expected: simply wrong
      this.off++;
      this.exactMiss(`${path} is ${num(a)}, expected ${String(e)}`);
      return;
    }
    if (this.tolerance.atol === 0 && this.tolerance.rtol === 0) {
      if (a !== e) {
        this.off++;
        this.exactMiss(`${path} is ${num(a)}, expected ${num(e)}`);
      }
      return;
    }
    if (closeEnough(a, e, this.tolerance)) return;
    this.off++;
    const absError = Math.abs(a - e);
    const ratio = absError / (this.tolerance.atol + this.tolerance.rtol * Math.abs(e));
    if (ratio > this.worstRatio) {
      this.worstRatio = ratio;
      this.worst = { path, expected: e, actual: a, absError, relError: e === 0 ? null : absError / Math.abs(e) };
    }
  }

  private exactMiss(text: string): void {
    if (this.firstExact === undefined) this.firstExact = text;
  }
}

/** Dimensions of a rectangular nested array of non-arrays; undefined when ragged. */
export function shapeOf(x: unknown[]): number[] | undefined {
  const dims = [x.length];
  let level: unknown[] = x;
  while (level.length > 0 && Array.isArray(level[0])) {
    dims.push((level[0] as unknown[]).length);
    level = level[0] as unknown[];
  }
  return rectangular(x, dims, 0) ? dims : undefined;
}

function rectangular(x: unknown, dims: number[], depth: number): boolean {
  if (depth === dims.length) return !Array.isArray(x);
  if (!Array.isArray(x) || x.length !== dims[depth]) return false;
  for (const item of x) if (!rectangular(item, dims, depth + 1)) return false;
  return true;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function shapeMessage(path: string, expected: number[], actual: number[]): string {
  const dims = (s: number[]) => s.join(' x ');
  const swapped = expected.length === 2 && actual.length === 2 && expected[0] === actual[1] && expected[1] === actual[0];
  return `${path === 'output' ? 'got' : `${path} is`} ${dims(actual)}, expected ${dims(expected)}${swapped ? ': transposed?' : ''}`;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) {
    const s = shapeOf(x);
    if (s && s.length > 1) return `a ${s.join(' x ')} array`;
    return `an array of ${x.length} ${x.length === 1 ? 'entry' : 'entries'}`;
  }
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : 'a number';
  if (typeof x === 'object') return 'an object';
  return `a ${typeof x}`;
}

function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x.length > 60 ? `${x.slice(0, 60)}...` : x) : String(x);
}

function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function keyList(keys: string[]): string {
  const shown = keys.slice(0, 8).map((k) => `'${k.length > 40 ? `${k.slice(0, 40)}...` : k}'`);
  return shown.join(', ') + (keys.length > 8 ? `, ... (${keys.length} in all)` : '');
}

/** A number as a learner reads it: integers whole, others to 6 significant digits. */
export function num(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function sci(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? '0' : x.toExponential(2);
}
