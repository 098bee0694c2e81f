import type { Rng } from '../../../engine/random.ts';
import { fourierFeatures, normalizePixelCoords } from '../../../engine/sam.ts';
import { defineQuestion, roundTo, texMatrix, texNumber, texVector } from '../../question-types.ts';

interface Params {
  height: number;
  width: number;
  x: number;
  y: number;
  gaussian: number[][];
}

function draw(rng: Rng): Params {
  const [height, width] = rng.pick([[480, 640], [600, 800], [768, 1024], [640, 480], [1024, 768]]);
  const gaussian = Array.from({ length: 2 }, () => Array.from({ length: 2 }, () => roundTo(rng.uniform(-1, 1), 1)));
  return { height, width, x: rng.int(0, width - 1), y: rng.int(0, height - 1), gaussian };
}

const coords = (p: Params, o: Parameters<typeof normalizePixelCoords>[2] = {}) => normalizePixelCoords([[p.x, p.y]], [p.height, p.width], o)[0];

export default defineQuestion<Params>({
  id: 'sam/point-encoding',
  title: 'The Fourier encoding of a click',
  order: 3,
  exercises: ['sam/fourier-features', 'sam/point-prompts'],
  parts: [
    { name: 'coords', kind: 'vector', label: 'the normalised coordinates $(c_x, c_y)$', points: 4, tolerance: { atol: 1e-5, rtol: 0 } },
    { name: 'features', kind: 'vector', label: 'the 4 Fourier features of the point', points: 6, tolerance: { atol: 1e-3, rtol: 0 } },
  ],
  generate: draw,
  answer: (p) => ({ coords: coords(p), features: fourierFeatures([coords(p)], p.gaussian)[0] }),
  text: (p) => ({ gaussianTex: texMatrix(p.gaussian) }),
  worked: (p) => {
    const c = coords(p);
    const centred = c.map((v) => 2 * v - 1);
    const angles = [0, 1].map((f) => 2 * Math.PI * (centred[0] * p.gaussian[0][f] + centred[1] * p.gaussian[1][f]));
    return { centredTex: texVector(centred, 6), anglesTex: texVector(angles, 6), cx: texNumber(c[0], 6), cy: texNumber(c[1], 6) };
  },
  misconceptions: [
    {
      id: 'no-half-pixel',
      part: 'coords',
      title: 'the +0.5 forgotten',
      hint: 'SAM adds 0.5 to move a pixel index to the pixel centre before dividing by the image size.',
      compute: (p) => coords(p, { shift: false }),
    },
    {
      id: 'height-width-swapped',
      part: 'coords',
      title: 'x divided by the height',
      hint: 'x runs along the width and y along the height: divide x + 0.5 by W and y + 0.5 by H.',
      compute: (p) => coords(p, { normalizeBy: 'wh' }),
    },
    {
      id: 'not-centred',
      part: 'features',
      title: 'the map to [-1, 1] forgotten',
      hint: 'SAM maps the coordinates to [-1, 1] with 2c − 1 before multiplying by the Gaussian matrix.',
      compute: (p) => fourierFeatures([coords(p)], p.gaussian, { centre: false })[0],
    },
    {
      id: 'no-two-pi',
      part: 'features',
      title: 'the 2π forgotten',
      hint: 'The angles are 2π (2c − 1) G.',
      compute: (p) => fourierFeatures([coords(p)], p.gaussian, { twoPi: false })[0],
    },
    {
      id: 'cos-first',
      part: 'features',
      title: 'cosines before sines',
      hint: 'The sine block comes first: [sin(angles), cos(angles)].',
      compute: (p) => fourierFeatures([coords(p)], p.gaussian, { order: 'cos-sin' })[0],
    },
  ],
});
