// TinyViT's components against the reference (component-check.ts) on the learner's digit: each
// stage's largest |difference|.
import type { Tensor3, TinyViT } from '../../engine/types.ts';
import { checkEach, type CheckedComponent, type CheckReport } from './component-check.ts';
import { composedVit, composeParts, layerDifferences, type VitParts } from './vit-compose.ts';

export function checkVit(image: Tensor3, model: TinyViT, mine: Partial<VitParts>, chosen: readonly CheckedComponent[], use: (parts: VitParts) => void, starting?: (exerciseId: string) => void): CheckReport {
  const ref = composedVit(image, model, composeParts({})); // once: every component is measured against it
  const measure = (parts: VitParts) => layerDifferences(image, model, parts, ref);
  return checkEach<VitParts>({ chosen, mine, compose: composeParts, use, starting, measure: (_name, parts) => ({ layers: measure(parts) }), combined: measure });
}
