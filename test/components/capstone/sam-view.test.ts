// The TinySAM page's arithmetic: a pointer lands on the model pixel it is in (x the column, y the
// row, whole indices as train.py prompts with; the engine adds the 0.5 to the pixel's centre), a
// box is the same whichever way it is dragged, and the read-outs measure the mask against the
// scene's true shapes. The worker refuses requests the page would never send.
import { describe, expect, it } from 'vitest';
import { normalizePixelCoords } from '../../../engine/sam.ts';
import { bestMatch, boxFrom, maskArea, pixelAt, promptOf } from '../../../components/capstone/sam-view.ts';
import { checkSegmentRequest } from '../../../components/capstone/sam-protocol.ts';
import { syntheticScene } from '../../../components/capstone/synthetic-shapes.ts';

const rect = { left: 100, top: 50, width: 320, height: 320 };

describe('the TinySAM view', () => {
  it('maps a pointer on the scaled canvas to the model pixel it is in, (x, y) = (column, row)', () => {
    expect(pixelAt(100, 50, rect, 32)).toEqual([0, 0]);
    expect(pixelAt(100 + 9.99, 50 + 10, rect, 32)).toEqual([0, 1]);
    expect(pixelAt(100 + 125, 50 + 37, rect, 32)).toEqual([12, 3]);
    expect(pixelAt(100 + 320, 50 + 320, rect, 32)).toEqual([31, 31]); // the far edge belongs to the last pixel
    expect(pixelAt(0, 1000, rect, 32)).toEqual([0, 31]); // a drag that leaves the canvas stays on it
    // a canvas drawn at another size on screen reads the same pixel
    expect(pixelAt(100 + 62.5, 50 + 18.75, { ...rect, width: 160, height: 160 }, 32)).toEqual([12, 3]);
    // and the model reads that pixel at its centre: the clicked 10 x 10 square's centre, as a fraction of the canvas
    expect(normalizePixelCoords([[12, 3]], [32, 32])).toEqual([[125 / 320, 35 / 320]]);
  });

  it('spans the same box whichever corner a drag starts from', () => {
    expect(boxFrom([20, 4], [3, 17])).toEqual([3, 4, 20, 17]);
    expect(boxFrom([3, 4], [20, 17])).toEqual([3, 4, 20, 17]);
    expect(boxFrom([5, 5], [5, 5])).toEqual([5, 5, 5, 5]);
  });

  it('makes a prompt of the box or the points, or none', () => {
    expect(promptOf([], null)).toBeNull();
    expect(promptOf([{ x: 3, y: 9, label: 1 }, { x: 20, y: 2, label: 0 }], null)).toEqual({ points: [[3, 9], [20, 2]], labels: [1, 0] });
    expect(promptOf([], [1, 2, 3, 4])).toEqual({ box: [1, 2, 3, 4] });
  });

  it('measures the mask against the true shape it matches best', () => {
    const scene = syntheticScene('view');
    const second = scene.shapes[1];
    const logits = second.mask.map((row) => row.map((m) => (m ? 2 : -2)));
    expect(maskArea(logits)).toBe(second.area);
    expect(bestMatch(logits, scene.shapes)).toEqual({ index: 1, iou: 1 });
    expect(bestMatch(logits, [])).toBeNull();
  });

  it('has the worker refuse malformed requests and run well-formed ones', () => {
    const { image } = syntheticScene('view');
    expect(checkSegmentRequest({ id: 1, image, prompt: { points: [[4, 31]], labels: [1] } }, 32)).toBeNull();
    expect(checkSegmentRequest({ id: 1, image, prompt: { box: [0, 0, 31, 31] } }, 32)).toBeNull();
    expect(checkSegmentRequest({ id: 1, image, prompt: { points: [[4, 32]], labels: [1] } }, 32)).toMatch(/whole pixels/);
    expect(checkSegmentRequest({ id: 1, image, prompt: { points: [[4.5, 3]], labels: [1] } }, 32)).toMatch(/whole pixels/);
    expect(checkSegmentRequest({ id: 1, image, prompt: { points: [], labels: [] } }, 32)).toMatch(/1 to 16 points/);
    expect(checkSegmentRequest({ id: 1, image, prompt: { points: [[1, 1]], labels: [2] } }, 32)).toMatch(/label/);
    expect(checkSegmentRequest({ id: 1, image, prompt: { box: [9, 0, 3, 5] } }, 32)).toMatch(/x0 <= x1/);
    expect(checkSegmentRequest({ id: 1, image: [image[0].slice(1)], prompt: { box: [0, 0, 1, 1] } }, 32)).toMatch(/1 x 32 x 32/);
    expect(checkSegmentRequest({ id: 1, image: [image[0].map((r) => r.map(() => NaN))], prompt: { box: [0, 0, 1, 1] } }, 32)).toMatch(/finite/);
  });
});
