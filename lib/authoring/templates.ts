// The blank exercise a new one starts from: every file present and every rule of the check in
// view, so an instructor edits toward a passing exercise instead of guessing the format. It checks
// cleanly as it stands (a vector norm), so the first Check shows what a passing exercise looks like.

export function blankTemplate(id: string, title: string): Record<string, string> {
  return {
    'exercise.ts': `import { defineExercise, shortVector, vector, type Vector } from 'attention-lab';

// The right answer. Wrong variants are options of the same function, so each misconception is one call.
function norm(v: Vector, options: { squared?: boolean } = {}): number {
  const s = v.reduce((acc, x) => acc + x * x, 0);
  return options.squared ? s : Math.sqrt(s);
}

export default defineExercise({
  id: '${id}',
  title: '${title.replace(/'/g, "\\'")}',
  functionName: 'norm',
  reference: (v: Vector) => norm(v),
  points: 10,
  hints: ['Square every entry, add them up, then take the square root of the sum.'],
  // 1-3 small cases, shown in full; the same for every learner
  visibleCases: () => [
    { name: 'a 3-4-5 triangle', args: [[3, 4]] },
    { name: 'one entry', args: [[-2]] },
  ],
  // 5-10 cases from the learner's own seed: draw every random number from rng
  hiddenCases: (rng) => [
    { name: 'random', args: [vector(rng, 6, 2)] },
    { name: 'short decimals', args: [shortVector(rng, 4)] },
    { name: 'long', args: [vector(rng, 50, 1)] },
    { name: 'large values', args: [vector(rng, 5, 1000)] },
    { name: 'zeros', args: [[0, 0, 0]] },
  ],
  misconceptions: [
    {
      id: 'no-square-root',
      title: 'the sum of squares without the square root',
      hint: 'You return the squared norm: take the square root of the sum of squares.',
      compute: (v: Vector) => norm(v, { squared: true }),
    },
  ],
});
`,
    'prompt.md': `# ${title}

Explain the idea, give the formula with KaTeX, and a worked example. For a vector $v \\in \\mathbb{R}^n$:

$$
\\lVert v \\rVert = \\sqrt{\\sum_{i=0}^{n-1} v_i^2}
$$

## Your task

Write \`norm(v: Vector): number\`.
`,
    'starter.ts': `export function norm(v: Vector): number {
  // TODO: the square root of the sum of the squared entries
  return 0;
}
`,
    'solution.ts': `export function norm(v: Vector): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
`,
  };
}
