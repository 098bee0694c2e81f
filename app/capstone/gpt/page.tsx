// /capstone/gpt: TinyGPT (exercises/capstone/tiny-gpt), trained on this course's prose, generating
// in the learner's browser. The server only names the weights' URLs (keyed by their sha256); the
// model runs in a Web Worker on the learner's machine (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { capstonePage } from '../../../lib/capstone/page.ts';
import { GptPlayground } from '../../../components/capstone/GptPlayground.tsx';
import { GPT_COMPONENTS } from '../../../components/capstone/gpt-components.ts';

export const metadata: Metadata = { title: 'Capstone: TinyGPT' };

export default async function CapstoneGptPage() {
  const { components, space, manifest, urls } = await capstonePage('tiny-gpt', '/capstone/gpt', GPT_COMPONENTS);
  const { contextLength, layers, numHeads, d } = manifest.config;
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
      <GptPlayground urls={urls} contextLength={contextLength} components={components} space={space} />
    </div>
  );
}
