// The comparison rule every grade and golden check uses.
import { describe, expect, it } from 'vitest';
import { allclose, closeEnough, DEFAULT_TOLERANCE, EXACT } from '../../engine/allclose.ts';

describe('closeEnough', () => {
  it('applies |a - e| <= atol + rtol |e|', () => {
    const tol = { atol: 1e-6, rtol: 1e-5 };
    expect(closeEnough(1 + 1.0e-5, 1, tol)).toBe(true); // 1e-5 <= 1e-6 + 1e-5
    expect(closeEnough(1 + 1.2e-5, 1, tol)).toBe(false);
    expect(closeEnough(1000.01, 1000, tol)).toBe(true); // rtol scales with |expected|
    expect(closeEnough(0.0000009, 0, tol)).toBe(true);
    expect(closeEnough(0.0000011, 0, tol)).toBe(false);
  });

  it('is exact at zero tolerance and never matches NaN or Infinity', () => {
    expect(closeEnough(3, 3, EXACT)).toBe(true);
    expect(closeEnough(3 + 4e-16, 3, EXACT)).toBe(false);
    expect(closeEnough(NaN, NaN, DEFAULT_TOLERANCE)).toBe(false);
    expect(closeEnough(Infinity, Infinity, DEFAULT_TOLERANCE)).toBe(false);
    expect(closeEnough(1, Infinity, { atol: Infinity, rtol: 0 })).toBe(false);
  });
});

describe('allclose', () => {
  it('compares nested arrays element-wise and requires identical shapes', () => {
    expect(allclose([[1, 2], [3, 4]], [[1, 2 + 1e-9], [3, 4]], DEFAULT_TOLERANCE)).toBe(true);
    expect(allclose([[1, 2]], [[1, 2], [3, 4]], DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([[1, 2, 3]], [[1, 2]], DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([1, 2], [[1, 2]], DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([], [], DEFAULT_TOLERANCE)).toBe(true);
  });

  it('compares objects by key names', () => {
    const e = { focal: 0.1, dice: 0.2, iou: 0.5 };
    expect(allclose({ iou: 0.5, dice: 0.2, focal: 0.1 + 1e-9 }, e, DEFAULT_TOLERANCE)).toBe(true);
    expect(allclose({ focal: 0.1, dice: 0.2 }, e, DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose({ ...e, extra: 1 }, e, DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([0.1, 0.2, 0.5], e, DEFAULT_TOLERANCE)).toBe(false);
  });

  it('requires strings and booleans to be equal, and a boolean is not a number', () => {
    expect(allclose(['play', '##ing'], ['play', '##ing'], EXACT)).toBe(true);
    expect(allclose(['Play'], ['play'], EXACT)).toBe(false);
    expect(allclose([[true, false]], [[true, false]], EXACT)).toBe(true);
    expect(allclose([[1, 0]], [[true, false]], DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([[true]], [[1]], DEFAULT_TOLERANCE)).toBe(false);
  });

  it('never matches null, undefined or NaN anywhere', () => {
    expect(allclose(null, null, DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose(undefined, undefined, DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([1, NaN], [1, NaN], DEFAULT_TOLERANCE)).toBe(false);
    expect(allclose([1, null], [1, 0], DEFAULT_TOLERANCE)).toBe(false);
  });
});
