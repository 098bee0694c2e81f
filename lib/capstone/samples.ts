// The TinyViT page's sample digits: the held-out MNIST digits train.py wrote into the golden file
// (two of each class), with their true labels. The model gets some of them wrong, and the page
// shows that as it is.
import { readGolden } from '../../exercises/capstone/files.ts';
import type { Tensor3 } from '../../engine/types.ts';

let cached: { label: number; image: Tensor3 }[] | undefined;

export function sampleDigits(): { label: number; image: Tensor3 }[] {
  if (!cached) {
    const golden = readGolden<{ images: Tensor3[]; labels: number[] }>('tiny-vit');
    cached = golden.images.map((image, i) => ({ label: golden.labels[i], image }));
  }
  return cached;
}
