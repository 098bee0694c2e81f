// Small helpers for writing exercise cases (visible cases are read by people: short decimals).
import type { Rng } from '../engine/random.ts';

/** x rounded to `decimals` places (2 by default). */
export function round(x: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f + 0; // + 0 turns -0 into 0
}

/** Every number inside a nested array / plain object rounded to `decimals` places. */
export function roundAll<T>(value: T, decimals = 2): T {
  if (typeof value === 'number') return round(value, decimals) as T;
  if (Array.isArray(value)) return value.map((v) => roundAll(v, decimals)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundAll(v, decimals)])) as T;
  }
  return value;
}

/** A vector of n short decimals in [-scale, scale]. */
export function shortVector(rng: Rng, n: number, scale = 2, decimals = 1): number[] {
  return Array.from({ length: n }, () => round(rng.uniform(-scale, scale), decimals));
}

/** A rows x cols matrix of short decimals in [-scale, scale]. */
export function shortMatrix(rng: Rng, rows: number, cols: number, scale = 2, decimals = 1): number[][] {
  return Array.from({ length: rows }, () => shortVector(rng, cols, scale, decimals));
}
