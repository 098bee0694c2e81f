// Case arguments on their way to the isolate: every number in one Float64Array, the structure as
// a short JSON string. Arrays of numbers are most of every case (matrices, weights), and a
// Float64Array and a string cross both the process boundary and the isolate boundary as block
// copies; the same data as nested JS arrays, rebuilt by a message port, is copied into an isolate
// several times slower (measured on attention/multi-head). The bootstrap rebuilds the arrays inside
// the isolate and walks the same encoding again afterwards to detect mutation.

/**
 * The structure, numbers taken in order from `numbers`:
 * ['f', n]               n numbers: an array of numbers
 * ['m', r, c]            r x c numbers: an array of r arrays of c numbers (a matrix)
 * ['k', r, c]            r x c booleans stored as 0/1: a matrix of booleans (an attention mask)
 * ['n']                  one number (NaN, -0 and the infinities survive: they never touch JSON)
 * ['p', [...]]           an array of booleans, strings and nulls
 * ['a', ...children]     any other array
 * ['o', key, child, ...] a plain object
 * ['v', x]               a boolean, string or null
 * ['u']                  undefined
 */
export type ArgNode =
  | ['f', number]
  | ['m', number, number]
  | ['k', number, number]
  | ['n']
  | ['p', (boolean | string | null)[]]
  | ['a', ...ArgNode[]]
  | ['o', ...(string | ArgNode)[]]
  | ['v', boolean | string | null]
  | ['u'];

export interface EncodedArgs {
  /** JSON of the 'a' node of the positional arguments. */
  structure: string;
  numbers: Float64Array;
}

const jsonPrimitive = (v: unknown): v is boolean | string | null => v === null || typeof v === 'boolean' || typeof v === 'string';

/** The numbers of an encoding, written straight into a Float64Array that doubles when full. */
class NumberBuffer {
  data = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) this.grow(1);
    this.data[this.length++] = x;
  }

  /** Room for n more. */
  reserve(n: number): void {
    if (this.length + n > this.data.length) this.grow(n);
  }

  private grow(n: number): void {
    const bigger = new Float64Array(Math.max(this.data.length * 2, this.length + n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

/**
 * Writes x's entries when it is a non-empty array of numbers and answers true; else writes nothing
 * (the cursor is put back) and answers false. One pass: the hot path of every case's weights.
 */
function writeNumbers(x: unknown[], out: NumberBuffer): boolean {
  const n = x.length;
  if (n === 0) return false;
  out.reserve(n);
  const data = out.data;
  const at = out.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (typeof v !== 'number') return false;
    data[at + i] = v;
  }
  out.length = at + n;
  return true;
}

/** Columns of a non-empty array of equally long, non-empty arrays of numbers, written; else undefined and nothing written. */
function writeNumberGrid(x: unknown[], out: NumberBuffer): number | undefined {
  const first = x[0];
  if (!Array.isArray(first) || first.length === 0) return undefined;
  const cols = first.length;
  const start = out.length;
  for (const row of x) {
    if (!Array.isArray(row) || row.length !== cols || !writeNumbers(row, out)) {
      out.length = start;
      return undefined;
    }
  }
  return cols;
}

/** Columns of a non-empty array of equally long, non-empty arrays of booleans, written as 0/1; else undefined and nothing written. */
function writeBooleanGrid(x: unknown[], out: NumberBuffer): number | undefined {
  const first = x[0];
  if (!Array.isArray(first) || first.length === 0) return undefined;
  const cols = first.length;
  for (const row of x) {
    if (!Array.isArray(row) || row.length !== cols) return undefined;
    for (let j = 0; j < cols; j++) if (typeof row[j] !== 'boolean') return undefined;
  }
  for (const row of x as boolean[][]) {
    out.reserve(cols);
    for (let j = 0; j < cols; j++) out.data[out.length++] = row[j] ? 1 : 0;
  }
  return cols;
}

export function encodeArgs(args: unknown[]): EncodedArgs {
  const numbers = new NumberBuffer();
  const walk = (x: unknown): ArgNode => {
    if (typeof x === 'number') {
      numbers.push(x);
      return ['n'];
    }
    if (x === undefined) return ['u'];
    if (jsonPrimitive(x)) return ['v', x];
    if (Array.isArray(x)) {
      if (writeNumbers(x, numbers)) return ['f', x.length];
      if (x.length === 0) return ['a'];
      const numberColumns = writeNumberGrid(x, numbers);
      if (numberColumns !== undefined) return ['m', x.length, numberColumns];
      const booleanColumns = writeBooleanGrid(x, numbers);
      if (booleanColumns !== undefined) return ['k', x.length, booleanColumns];
      if (x.every(jsonPrimitive)) return ['p', [...x]];
      return ['a', ...Array.from(x, walk)];
    }
    if (typeof x === 'object') {
      const proto = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null) throw new TypeError('case arguments must be plain data (arrays, plain objects, primitives)');
      const node: ['o', ...(string | ArgNode)[]] = ['o'];
      for (const key of Object.keys(x)) node.push(key, walk((x as Record<string, unknown>)[key]));
      return node;
    }
    throw new TypeError(`case arguments must be plain data, found a ${typeof x}`);
  };
  const tree: ArgNode = ['a', ...args.map(walk)];
  return { structure: JSON.stringify(tree), numbers: numbers.data.slice(0, numbers.length) };
}

/** The inverse, as the bootstrap does it inside the isolate (tests and tools use this one). */
export function decodeArgs({ structure, numbers }: EncodedArgs): unknown[] {
  let next = 0;
  const walk = (node: ArgNode): unknown => {
    switch (node[0]) {
      case 'f':
        next += node[1];
        return Array.from(numbers.subarray(next - node[1], next));
      case 'm':
      case 'k': {
        const [, rows, cols] = node;
        const out = Array.from({ length: rows }, (_, r) => Array.from(numbers.subarray(next + r * cols, next + (r + 1) * cols), (v) => (node[0] === 'k' ? v === 1 : v)));
        next += rows * cols;
        return out;
      }
      case 'n':
        return numbers[next++];
      case 'p':
        return [...node[1]];
      case 'a':
        return (node.slice(1) as ArgNode[]).map(walk);
      case 'o': {
        const out: Record<string, unknown> = {};
        for (let i = 1; i < node.length; i += 2) {
          Object.defineProperty(out, node[i] as string, { value: walk(node[i + 1] as ArgNode), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      case 'v':
        return node[1];
      case 'u':
        return undefined;
    }
  };
  return walk(JSON.parse(structure) as ArgNode) as unknown[];
}
