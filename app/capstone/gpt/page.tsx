// /capstone/gpt: TinyGPT (exercises/capstone/tiny-gpt), trained on this course's prose, generating
// in the learner's browser. The server only names the weights' URLs (keyed by their sha256); the
// model runs in a Web Worker on the learner's machine (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '../../../lib/session.ts';
import { modelFileUrl, modelManifest, modelSha256 } from '../../../lib/capstone/model-files.ts';
import { GptPlayground } from '../../../components/capstone/GptPlayground.tsx';
import { GPT_COMPONENTS } from '../../../components/capstone/gpt-components.ts';
import { capstoneComponents } from '../../../lib/capstone/components.ts';
import { currentSpace } from '../../../lib/current-space.ts';
import { db } from '../../../lib/db.ts';

export const metadata: Metadata = { title: 'Capstone: TinyGPT' };

export default async function CapstoneGptPage() {
  const user = await requireUser('/capstone/gpt');
  const space = await currentSpace(user.id);
  const components = await capstoneComponents(db(), { userId: user.id, cohortId: space.cohortId }, GPT_COMPONENTS);
  const sha = modelSha256('tiny-gpt');
  // the configuration only: the weights themselves are read, checked and run in the browser
  const { contextLength, layers, numHeads, d } = modelManifest('tiny-gpt').config;
  const urls = { manifest: modelFileUrl('tiny-gpt', sha, 'manifest.json'), weights: modelFileUrl('tiny-gpt', sha, 'weights.bin') };
  return (
    <div className="capstone-page">
      <p>
        <Link href="/">Course map</Link>
      </p>
      <h1>Capstone: TinyGPT</h1>
      <p>
        A character-level GPT with the architecture you build in the course ({layers} pre-LN blocks, d = {d}, {numHeads} heads, a context of {contextLength} characters), trained on
        the course&apos;s own prose. It runs here, in your browser, in a background worker: type a prompt, choose a temperature and top-k, and watch it sample one character at a
        time. Each component runs your own code once you have passed its exercise (or on request, your latest code even before it passes), and is
        checked against the reference on the real weights.
      </p>
      <GptPlayground urls={urls} contextLength={contextLength} components={components} space={space.cohortId === null ? 'practice' : space.name} />
    </div>
  );
}
