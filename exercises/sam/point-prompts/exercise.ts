import { gaussianMatrix, pixelPoints, pointEmbeddings, pointLabels } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { encodePoints } from '../../../engine/sam.ts';
import type { Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

type Size = [number, number];

interface PointCaseOptions {
  labels?: number[]; // fixed labels instead of random ones
  points?: Matrix; // fixed points instead of random ones
  integer?: boolean; // whole-pixel clicks, as a UI reports them
}

function pointCase(rng: Rng, name: string, N: number, imageSize: Size, F: number, pad: boolean, o: PointCaseOptions = {}) {
  const r = rng.fork(name);
  const points = o.points ?? pixelPoints(r, N, imageSize, o.integer);
  const labels = o.labels ?? pointLabels(r, points.length, 0); // 0/1 clicks unless the case fixes them
  return { name, args: [points, labels, imageSize, gaussianMatrix(r, 2, F), pointEmbeddings(r, 2 * F), pad] };
}

export default defineExercise({
  id: 'sam/point-prompts',
  title: 'Point prompts: a click becomes a token',
  order: 2,
  prerequisites: ['sam/fourier-features'],
  functionName: 'encodePoints',
  reference: encodePoints,
  points: 10,
  helpers: ['fourierFeatures'],
  hints: [
    'imageSize is [H, W], rows first: divide x + 0.5 by imageSize[1] (the width) and y + 0.5 by imageSize[0] (the height).',
    'With pad, append one extra point with label −1 after the given ones; its coordinates never matter.',
    'A label −1 row is not the encoding plus notAPoint: the encoding is replaced by zeros, so the row is exactly emb.notAPoint. Labels 0 and 1 add emb.negative and emb.positive.',
  ],
  visibleCases: (rng) => {
    const r = rng.fork('two-clicks');
    const emb = { notAPoint: [0.5, 0.5, 0.5, 0.5], negative: [-0.1, -0.2, -0.3, -0.4], positive: [0.1, 0.2, 0.3, 0.4] };
    return [
      { name: 'worked-example', args: [[[1, 0]], [1], [2, 4], [[1, 0], [0, 0.5]], emb, false] },
      { name: 'worked-example-padded', args: [[[1, 0]], [1], [2, 4], [[1, 0], [0, 0.5]], emb, true] },
      { name: 'positive-and-negative', args: [[[3, 1], [0, 5]], [1, 0], [6, 4], roundAll(gaussianMatrix(r, 2, 2), 1), emb, false] },
    ];
  },
  hiddenCases: (rng) => [
    pointCase(rng, 'landscape-no-pad', 3, [48, 64], 4, false),
    pointCase(rng, 'portrait-padded', 2, [64, 48], 3, true),
    pointCase(rng, 'given-not-a-point-padded', 4, [30, 50], 4, true, { labels: [1, -1, 0, 1] }),
    pointCase(rng, 'square-single-click', 1, [32, 32], 8, false, { labels: [1] }),
    pointCase(rng, 'whole-pixel-clicks-padded', 5, [20, 36], 3, true, { integer: true }),
    pointCase(rng, 'corner-pixels', 2, [16, 40], 2, false, { points: [[0, 0], [39, 15]], labels: [0, 1] }),
    // Renamed: SAM itself always normalises by its padded (1024, 1024) input. The old name stays
    // the rng fork label, so the case's inputs do not change.
    { ...pointCase(rng, 'sam-sized-image-padded', 3, [768, 1024], 8, true), name: 'large-landscape-image-padded' },
  ],
  misconceptions: [
    {
      id: 'x-y-sides-swapped',
      title: 'x divided by the height, y by the width',
      hint: 'imageSize is [H, W], rows first, but a point is (x, y): x runs along the width imageSize[1], y along the height imageSize[0].',
      compute: (...a: Parameters<typeof encodePoints>) => encodePoints(a[0], a[1], a[2], a[3], a[4], a[5], { normalizeBy: 'wh' }),
    },
    {
      id: 'no-pixel-centre',
      title: '+0.5 pixel-centre shift missing',
      hint: 'Pixel (x, y) covers the square from x to x + 1; SAM encodes its centre, so add 0.5 to both coordinates before dividing.',
      compute: (...a: Parameters<typeof encodePoints>) => encodePoints(a[0], a[1], a[2], a[3], a[4], a[5], { shift: false }),
    },
    {
      id: 'not-a-point-added',
      title: 'not-a-point embedding added to the encoding',
      hint: 'A label −1 point has no position: its encoding is replaced by zeros before emb.notAPoint is added, so its row is exactly emb.notAPoint.',
      compute: (...a: Parameters<typeof encodePoints>) => encodePoints(a[0], a[1], a[2], a[3], a[4], a[5], { padAdds: true }),
    },
    {
      id: 'pad-point-omitted',
      title: 'padding point not appended',
      hint: 'When pad is true, one extra point with label −1 follows the given ones, so the output has one more row than there are points.',
      compute: (...a: Parameters<typeof encodePoints>) => encodePoints(a[0], a[1], a[2], a[3], a[4], false),
    },
    {
      id: 'labels-swapped',
      title: 'positive and negative embeddings swapped',
      hint: 'Label 1 is a positive click (add emb.positive), label 0 a negative one (add emb.negative).',
      compute: (...a: Parameters<typeof encodePoints>) => encodePoints(a[0], a[1], a[2], a[3], a[4], a[5], { swapLabels: true }),
    },
  ],
});
