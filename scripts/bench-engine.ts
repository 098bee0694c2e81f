// Times the reference multi-head attention at n = 64, d = 64, 4 heads: the whole layer (the four
// 64 x 64 projections included) and its attention core alone (4 heads of softmax(Q K^T / 4) V on
// 64 x 16 blocks), and a layer of the size exercises use. Warm-up first, then the median over many runs.
// Usage: npx tsx scripts/bench-engine.ts [runs]
import { attention, multiHeadAttention } from '../engine/attention.ts';
import { matrix, mhaWeights } from '../engine/generate.ts';
import { sliceColumns } from '../engine/linalg.ts';
import { createRng } from '../engine/random.ts';

const runs = Number(process.argv[2] ?? 1000);
const rng = createRng('bench-engine');
const n = 64;
const d = 64;
const numHeads = 4;
const dh = d / numHeads;
const X = matrix(rng, n, d);
const w = mhaWeights(rng, d);
const heads = Array.from({ length: numHeads }, (_, h) => sliceColumns(X, h * dh, (h + 1) * dh)); // (n, dh) each

function median(label: string, f: () => number): void {
  let sink = 0;
  for (let i = 0; i < 300; i++) sink += f(); // warm-up: let the JIT optimise
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink += f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] * 1000).toFixed(0);
  console.log(`${label}: median ${q(0.5)} us (p10 ${q(0.1)}, p90 ${q(0.9)}; ${runs} runs)${Number.isFinite(sink) ? '' : ' NON-FINITE OUTPUT'}`);
}

median(`multiHeadAttention n=${n} d=${d} heads=${numHeads}, projections included`, () => multiHeadAttention(X, X, w, numHeads)[0][0]);
median(`attention core only, ${numHeads} heads of ${n} x ${dh}`, () => heads.reduce((s, H) => s + attention(H, H, H)[0][0], 0));
const [Xs, ws] = [matrix(rng, 4, 8), mhaWeights(rng, 8)];
median('multiHeadAttention at exercise size, n=4 d=8 heads=2', () => multiHeadAttention(Xs, Xs, ws, 2)[0][0]);
