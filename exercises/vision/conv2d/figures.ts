import { conv2d } from '../../../engine/vision.ts';
import type { FigureSet } from '../../figures.ts';

// A bright square on a dark background, and what a vertical-edge (Sobel) filter makes of it.
const SIDE = 12;
const square = Array.from({ length: SIDE }, (_, y) => Array.from({ length: SIDE }, (_, x) => (y >= 3 && y < 9 && x >= 3 && x < 9 ? 1 : 0)));
const sobelX = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];

export const figures: FigureSet = {
  'conv2d-input': () => ({
    kind: 'heatmap',
    title: 'Input: a bright 6 x 6 square in a 12 x 12 image',
    matrix: square,
    rowLabel: 'y',
    colLabel: 'x',
    description: 'Pixels inside the square are 1, all others 0.',
    domain: [0, 1],
    showValues: false,
  }),
  'conv2d-edges': () => ({
    kind: 'heatmap',
    title: 'Output of the 3 x 3 filter [[1, 0, -1], [2, 0, -2], [1, 0, -1]], stride 1, padding 1',
    matrix: conv2d([square], [[sobelX]], [0], 1, 1)[0],
    rowLabel: 'y',
    colLabel: 'x',
    description:
      'The filter subtracts the column right of each pixel from the column left of it, so it responds only where brightness changes from left to right: negative along the left edge of the square, positive along the right edge, zero inside and outside.',
    showValues: false,
  }),
};
