import { patchify } from '../../../engine/vision.ts';
import type { FigureSet } from '../../figures.ts';

// Which token each pixel lands in: patchify an image whose pixels hold their own raster index,
// then write each token's number back at the pixels it holds.
const H = 12;
const W = 16;
const P = 4;

function patchIndexMap(): number[][] {
  const indices = [Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => y * W + x))];
  const map = Array.from({ length: H }, () => new Array<number>(W).fill(0));
  patchify(indices, P).forEach((patch, token) => {
    for (const pixel of patch) map[Math.floor(pixel / W)][pixel % W] = token;
  });
  return map;
}

export const figures: FigureSet = {
  'patch-order': () => ({
    kind: 'heatmap',
    title: 'Token number of every pixel: a 12 x 16 image cut into 4 x 4 patches',
    matrix: patchIndexMap(),
    rowLabel: 'y',
    colLabel: 'x',
    description: 'The 3 x 4 grid of patches is numbered in raster order: 0 to 3 along the top row of patches, 4 to 7 along the middle row, 8 to 11 along the bottom row.',
    domain: [-11, 11],
    showValues: true,
  }),
};
