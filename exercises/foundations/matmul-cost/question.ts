import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

/** A is n x k, B is k x m, C is m x p. */
interface Params {
  n: number;
  k: number;
  m: number;
  p: number;
}

const SIZES = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 50, 64, 100, 128];

/** FLOPs of an (r x s) by (s x t) product: r s t multiply-adds, 2 FLOPs each. */
const flops = (r: number, s: number, t: number) => 2 * r * s * t;
const leftFirst = ({ n, k, m, p }: Params) => flops(n, k, m) + flops(n, m, p); // (A B) C
const rightFirst = ({ n, k, m, p }: Params) => flops(k, m, p) + flops(n, k, p); // A (B C)

function draw(rng: Rng): Params {
  for (;;) {
    const q = { n: rng.pick(SIZES), k: rng.pick(SIZES), m: rng.pick(SIZES), p: rng.pick(SIZES) };
    if (leftFirst(q) !== rightFirst(q)) return q;
  }
}

export default defineQuestion<Params>({
  id: 'foundations/matmul-cost',
  title: 'What a matrix product costs',
  order: 2,
  exercises: ['foundations/matmul'],
  parts: [
    { name: 'multiplyAdds', kind: 'number', label: 'multiply-adds of $AB$', points: 2, tolerance: EXACT_NUMBER },
    { name: 'flops', kind: 'number', label: 'FLOPs of $AB$', points: 2, tolerance: EXACT_NUMBER },
    {
      name: 'order',
      kind: 'choice',
      label: 'the cheaper way to compute $ABC$',
      points: 2,
      options: () => [
        { id: 'a', label: '$(AB)C$' },
        { id: 'b', label: '$A(BC)$' },
      ],
    },
    { name: 'chainFlops', kind: 'number', label: 'FLOPs of $ABC$ computed the cheaper way', points: 2, tolerance: EXACT_NUMBER },
    { name: 'squareFlops', kind: 'expression', label: 'FLOPs of the product of two $N \\times N$ matrices, as a formula in $N$', points: 2, variables: [{ name: 'N', min: 1, max: 200, integer: true }] },
  ],
  generate: draw,
  answer: (q) => ({
    multiplyAdds: q.n * q.k * q.m,
    flops: flops(q.n, q.k, q.m),
    order: leftFirst(q) < rightFirst(q) ? 'a' : 'b',
    chainFlops: Math.min(leftFirst(q), rightFirst(q)),
    squareFlops: '2*N^3',
  }),
  worked: (q) => ({
    left: texNumber(leftFirst(q)),
    right: texNumber(rightFirst(q)),
    leftAB: texNumber(flops(q.n, q.k, q.m)),
    leftABC: texNumber(flops(q.n, q.m, q.p)),
    rightBC: texNumber(flops(q.k, q.m, q.p)),
    rightABC: texNumber(flops(q.n, q.k, q.p)),
  }),
  misconceptions: [
    {
      id: 'output-entries',
      part: 'multiplyAdds',
      title: 'one multiply-add per output entry',
      hint: 'Each of the n·m entries of AB is a dot product of length k: k multiply-adds per entry.',
      compute: ({ n, m }) => n * m,
    },
    {
      id: 'multiply-adds-as-flops',
      part: 'flops',
      title: 'a multiply-add counted as one FLOP',
      hint: 'A multiply-add is two floating-point operations, a multiply and an add.',
      compute: ({ n, k, m }) => n * k * m,
    },
    {
      id: 'costlier-order',
      part: 'chainFlops',
      title: 'the more expensive order',
      hint: 'Count both orders: (AB)C first builds an n x m matrix, A(BC) a k x p one; the smaller intermediate usually wins.',
      compute: (q) => Math.max(leftFirst(q), rightFirst(q)),
    },
    {
      id: 'cube-as-multiply-adds',
      part: 'squareFlops',
      title: 'N³ multiply-adds given as FLOPs',
      hint: 'N² entries, N multiply-adds each: N³ multiply-adds, and each multiply-add is 2 FLOPs.',
      compute: () => 'N^3',
    },
    {
      id: 'square-count',
      part: 'squareFlops',
      title: 'counted the output entries only',
      hint: 'The product has N² entries, but each one costs a dot product of length N.',
      compute: () => '2*N^2',
    },
  ],
});
