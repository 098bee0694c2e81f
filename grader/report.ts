// A verdict as text for a terminal (the CLI); the web page renders the same Verdict JSON itself.
import type { CaseVerdict, Verdict } from './verdict.ts';

export function formatVerdict(v: Verdict): string {
  const out: string[] = [];
  const version = v.exerciseVersion ? ` (version ${v.exerciseVersion})` : '';
  out.push(`${v.exerciseId}${version}`);
  const timing = `cpu ${v.cpuMs} ms, wall ${v.wallMs} ms`;
  if (v.status === 'compile_error' && v.compileError) {
    const e = v.compileError;
    out.push(`COMPILE ERROR at line ${e.line}, column ${e.column}: ${e.message}`);
    return out.join('\n') + '\n';
  }
  if (v.status === 'error') {
    out.push(`GRADER ERROR: ${v.error ?? 'unknown'} (not your fault; please retry)`);
    return out.join('\n') + '\n';
  }
  const passed = v.cases.filter((c) => c.passed).length;
  out.push(`${v.status === 'passed' ? 'PASSED' : 'FAILED'}  score ${v.score} / ${v.maxScore}  (${passed} of ${v.cases.length} cases)  ${timing}`);
  out.push('');
  for (const c of v.cases) out.push(...formatCase(c));
  if (v.console) {
    out.push('', 'console (module load and visible cases):');
    for (const line of v.console.replace(/\n$/, '').split('\n')) out.push(`  | ${line}`);
  }
  return out.join('\n') + '\n';
}

function formatCase(c: CaseVerdict): string[] {
  const label = `${c.visible ? '' : 'hidden: '}${c.name}`;
  if (c.passed) return [`  pass  ${label}`];
  const lines = [`  FAIL  ${label}  [${c.kind}]`, `        ${c.message}`];
  if (c.misconception) {
    lines.push(`        looks like: ${c.misconception.title}`);
    lines.push(`        hint: ${c.misconception.hint}`);
  }
  if (c.visible && c.input !== undefined) {
    lines.push(`        input:    ${preview(c.input)}`);
    lines.push(`        expected: ${preview(c.expected)}`);
    if ('actual' in c) lines.push(`        actual:   ${preview(c.actual)}`);
  }
  return lines;
}

/** Compact JSON that keeps NaN and Infinity readable, cut to one screen line. */
function preview(x: unknown): string {
  const text = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
