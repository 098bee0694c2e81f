// Seeded random numbers that give the same stream on every platform (Node, the isolate, browsers).
// The generator is sfc32 (Doty-Humphrey's "small fast counting" generator, PractRand); the seed is
// hashed into its four 32-bit words. Only 32-bit integer ops, +, -, *, / and sqrt are used (all
// exactly specified by IEEE 754), so even `normal()` does not depend on a platform's Math.log.

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Gaussian (Marsaglia's polar method). */
  normal(mean?: number, std?: number): number;
  /** A whole number in [lo, hiInclusive]. */
  int(lo: number, hiInclusive: number): number;
  bool(pTrue?: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(xs: T[]): T[];
  /**
   * An independent stream named by `label`. It depends only on this generator's seed and the label
   * (not on how many numbers were drawn), so adding draws in one case never shifts another case.
   */
  fork(label: string): Rng;
}

/** Hashes a string into four 32-bit words (four multiply-xorshift lanes, murmur3's finaliser). */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 0x9e3779b9, h2 = 0x243f6a88, h3 = 0xb7e15162, h4 = 0x85a308d3;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x85ebca6b);
    h2 = Math.imul(h2 ^ c, 0xc2b2ae35);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
    h3 = (h3 << 11) | (h3 >>> 21);
    h4 = (h4 << 19) | (h4 >>> 13);
  }
  // cross the lanes so every output word depends on every input character
  h1 = fmix32(h1 ^ h2 ^ text.length);
  h2 = fmix32(h2 ^ h3 ^ h1);
  h3 = fmix32(h3 ^ h4 ^ h2);
  h4 = fmix32(h4 ^ h1 ^ h3);
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;

/** ln(x) for x > 0 from IEEE-exact operations: x = m 2^e with m in [sqrt(1/2), sqrt(2)), then the atanh series. */
export function portableLog(x: number): number {
  let m = x;
  let e = 0;
  while (m < SQRT2 / 2) { m *= 2; e -= 1; } // scaling by 2 is exact
  while (m >= SQRT2) { m /= 2; e += 1; }
  const s = (m - 1) / (m + 1); // |s| <= 0.1716, so 15 odd terms reach 1e-23
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k <= 29; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return 2 * sum + e * LN2;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seed: string;

  constructor(seed: string) {
    this.seed = seed;
    [this.a, this.b, this.c, this.d] = hashSeed(seed);
    for (let i = 0; i < 15; i++) this.nextUint32(); // mix away the seeding pattern
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992; // / 2^53
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  normal(mean = 0, std = 1): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return mean + std * u * Math.sqrt((-2 * portableLog(s)) / s);
    }
  }

  int(lo: number, hiInclusive: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hiInclusive) || hiInclusive < lo) {
      throw new RangeError(`int(${lo}, ${hiInclusive}): need whole numbers with lo <= hi`);
    }
    return lo + Math.floor(this.next() * (hiInclusive - lo + 1));
  }

  bool(pTrue = 0.5): boolean {
    return this.next() < pTrue;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick from an empty array');
    return xs[this.int(0, xs.length - 1)];
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }

  fork(label: string): Rng {
    return new Sfc32(`${this.seed}\u0000${label}`);
  }
}

export function createRng(seed: number | string): Rng {
  return new Sfc32(String(seed));
}
