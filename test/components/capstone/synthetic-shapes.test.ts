// The page's synthetic scenes are train.py's: grey levels in its range (background under 0.15,
// shapes from 0.45, noise of sd 0.03 on both), 2 or 3 shapes that do not touch, each mask at least
// 12 pixels; the same seed gives the same scene; and TinySAM, which was trained on train.py's
// scenes, segments these with one point at a shape's centre at a mean IoU of at least 0.8.
import { describe, expect, it } from 'vitest';
import { tinySamMask } from '../../../engine/tiny-sam.ts';
import { maskIoU, syntheticScene } from '../../../components/capstone/synthetic-shapes.ts';
import { readWeights } from '../../../exercises/capstone/files.ts';
import { tinySamFrom } from '../../../exercises/capstone/weights.ts';

const scenes = Array.from({ length: 20 }, (_, i) => syntheticScene(`test-${i}`));

describe('synthetic shapes', () => {
  it('draws images in the value range train.py produces, with its shapes', () => {
    for (const s of scenes) {
      expect(s.image.length).toBe(1);
      expect(s.image[0].length).toBe(32);
      expect(s.image[0].every((row) => row.length === 32)).toBe(true);
      expect(s.shapes.length).toBeGreaterThanOrEqual(2);
      expect(s.shapes.length).toBeLessThanOrEqual(3);
      const onShape = (x: number, y: number) => s.shapes.some((sh) => sh.mask[y][x] === 1);
      const bg: number[] = [];
      s.image[0].forEach((row, y) => row.forEach((v, x) => (onShape(x, y) ? null : bg.push(v))));
      // 6 sd of noise around [0, 0.15) and [0.45, 1)
      expect(Math.min(...bg)).toBeGreaterThan(-0.18);
      expect(Math.max(...bg)).toBeLessThan(0.33);
      for (const sh of s.shapes) {
        const vals = sh.mask.flatMap((row, y) => row.flatMap((m, x) => (m ? [s.image[0][y][x]] : [])));
        expect(vals.length).toBe(sh.area);
        expect(sh.area).toBeGreaterThanOrEqual(12);
        const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
        expect(mean).toBeGreaterThan(0.43);
        expect(mean).toBeLessThan(1.02);
        expect(Math.min(...vals)).toBeGreaterThan(0.45 - 0.18);
        expect(Math.max(...vals)).toBeLessThan(1 + 0.18);
        const [cx, cy] = sh.centre;
        expect(sh.mask[cy][cx]).toBe(1);
        const [x0, y0, x1, y1] = sh.box;
        expect(sh.mask.flat().filter((m, i) => m === 1 && (i % 32 < x0 || i % 32 > x1 || Math.floor(i / 32) < y0 || Math.floor(i / 32) > y1))).toEqual([]);
      }
      // no two shapes touch, not even side by side
      for (const a of s.shapes) for (const b of s.shapes) {
        if (a === b) continue;
        const touching = a.mask.some((row, y) => row.some((m, x) => m === 1 && [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]].some(([dx, dy]) => b.mask[y + dy]?.[x + dx] === 1)));
        expect(touching).toBe(false);
      }
    }
    expect(new Set(scenes.flatMap((s) => s.shapes.map((sh) => sh.kind)))).toEqual(new Set(['circle', 'rectangle', 'triangle']));
  });

  it('gives the same scene for the same seed, another for another', () => {
    expect(syntheticScene('test-3')).toEqual(scenes[3]);
    expect(syntheticScene('test-4').image).not.toEqual(scenes[3].image);
  });

  it('is segmented by TinySAM from a point at a shape\'s centre (mean IoU >= 0.8)', () => {
    const model = tinySamFrom(readWeights('tiny-sam'));
    const ious = scenes.flatMap((s) => s.shapes.map((sh) => maskIoU(tinySamMask(s.image, { points: [sh.centre], labels: [1] }, model), sh.mask)));
    const mean = ious.reduce((a, b) => a + b, 0) / ious.length;
    expect(mean).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('measures IoU as train.py does', () => {
    expect(maskIoU([[1, -1], [1, -1]], [[1, 0], [0, 0]])).toBe(0.5);
    expect(maskIoU([[-1]], [[0]])).toBe(1);
  });
});
