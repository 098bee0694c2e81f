// Values that cross from an authored exercise's isolate to the host travel as JSON text with two
// tags, so that reading them is JSON.parse and nothing else:
//   {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}  numbers JSON cannot carry
//   {"$fn": "function"}                                 a function (only in a definition's description)
// The encoder runs inside the isolate (runtime-source.ts); it accepts only plain data (arrays, plain
// objects, finite or tagged numbers, strings, booleans, null) and refuses objects that use a tag key.

export const NUM_TAG = '$num';
export const FN_TAG = '$fn';

/** Stands for a function of the author's definition; the host never holds the function itself. */
export const FUNCTION_MARK: unique symbol = Symbol('function');
export type FunctionMark = typeof FUNCTION_MARK;

const NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The value encoded text stands for; throws on text the encoder cannot have written. */
export function decodeData(text: string): unknown {
  return JSON.parse(text, (_key, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NUM_TAG) {
      const n = NUMBERS[value[NUM_TAG]];
      if (n === undefined) throw new Error(`bad number tag ${JSON.stringify(value[NUM_TAG])}`);
      return n;
    }
    if (keys.length === 1 && keys[0] === FN_TAG) return FUNCTION_MARK;
    return value;
  });
}

/**
 * The host's encoder, for data that already came through the isolate's (so no object in it uses a
 * tag key) and travels on as text: an authored exercise's visible cases sent to the browser's Run.
 */
export function encodeData(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number') return v;
    if (Number.isNaN(v)) return { [NUM_TAG]: 'NaN' };
    if (v === Infinity) return { [NUM_TAG]: 'Infinity' };
    if (v === -Infinity) return { [NUM_TAG]: '-Infinity' };
    return Object.is(v, -0) ? { [NUM_TAG]: '-0' } : v;
  });
}
