// /capstone/sam: TinySAM (exercises/capstone/tiny-sam), a promptable segmenter trained on synthetic
// shapes, segmenting in the learner's browser. The server only names the weights' URLs (keyed by
// their sha256); the scenes are drawn and the model runs on the learner's machine
// (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { capstonePage } from '../../../lib/capstone/page.ts';
import { SamPlayground } from '../../../components/capstone/SamPlayground.tsx';
import { SAM_COMPONENTS } from '../../../components/capstone/sam-components.ts';

export const metadata: Metadata = { title: 'Capstone: TinySAM' };

export default async function CapstoneSamPage() {
  const { components, space, manifest, urls } = await capstonePage('tiny-sam', '/capstone/sam', SAM_COMPONENTS);
  const { imageSize, patchSize, d, numHeads, decoderHeads, maskChannels } = manifest.config;
  return (
    <div className="capstone-page">
      <p>
        <Link href="/">Course map</Link>
      </p>
      <h1>Capstone: TinySAM</h1>
      <p>
        Segment Anything&apos;s pipeline at toy size, built from the pieces of the course: a {imageSize} x {imageSize} grey image cut into {patchSize} x {patchSize} patches,
        one encoder block (d = {d}, {numHeads} heads) as the image encoder, random Fourier features for the positions and the prompt, one two-way block ({decoderHeads} heads)
        between the prompt tokens and the image, and {maskChannels} mask channels whose dot product with the mask token&apos;s hypernetwork output is the mask. It was trained on
        synthetic scenes of circles, rectangles and triangles like the one below, and it runs here, in your browser, in a background worker: put points on a shape (and
        negative points on what is not it) or drag a box around one, and see the mask it predicts and how well it overlaps the shape&apos;s true mask.
      </p>
      <SamPlayground urls={urls} imageSize={imageSize} components={components} space={space} />
    </div>
  );
}
