import { binaryTarget, logitsAwayFromZero } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { segmentationLosses } from '../../../engine/sam.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

/** Logits with |l| in [lo, hi] and a random sign: confident predictions, right or wrong. */
function confidentLogits(rng: Rng, rows: number, cols: number, lo: number, hi: number): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(lo, hi) * (rng.bool() ? 1 : -1)));
}

function lossCase(name: string, logits: Matrix, target: Matrix) {
  return { name, args: [logits, target] };
}

const zeros = (rows: number, cols: number): Matrix => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

export default defineExercise({
  id: 'sam/losses',
  title: 'Segmentation losses: focal, dice and IoU',
  order: 8,
  prerequisites: ['sam/mask-logits'],
  functionName: 'segmentationLosses',
  reference: segmentationLosses,
  points: 15,
  helpers: [],
  hints: [
    'Compute BCE from the logit, max(l, 0) − l·t + log(1 + exp(−|l|)), never from log(p): for |l| in the tens, p rounds to 0 or 1 and the log breaks.',
    'In the focal term p_t is the probability of the true class and α_t swaps with the class: 0.25 where t = 1, 0.75 where t = 0. Average over all pixels.',
    'Dice keeps the +1 in numerator and denominator; IoU counts pixels with l > 0 and returns 1 when the prediction and the target are both empty.',
  ],
  visibleCases: () => [
    lossCase('worked-example', [[2, -1]], [[1, 0]]),
    lossCase('three-by-three', [[2.5, -0.5, 1], [-3, 0.2, -1.5], [4, -2, 0.7]], [[1, 0, 1], [0, 0, 0], [1, 0, 1]]),
    lossCase('both-empty', [[-2, -1], [-3, -0.5]], [[0, 0], [0, 0]]),
  ],
  hiddenCases: (rng) => {
    const r = (name: string) => rng.fork(name);
    const a = r('moderate-4x5');
    const b = r('confident-around-30');
    const c = r('huge-logits');
    const d = r('empty-target-false-positives');
    const e = r('mixed-magnitudes');
    const f = r('both-empty-large');
    return [
      lossCase('moderate-4x5', logitsAwayFromZero(a, 4, 5), binaryTarget(a, 4, 5)),
      lossCase('confident-around-30', confidentLogits(b, 3, 4, 28, 34), binaryTarget(b, 3, 4, 0.5)),
      lossCase('huge-logits', confidentLogits(c, 3, 4, 500, 1000), binaryTarget(c, 3, 4, 0.5)),
      lossCase('empty-target-false-positives', logitsAwayFromZero(d, 3, 3), zeros(3, 3)),
      lossCase('full-target', logitsAwayFromZero(r('full-target'), 2, 4), [[1, 1, 1, 1], [1, 1, 1, 1]]),
      lossCase('single-pixel', [[r('single-pixel').uniform(0.5, 3)]], [[0]]),
      lossCase('mixed-magnitudes', [...logitsAwayFromZero(e, 3, 6), ...confidentLogits(e, 3, 6, 50, 200)], binaryTarget(e, 6, 6)),
      lossCase('both-empty-large', confidentLogits(f, 4, 4, 2, 60).map((row) => row.map((l) => -Math.abs(l))), zeros(4, 4)),
    ];
  },
  misconceptions: [
    {
      id: 'naive-bce',
      title: 'BCE from log(p) and log(1 − p)',
      hint: 'For confident logits sigmoid(l) rounds to exactly 0 or 1 and the log goes to −∞ or loses its digits; compute BCE from the logit: max(l, 0) − l·t + log(1 + exp(−|l|)).',
      compute: (logits: Matrix, target: Matrix) => segmentationLosses(logits, target, { naiveBce: true }),
    },
    {
      id: 'dice-unsmoothed',
      title: 'dice without the +1 smoothing',
      hint: 'Dice is 1 − (2·Σ p·t + 1) / (Σ p + Σ t + 1): the +1 goes in both the numerator and the denominator.',
      compute: (logits: Matrix, target: Matrix) => segmentationLosses(logits, target, { diceSmoothing: false }),
    },
    {
      id: 'alpha-not-swapped',
      title: 'alpha 0.25 on every pixel',
      hint: 'α_t depends on the class: 0.25 on target pixels (t = 1) but 0.75 on background pixels (t = 0).',
      compute: (logits: Matrix, target: Matrix) => {
        // alpha_t = 0.25 everywhere is a quarter of the focal loss with alpha_t = 1
        const unweighted = segmentationLosses(logits, target, { focalAlpha: 'none' });
        return { ...unweighted, focal: 0.25 * unweighted.focal };
      },
    },
    {
      id: 'alpha-reversed',
      title: 'alpha 0.75 on positives and 0.25 on negatives',
      hint: 'The 0.25 weight belongs to the target pixels (t = 1) and 0.75 to the background (t = 0).',
      compute: (logits: Matrix, target: Matrix) => segmentationLosses(logits, target, { focalAlpha: 'swapped' }),
    },
    {
      id: 'focal-summed',
      title: 'focal loss summed instead of averaged',
      hint: 'The focal loss is the mean over pixels: divide the sum by the number of pixels.',
      compute: (logits: Matrix, target: Matrix) => segmentationLosses(logits, target, { focalReduction: 'sum' }),
    },
  ],
});
