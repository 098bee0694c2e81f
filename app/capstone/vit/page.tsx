// /capstone/vit: TinyViT (exercises/capstone/tiny-vit), a Vision Transformer trained on MNIST,
// classifying the learner's own drawing in their browser. The server only names the weights' URLs
// (keyed by their sha256) and hands over the held-out MNIST digits of the golden file as samples;
// the model runs in a Web Worker on the learner's machine (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { capstonePage } from '../../../lib/capstone/page.ts';
import { sampleDigits } from '../../../lib/capstone/samples.ts';
import { VitPlayground } from '../../../components/capstone/VitPlayground.tsx';
import { VIT_COMPONENTS } from '../../../components/capstone/vit-components.ts';

export const metadata: Metadata = { title: 'Capstone: TinyViT' };

export default async function CapstoneVitPage() {
  const { components, space, manifest, urls } = await capstonePage('tiny-vit', '/capstone/vit', VIT_COMPONENTS);
  const { imageSize, patchSize, d, numHeads } = manifest.config;
  return (
    <div className="capstone-page">
      <p>
        <Link href="/">Course map</Link>
      </p>
      <h1>Capstone: TinyViT</h1>
      <p>
        A Vision Transformer with the pipeline you build in the course: a {imageSize} x {imageSize} digit cut into {(imageSize / patchSize) ** 2} patches of {patchSize} x {patchSize} pixels,
        each embedded (d = {d}), a CLS token and learned positions prepended and added, one pre-LN encoder block ({numHeads} heads), the final layer norm and a linear head on the
        CLS token. It was trained on MNIST{manifest.accuracy ? ` (${(100 * manifest.accuracy).toFixed(1)} % right on held-out digits)` : ''} and runs here, in your browser, in a
        background worker: draw a digit and see what it thinks, and where its CLS token looks.
      </p>
      <VitPlayground urls={urls} patchSize={patchSize} samples={sampleDigits()} components={components} space={space} />
    </div>
  );
}
