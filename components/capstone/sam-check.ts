// TinySAM's components against the reference (component-check.ts) on the learner's image: each
// stage's largest |difference|, over the prompt they gave and one of the other kind (a box around
// their points, or a point at their box's centre), since the point and box encoders each run only
// for their own kind of prompt.
import type { SamPrompt, TinySAM } from '../../engine/tiny-sam.ts';
import type { Tensor3 } from '../../engine/types.ts';
import { checkEach, type CheckedComponent, type CheckReport, type LayerDifference } from './component-check.ts';
import { composedSam, composeParts, layerDifferences, type SamParts } from './sam-compose.ts';

/** The prompt of the other kind, inside a size x size image. */
export function otherPrompt(prompt: SamPrompt, size: number): SamPrompt {
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  if ('box' in prompt) {
    const [x0, y0, x1, y1] = prompt.box;
    return { points: [[Math.round((x0 + x1) / 2), Math.round((y0 + y1) / 2)]], labels: [1] };
  }
  const xs = prompt.points.map((p) => p[0]);
  const ys = prompt.points.map((p) => p[1]);
  return { box: [clamp(Math.min(...xs) - 3), clamp(Math.min(...ys) - 3), clamp(Math.max(...xs) + 3), clamp(Math.max(...ys) + 3)] };
}

function worstOf(a: LayerDifference[], b: LayerDifference[]): LayerDifference[] {
  return a.map((l, i) => ({ layer: l.layer, maxAbsDiff: Math.max(l.maxAbsDiff, b[i].maxAbsDiff) }));
}

export function checkSam(image: Tensor3, prompt: SamPrompt, model: TinySAM, mine: Partial<SamParts>, chosen: readonly CheckedComponent[], use: (parts: SamParts) => void, starting?: (exerciseId: string) => void): CheckReport {
  const other = otherPrompt(prompt, image[0].length);
  // the reference's passes once: every component is measured against them
  const reference = composeParts({});
  const refs = [composedSam(image, prompt, model, reference), composedSam(image, other, model, reference)];
  const both = (parts: SamParts) => worstOf(layerDifferences(image, prompt, model, parts, refs[0]), layerDifferences(image, other, model, parts, refs[1]));
  return checkEach<SamParts>({ chosen, mine, compose: composeParts, use, starting, measure: (_name, parts) => ({ layers: both(parts) }), combined: both });
}
