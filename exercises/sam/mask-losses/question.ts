import { sigmoidScalar } from '../../../engine/linalg.ts';
import type { Rng } from '../../../engine/random.ts';
import { segmentationLosses } from '../../../engine/sam.ts';
import { defineQuestion, roundTo, texMatrix, texNumber } from '../../question-types.ts';

interface Params {
  logits: number[][];
  target: number[][];
}

function draw(rng: Rng): Params {
  for (;;) {
    const logits = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => roundTo(rng.uniform(0.1, 3), 1) * (rng.bool() ? 1 : -1)));
    const target = logits.map((row) => row.map((l) => (rng.bool(0.75) ? (l > 0 ? 1 : 0) : l > 0 ? 0 : 1)));
    const ones = target.flat().filter((t) => t === 1).length;
    const predicted = logits.flat().filter((l) => l > 0).length;
    if (ones >= 2 && ones <= 7 && predicted >= 1) return { logits, target };
  }
}

export default defineQuestion<Params>({
  id: 'sam/mask-losses',
  title: 'Dice, IoU and focal loss of a small mask',
  order: 2,
  exercises: ['sam/losses'],
  parts: [
    { name: 'iou', kind: 'number', label: 'the IoU of the thresholded prediction', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'dice', kind: 'number', label: 'the dice loss', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'focal', kind: 'number', label: 'the focal loss', points: 4, tolerance: { sigFigs: 3 } },
  ],
  generate: draw,
  answer: ({ logits, target }) => ({ ...segmentationLosses(logits, target) }),
  text: ({ logits, target }) => ({ logitsTex: texMatrix(logits), targetTex: texMatrix(target) }),
  worked: ({ logits, target }) => {
    const p = logits.map((row) => row.map(sigmoidScalar));
    const flat = (m: number[][]) => m.flat();
    const pred = flat(logits).map((l) => (l > 0 ? 1 : 0));
    const t = flat(target);
    return {
      probsTex: texMatrix(p, 4),
      inter: pred.filter((v, i) => v === 1 && t[i] === 1).length,
      union: pred.filter((v, i) => v === 1 || t[i] === 1).length,
      pt: texNumber(flat(p).reduce((s, v, i) => s + v * t[i], 0), 5),
      pSum: texNumber(flat(p).reduce((s, v) => s + v, 0), 5),
      tSum: t.reduce((s, v) => s + v, 0),
    };
  },
  misconceptions: [
    {
      id: 'soft-iou',
      part: 'iou',
      title: 'IoU of the probabilities',
      hint: 'The IoU thresholds the prediction first: a pixel is predicted when its logit is above 0.',
      compute: ({ logits, target }) => {
        const p = logits.flat().map(sigmoidScalar);
        const t = target.flat();
        const inter = p.reduce((s, v, i) => s + v * t[i], 0);
        return inter / (p.reduce((s, v) => s + v, 0) + t.reduce((s, v) => s + v, 0) - inter);
      },
    },
    {
      id: 'no-smoothing',
      part: 'dice',
      title: 'dice without the +1',
      hint: 'The course smooths dice with +1 in the numerator and the denominator: 1 − (2 Σ p t + 1) / (Σ p + Σ t + 1).',
      compute: ({ logits, target }) => segmentationLosses(logits, target, { diceSmoothing: false }).dice,
    },
    {
      id: 'binary-dice',
      part: 'dice',
      title: 'dice of the thresholded prediction',
      hint: 'The dice loss uses the probabilities p = sigmoid(logit), not the 0/1 prediction, so it stays differentiable.',
      compute: ({ logits, target }) => segmentationLosses(logits, target, { diceOn: 'binary' }).dice,
    },
    {
      id: 'alpha-swapped',
      part: 'focal',
      title: 'alpha swapped between positives and negatives',
      hint: 'alpha_t is 0.25 where the target is 1 and 0.75 where it is 0.',
      compute: ({ logits, target }) => segmentationLosses(logits, target, { focalAlpha: 'swapped' }).focal,
    },
    {
      id: 'focal-sum',
      part: 'focal',
      title: 'summed over the pixels',
      hint: 'The focal loss is the mean over the pixels.',
      compute: ({ logits, target }) => segmentationLosses(logits, target, { focalReduction: 'sum' }).focal,
    },
  ],
});
