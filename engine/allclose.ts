// The curriculum's comparison rule: |actual - expected| <= atol + rtol |expected|, element-wise,
// shapes and keys identical, NaN and +-Infinity never equal to anything.
import type { Tolerance } from './types.ts';

/** The tolerance learners are graded at unless an exercise overrides it. */
export const DEFAULT_TOLERANCE: Tolerance = Object.freeze({ atol: 1e-6, rtol: 1e-5 });
/** The tolerance the engine must meet against the PyTorch golden cases. */
export const GOLDEN_TOLERANCE: Tolerance = Object.freeze({ atol: 1e-9, rtol: 1e-7 });
/** Exact comparison (integers, strings, booleans). */
export const EXACT: Tolerance = Object.freeze({ atol: 0, rtol: 0 });

/** One number against another; non-finite values never match. */
export function closeEnough(a: number, e: number, tol: Tolerance): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(e)) return false;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/** Deep comparison over nested arrays and plain objects; strings and booleans must be equal. */
export function allclose(actual: unknown, expected: unknown, tol: Tolerance): boolean {
  if (typeof expected === 'number') return typeof actual === 'number' && closeEnough(actual, expected, tol);
  if (typeof expected === 'string' || typeof expected === 'boolean') return actual === expected;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!allclose(actual[i], expected[i], tol)) return false;
    return true;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    if (ek.length !== ak.length) return false;
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of ek) {
      if (!Object.prototype.hasOwnProperty.call(a, k) || !allclose(a[k], e[k], tol)) return false;
    }
    return true;
  }
  return false; // null, undefined, functions: never equal
}
