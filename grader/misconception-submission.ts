// A learner file that answers each case with a misconception's output: how the exercise checks
// prove that the grader names every misconception it should. Shared by `npm run exercises:check`
// and the authored-exercise check (grader/content/check.ts).

/** A JS literal that keeps NaN, Infinity and -0 (JSON would not), for equality and for code. */
export function literal(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(literal).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}:${literal(x)}`)
      .join(',')}}`;
  }
  return `"<${typeof v}>"`;
}

/**
 * A learner file that answers each case with the misconception's output, found by the arguments'
 * JSON (hashed, so the file stays small). Cases it does not know return undefined.
 */
export function misconceptionSubmission(functionName: string, answers: { args: unknown[]; output: unknown }[]): string {
  const table = answers.map(({ args, output }) => `  [${fnv(JSON.stringify(args))}, ${literal(output)}],`).join('\n');
  return `const answers = new Map<number, unknown>([
${table}
]);
${fnv.toString()}
export function ${functionName}(...args: unknown[]): any {
  return answers.get(fnv(JSON.stringify(args)));
}
`;
}

/** FNV-1a of a string; its source is embedded in the submission, so host and sandbox hash alike. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
