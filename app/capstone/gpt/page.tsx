// /capstone/gpt: TinyGPT (exercises/capstone/tiny-gpt), trained on this course's prose, generating
// in the learner's browser. The server only names the weights' URLs (keyed by their sha256); the
// model runs in a Web Worker on the learner's machine (components/capstone/).
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '../../../lib/session.ts';
import { modelFileUrl, modelManifest, modelSha256 } from '../../../lib/capstone/model-files.ts';
import { GptPlayground } from '../../../components/capstone/GptPlayground.tsx';
import styles from '../../../components/capstone/capstone.module.css';
import { GPT_COMPONENTS } from '../../../components/capstone/gpt-components.ts';
import { latestPassingCode } from '../../../lib/capstone/learner-code.ts';
import { currentSpace } from '../../../lib/current-space.ts';
import { db } from '../../../lib/db.ts';
import { exerciseHref } from '../../../lib/course.ts';
import { formatTime } from '../../_components/format.ts';

export const metadata: Metadata = { title: 'Capstone: TinyGPT' };

export default async function CapstoneGptPage() {
  const user = await requireUser('/capstone/gpt');
  const space = await currentSpace(user.id);
  // which pieces the learner has passed (in this space): shown now, composed into the model next
  const passing = await latestPassingCode(db(), { userId: user.id, cohortId: space.cohortId }, GPT_COMPONENTS.map((c) => c.exerciseId));
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
        time.
      </p>
      <p data-testid="components-note" className={styles.components}>
        <strong>Every component of this model is the reference engine for now</strong> (attention, multi-head attention, layer norm, GELU, feed-forward, the blocks and the
        top-k sampler), not your own code. Running it with the functions you have passed is the next step of this page.
      </p>
      <table className={styles.componentTable} aria-label="Components of the model">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Your work{space.cohortId === null ? ' (practice)' : ` (${space.name})`}</th>
            <th scope="col">Runs here</th>
          </tr>
        </thead>
        <tbody>
          {GPT_COMPONENTS.map((c) => {
            const mine = passing[c.exerciseId];
            return (
              <tr key={c.exerciseId} data-component={c.exerciseId} data-solved={mine ? 'yes' : 'no'}>
                <td>
                  <Link href={exerciseHref(c.exerciseId)}>{c.name}</Link>
                </td>
                <td>{mine ? `passed (submitted ${formatTime(mine.submittedAt)})` : 'not solved yet'}</td>
                <td>{mine ? 'reference (yours is not composed in yet)' : 'reference (not solved yet)'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <GptPlayground urls={urls} contextLength={contextLength} />
    </div>
  );
}
