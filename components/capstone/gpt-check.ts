// TinyGPT's components against the reference (component-check.ts) on the prompt: each layer's
// largest |difference|, and for the sampler the tokens it draws at fixed u on the reference's
// logits (a draw is a token, not a number to be close to).
import type { TinyGPT } from '../../engine/types.ts';
import { checkEach, type CheckedComponent, type CheckReport } from './component-check.ts';
import { composedForward, composeParts, layerDifferences, type GptParts } from './gpt-compose.ts';

/** The sampler's draws are compared at these u: the head, the middle and the tail of the distribution. */
export const CHECK_DRAWS = [0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999] as const;

export function checkComponents(
  tokens: number[],
  model: TinyGPT,
  mine: Partial<GptParts>,
  chosen: readonly CheckedComponent[],
  sampling: { topK: number; temperature: number },
  use: (parts: GptParts) => void,
  starting?: (exerciseId: string) => void,
): CheckReport {
  const reference = composeParts({});
  const ref = composedForward(tokens, model, reference); // once: every component is measured against it
  return checkEach<GptParts>({
    chosen,
    mine,
    compose: composeParts,
    use,
    starting,
    measure: (functionName, parts) => {
      if (functionName !== 'sampleTopK') return { layers: layerDifferences(tokens, model, parts, ref) };
      const logits = ref.logits.at(-1)!;
      const draws = CHECK_DRAWS.map((u) => ({ u, mine: parts.sampleTopK(logits, sampling.topK, sampling.temperature, u) as unknown, reference: reference.sampleTopK(logits, sampling.topK, sampling.temperature, u) }));
      return { draws: draws.filter((d) => d.mine !== d.reference), drawCount: CHECK_DRAWS.length };
    },
    combined: (parts) => layerDifferences(tokens, model, parts, ref),
    inCombined: (functionName) => functionName !== 'sampleTopK',
  });
}
