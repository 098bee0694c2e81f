// How each of the learner's components compares with the reference on the real weights, the way a
// failing case says how far off an output is. Each component is swapped in alone (every other part
// the reference), so a difference is that component's and nobody else's, and then all of them
// together, which is what the model runs. A component that throws is named with its message.
import { ComponentError } from './learner-realm.ts';

export interface LayerDifference {
  /** "block 1", "logits", "image tokens", ... */
  layer: string;
  maxAbsDiff: number;
}

/** The largest |a - b| over b's entries; a missing or non-finite entry of a, or a different row count, is as far off as can be. */
export function maxAbsDiff(a: unknown, b: number[][]): number {
  if (!Array.isArray(a) || a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const row: unknown = a[i];
    for (let j = 0; j < b[i].length; j++) {
      const x = Array.isArray(row) ? row[j] : undefined;
      const d = typeof x === 'number' && Number.isFinite(x) ? Math.abs(x - b[i][j]) : Infinity;
      if (d > m) m = d;
    }
  }
  return m;
}

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
  /** A sampler: the draws where it picks another token than the reference. */
  draws?: DrawDifference[];
  /** Of how many test draws. */
  drawCount?: number;
  /** It threw, or returned what is not a number grid. */
  error?: string;
}

export interface CheckReport {
  components: ComponentCheck[];
  /** Every chosen component together; null when one of them threw, or only a sampler is theirs. */
  combined: LayerDifference[] | null;
}

export interface CheckedComponent {
  exerciseId: string;
  name: string;
  functionName: string;
}

function errorOf(e: unknown): string {
  if (e instanceof ComponentError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The report for `mine`. `measure` compares one composition with the reference (per layer, or a
 * sampler's draws); `use` makes a composition the one the learner's globals call (learner-realm.ts
 * install); `starting` is told which component is about to run, so a page whose worker stops
 * answering knows whose code never returned.
 */
export function checkEach<P extends object>(o: {
  chosen: readonly CheckedComponent[];
  mine: Partial<P>;
  compose: (mine: Partial<P>) => P;
  use: (parts: P) => void;
  measure: (functionName: string, parts: P) => Pick<ComponentCheck, 'layers' | 'draws' | 'drawCount'>;
  /** The layers of the whole mix; parts that `measure` checks by draws stay out of it. */
  combined: (parts: P) => LayerDifference[];
  inCombined?: (functionName: string) => boolean;
  starting?: (exerciseId: string) => void;
}): CheckReport {
  const { chosen, mine, compose, use, measure, starting = () => {} } = o;
  const own = (name: string) => (mine as Record<string, unknown>)[name] !== undefined;
  const components: ComponentCheck[] = [];
  let threw = false;
  for (const c of chosen) {
    if (!own(c.functionName)) continue;
    starting(c.exerciseId);
    const parts = compose({ [c.functionName]: (mine as Record<string, unknown>)[c.functionName] } as Partial<P>);
    use(parts);
    try {
      components.push({ exerciseId: c.exerciseId, name: c.name, ...measure(c.functionName, parts) });
    } catch (e) {
      threw = true;
      components.push({ exerciseId: c.exerciseId, name: c.name, error: errorOf(e) });
    }
  }
  const together = compose(mine);
  let combined: LayerDifference[] | null = null;
  if (!threw && chosen.some((c) => own(c.functionName) && (o.inCombined?.(c.functionName) ?? true))) {
    use(together);
    starting('combined');
    try {
      combined = o.combined(together);
    } catch {
      combined = null; // each component passed alone; the mix's failure shows when the model runs
    }
  }
  use(together);
  return { components, combined };
}

/** Within what a learner's float64 code differs from the reference by rounding alone. */
export const SAME_WITHIN = 1e-6;

export function formatDiff(x: number): string {
  if (!Number.isFinite(x)) return 'not a number (missing or NaN entries)';
  return x >= 0.01 ? x.toPrecision(3) : x.toExponential(2);
}

/** One line per component for the page: "matches", or how far it is and where. */
export function describeCheck(c: ComponentCheck): { differs: boolean; text: string } {
  if (c.error) return { differs: true, text: c.error };
  if (c.draws) {
    const n = c.drawCount ?? c.draws.length;
    if (c.draws.length === 0) return { differs: false, text: `draws the same token as the reference at all ${n} test draws` };
    const shown = c.draws.map((d) => `u = ${d.u}: token ${JSON.stringify(d.mine)}, the reference ${d.reference}`).join('; ');
    return { differs: true, text: `draws another token than the reference at ${c.draws.length} of ${n} test draws (${shown})` };
  }
  const layers = c.layers ?? [];
  const worst = Math.max(0, ...layers.map((l) => l.maxAbsDiff));
  if (worst <= SAME_WITHIN) return { differs: false, text: `matches the reference (largest |difference| ${worst.toExponential(1)})` };
  return { differs: true, text: `differs from the reference: largest |difference| ${layers.map((l) => `${l.layer} ${formatDiff(l.maxAbsDiff)}`).join(', ')}` };
}
