// What a capstone page's server side gathers, the same for every model: the signed-in learner (a
// visitor is sent to sign in and back), the space they work in, their code per component there,
// and the URLs of the model's two files (keyed by their sha256). The weights themselves are read,
// checked and run in the browser.
import { requireUser } from '../session.ts';
import { currentSpace } from '../current-space.ts';
import { db } from '../db.ts';
import type { CapstoneModel } from '../../exercises/capstone/files.ts';
import type { ComponentInfo } from '../../components/capstone/learner-modules.ts';
import { capstoneComponents } from './components.ts';
import { modelFileUrl, modelManifest, modelSha256 } from './model-files.ts';

export async function capstonePage(model: CapstoneModel, path: string, list: readonly { exerciseId: string; name: string; functionName: string }[]) {
  const user = await requireUser(path);
  const space = await currentSpace(user.id);
  const components: ComponentInfo[] = await capstoneComponents(db(), { userId: user.id, cohortId: space.cohortId }, list);
  const sha = modelSha256(model);
  return {
    components,
    space: space.cohortId === null ? 'practice' : space.name,
    manifest: modelManifest(model),
    urls: { manifest: modelFileUrl(model, sha, 'manifest.json'), weights: modelFileUrl(model, sha, 'weights.bin') },
  };
}
