// Questions the exercise checks ask of case values: how many numbers a reader would face in each
// array, and whether a reference produced NaN or an infinity. Pure; shared by the built-in and the
// authored checks.

/** Sizes of the number / boolean / string arrays inside a value (each matrix row block counted whole). */
export function leafArraySizes(v: unknown, path: string, out: { path: string; size: number }[]): void {
  if (Array.isArray(v)) {
    if (v.every((x) => Array.isArray(x) || typeof x !== 'object' || x === null)) {
      const flat = (v as unknown[]).flat(Infinity);
      if (flat.every((x) => typeof x !== 'object' || x === null)) {
        out.push({ path, size: flat.length });
        return;
      }
    }
    v.forEach((x, i) => leafArraySizes(x, `${path}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leafArraySizes(x, `${path}.${k}`, out);
  }
}

/** Whether a NaN or an infinity is anywhere inside a value. */
export function hasNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasNonFinite);
  return false;
}
