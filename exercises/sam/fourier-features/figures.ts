import { gaussianMatrix } from '../../../engine/generate.ts';
import { matmul, transpose } from '../../../engine/linalg.ts';
import { createRng } from '../../../engine/random.ts';
import { fourierFeatures } from '../../../engine/sam.ts';
import type { FigureSet } from '../../figures.ts';

const POINTS = 24;
const F = 64;

export const figures: FigureSet = {
  'fourier-similarity': () => {
    // points left to right along the middle of the image, encoded with one fixed random matrix
    const coords = Array.from({ length: POINTS }, (_, i) => [(i + 0.5) / POINTS, 0.5]);
    const enc = fourierFeatures(coords, gaussianMatrix(createRng('fourier-similarity'), 2, F)); // (POINTS, 2F)
    const similarity = matmul(enc, transpose(enc)).map((row) => row.map((v) => v / F)); // (POINTS, POINTS)
    return {
      kind: 'heatmap',
      title: `Dot products of the encodings of ${POINTS} points along a horizontal line (F = ${F}, divided by F)`,
      matrix: similarity,
      rowLabel: 'point i (left to right)',
      colLabel: 'point j (left to right)',
      description:
        'Each encoding has squared length F, so the diagonal is 1. Every diagonal of the map is constant, because the dot product depends only on the offset between two points; it falls off with the distance and stays small (within about ±0.2) for distant points: nearby points get similar vectors.',
      domain: [-1, 1],
      showValues: false,
    };
  },
};
