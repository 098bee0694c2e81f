// /capstone/sam: TinySAM (exercises/capstone/tiny-sam), a promptable segmenter trained on synthetic
// shapes, segmenting in the learner's browser. The server only names the weights' URLs (keyed by
// their sha256); the scenes are drawn and the model runs on the learner's machine
// (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '../../../lib/session.ts';
import { modelFileUrl, modelManifest, modelSha256 } from '../../../lib/capstone/model-files.ts';
import { SamPlayground } from '../../../components/capstone/SamPlayground.tsx';
import { SAM_COMPONENTS } from '../../../components/capstone/sam-components.ts';
import { capstoneComponents } from '../../../lib/capstone/components.ts';
import { currentSpace } from '../../../lib/current-space.ts';
import { db } from '../../../lib/db.ts';

export const metadata: Metadata = { title: 'Capstone: TinySAM' };

export default async function CapstoneSamPage() {
  const user = await requireUser('/capstone/sam');
  const space = await currentSpace(user.id);
  const components = await capstoneComponents(db(), { userId: user.id, cohortId: space.cohortId }, SAM_COMPONENTS);
  const sha = modelSha256('tiny-sam');
  // the configuration only: the weights themselves are read, checked and run in the browser
  const { imageSize, patchSize, d, numHeads, decoderHeads, maskChannels } = modelManifest('tiny-sam').config;
  const urls = { manifest: modelFileUrl('tiny-sam', sha, 'manifest.json'), weights: modelFileUrl('tiny-sam', sha, 'weights.bin') };
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
      <SamPlayground urls={urls} imageSize={imageSize} components={components} space={space.cohortId === null ? 'practice' : space.name} />
    </div>
  );
}
