// How each of the learner's components compares with the reference on the real weights, the way a
// failing case says how far off an output is. Each component is swapped in alone (every other part
// the reference), so a difference is that component's and nobody else's, and then all of them
// together, which is what generates. A component that throws is named with its message.
import type { TinyGPT, Vector } from '../../engine/types.ts';
import { composedForward, composeParts, layerDifferences, type GptParts, type LayerDifference } from './gpt-compose.ts';
import { ComponentError } from './learner-realm.ts';

/** The sampler's draws are compared at these u: the head, the middle and the tail of the distribution. */
export const CHECK_DRAWS = [0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999] as const;

export interface DrawDifference {
  u: number;
  mine: unknown;
  reference: number;
}

export interface ComponentCheck {
  exerciseId: string;
  name: string;
  /** The largest |difference| per layer, with this component alone swapped in. */
  layers?: LayerDifference[];
  /** The sampler: the draws where it picks another token than the reference. */
  draws?: DrawDifference[];
  /** It threw, or returned what is not a number grid. */
  error?: string;
}

export interface CheckedComponent {
  exerciseId: string;
  name: string;
  functionName: keyof GptParts;
}

export interface CheckReport {
  components: ComponentCheck[];
  /** Every chosen component together (the sampler aside); null when one of them threw. */
  combined: LayerDifference[] | null;
}

function errorOf(e: unknown): string {
  if (e instanceof ComponentError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The report for `mine` on `tokens`. `use` makes a composition the one the learner's globals call
 * (learner-realm.ts install); `starting` is told which component is about to run, so a page whose
 * worker stops answering knows whose code never returned.
 */
export function checkComponents(
  tokens: number[],
  model: TinyGPT,
  mine: Partial<GptParts>,
  chosen: readonly CheckedComponent[],
  sampling: { topK: number; temperature: number },
  use: (parts: GptParts) => void,
  starting: (exerciseId: string) => void = () => {},
): CheckReport {
  const components: ComponentCheck[] = [];
  let threw = false;
  for (const c of chosen) {
    const own = mine[c.functionName];
    if (!own) continue;
    starting(c.exerciseId);
    const parts = composeParts({ [c.functionName]: own });
    use(parts);
    try {
      if (c.functionName === 'sampleTopK') {
        const logits: Vector = composedForward(tokens, model, composeParts({})).logits.at(-1)!;
        const draws = CHECK_DRAWS.map((u) => ({ u, mine: parts.sampleTopK(logits, sampling.topK, sampling.temperature, u) as unknown, reference: composeParts({}).sampleTopK(logits, sampling.topK, sampling.temperature, u) }));
        components.push({ exerciseId: c.exerciseId, name: c.name, draws: draws.filter((d) => d.mine !== d.reference) });
      } else {
        components.push({ exerciseId: c.exerciseId, name: c.name, layers: layerDifferences(tokens, model, parts) });
      }
    } catch (e) {
      threw = true;
      components.push({ exerciseId: c.exerciseId, name: c.name, error: errorOf(e) });
    }
  }
  const together = composeParts(mine);
  let combined: LayerDifference[] | null = null;
  if (!threw && chosen.some((c) => c.functionName !== 'sampleTopK' && mine[c.functionName])) {
    use(together);
    starting('combined');
    try {
      combined = layerDifferences(tokens, model, together);
    } catch {
      combined = null; // each component passed alone; the mix's failure shows when it generates
    }
  }
  use(together);
  return { components, combined };
}

/** Within what a learner's float64 code differs from the reference by rounding alone. */
export const SAME_WITHIN = 1e-6;

/** One line per component for the page: "matches", or how far it is and where. */
export function describeCheck(c: ComponentCheck): { differs: boolean; text: string } {
  if (c.error) return { differs: true, text: c.error };
  if (c.draws) {
    if (c.draws.length === 0) return { differs: false, text: `draws the same token as the reference at all ${CHECK_DRAWS.length} test draws` };
    const shown = c.draws.map((d) => `u = ${d.u}: token ${JSON.stringify(d.mine)}, the reference ${d.reference}`).join('; ');
    return { differs: true, text: `draws another token than the reference at ${c.draws.length} of ${CHECK_DRAWS.length} test draws (${shown})` };
  }
  const layers = c.layers ?? [];
  const worst = Math.max(0, ...layers.map((l) => l.maxAbsDiff));
  if (worst <= SAME_WITHIN) return { differs: false, text: `matches the reference (largest |difference| ${worst.toExponential(1)})` };
  return { differs: true, text: `differs from the reference: largest |difference| ${layers.map((l) => `${l.layer} ${formatDiff(l.maxAbsDiff)}`).join(', ')}` };
}

export function formatDiff(x: number): string {
  if (!Number.isFinite(x)) return 'not a number (missing or NaN entries)';
  return x >= 0.01 ? x.toPrecision(3) : x.toExponential(2);
}
