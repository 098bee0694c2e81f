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

/**
 * The blank question: question.ts, prompt.md and solution.md, one part of each common kind, with
 * params drawn from the rng and a misconception per number part. It passes the check as it stands
 * (the norm of a small integer vector), so the first Check shows what a passing question looks like.
 */
export function blankQuestionTemplate(id: string, title: string): Record<string, string> {
  return {
    'question.ts': `import { defineQuestion, lettered, texVector, type Rng } from 'attention-lab';

// The learner's parameters: plain data, drawn from rng only (never Math.random), never the answers.
interface Params {
  v: number[];
}

function draw(rng: Rng): Params {
  return { v: [rng.int(1, 9), rng.int(-9, -1), rng.int(1, 9)] };
}

// The right answer. Wrong variants are options of the same function, so each misconception is one call.
function norm(v: number[], options: { squared?: boolean } = {}): number {
  const s = v.reduce((acc, x) => acc + x * x, 0);
  return options.squared ? s : Math.sqrt(s);
}

export default defineQuestion<Params>({
  id: '${id}',
  title: '${title.replace(/'/g, "\\'")}',
  order: 1,
  parts: [
    { name: 'squared', kind: 'number', label: '$\\\\lVert v \\\\rVert^2$', points: 3, tolerance: { atol: 0, rtol: 0 } },
    { name: 'length', kind: 'number', label: '$\\\\lVert v \\\\rVert$', points: 4, tolerance: { sigFigs: 3 } },
    { name: 'unit', kind: 'choice', label: 'the length of $v / \\\\lVert v \\\\rVert$', points: 1, options: () => lettered(['$0$', '$1$', '$\\\\lVert v \\\\rVert$']) },
    {
      name: 'formula',
      kind: 'expression',
      label: 'the length of $c\\\\,v$ for a number $c > 0$, as a formula in \`c\` and \`n\` (where $n = \\\\lVert v \\\\rVert$)',
      points: 2,
      variables: [
        { name: 'c', min: 0.1, max: 10 },
        { name: 'n', min: 0.1, max: 10 },
      ],
    },
  ],
  generate: draw,
  answer: ({ v }) => ({ squared: norm(v, { squared: true }), length: norm(v), unit: 'b', formula: 'c * n' }),
  // placeholders of prompt.md (beyond the params' own numbers and strings) and solution.md
  text: ({ v }) => ({ vTex: texVector(v) }),
  worked: ({ v }) => ({ squares: v.map((x) => (x < 0 ? \`(\${x})^2\` : \`\${x}^2\`)).join(' + ') }),
  misconceptions: [
    {
      id: 'no-square-root',
      part: 'length',
      title: 'the sum of squares without the square root',
      hint: 'The length is the square root of the sum of the squared entries.',
      compute: ({ v }) => norm(v, { squared: true }),
    },
    {
      id: 'signed-sum',
      part: 'squared',
      title: 'the entries added, then squared',
      hint: 'Square each entry first, then add: a negative entry squared is positive.',
      compute: ({ v }) => v.reduce((s, x) => s + x, 0) ** 2,
    },
  ],
});
`,
    'prompt.md': `# ${title}

The length (Euclidean norm) of a vector $v \\in \\mathbb{R}^n$ is

$$
\\lVert v \\rVert = \\sqrt{\\sum_i v_i^2} .
$$

For $v = {{vTex}}$, give $\\lVert v \\rVert^2$ exactly and $\\lVert v \\rVert$ to 3 significant figures.
`,
    'solution.md': `**Squares.** $\\lVert v \\rVert^2 = {{squares}} = {{answer.squared}}$.

**Length.** $\\lVert v \\rVert = \\sqrt{ {{answer.squared}} } \\approx {{answer.length}}$.

**Unit vector.** Dividing by the length gives length 1 (option {{answer.unit}}), and scaling by $c > 0$
scales the length by $c$: the formula is \`{{answer.formula}}\`.
`,
  };
}
