// What the bootstrap's load() and runCase() answer, turned into the protocol's LoadOutcome and
// CaseOutcome, and the wording of time limits. Shared by the server sandbox (sandbox.ts, inside
// isolated-vm) and the browser's Run (browser/harness.ts, inside a Web Worker), which run the same
// bootstrap source, so both report a learner's module and cases in the same words.
import type { CaseOutcome, LoadOutcome } from './sandbox-protocol.ts';

/** `new Function` puts two header lines before the body. */
export const FUNCTION_HEADER_LINES = 2;
/** The bootstrap's load() starts the body's first line with this (sandbox-bootstrap.ts). */
const BODY_PREFIX = '"use strict";';

/** The bootstrap's load() answer (sandbox-bootstrap.ts). */
export type LoadResult =
  | { status: 'ok'; exports: string[] }
  | { status: 'syntax'; message: string }
  | { status: 'import'; specifier: string }
  | { status: 'threw'; message: string; stack: string }
  | { status: 'missing'; exports: string[] }
  | { status: 'not_function'; type: string; exports: string[] };

/** The bootstrap's runCase() answer. */
export type RunResult =
  | { status: 'ok'; value: unknown; mutated: string | null }
  | { status: 'threw'; message: string; stack: string }
  | { status: 'invalid'; message: string };

/** `syntaxPosition` locates a syntax error the transpiler accepted and V8 did not, where it can. */
export function loadOutcomeOf(result: LoadResult, functionName: string, syntaxPosition: () => { line?: number; column?: number }): LoadOutcome {
  switch (result.status) {
    case 'ok':
      return { ok: true };
    case 'syntax':
      return { ok: false, kind: 'syntax', message: result.message, ...syntaxPosition() };
    case 'import':
      return { ok: false, kind: 'import', message: result.specifier, specifiers: [result.specifier] };
    case 'threw':
      return { ok: false, kind: 'threw', message: result.message, ...learnerPosition(result.stack) };
    case 'missing':
    case 'not_function': {
      const found = result.exports.length ? `your module exports: ${result.exports.join(', ')}` : 'your module exports nothing';
      const what = result.status === 'not_function' ? `\`${functionName}\` is ${article(result.type)}, not a function; ` : '';
      return { ok: false, kind: 'missing_export', message: `${what}expected \`export function ${functionName}(...)\` (${found})`, exports: result.exports };
    }
  }
}

export function caseOutcomeOf(result: RunResult): CaseOutcome {
  if (result.status === 'threw') {
    if (/Array buffer allocation failed/.test(result.message)) return { status: 'memory', message: result.message };
    return { status: 'threw', message: result.message, ...learnerPosition(result.stack) };
  }
  return result;
}

export interface TimeLimits {
  perCaseMs: number;
  totalMs: number;
}

/** A case (or the module load) stopped after `timeoutMs`: its share of the budget, or the per-case limit. */
export function timeoutMessage(timeoutMs: number, limits: TimeLimits): string {
  const limit = timeoutMs < limits.perCaseMs ? `the rest of the ${limits.totalMs} ms budget` : `${timeoutMs} ms`;
  return `took longer than ${limit}`;
}

/** A case that never started because the earlier ones used the submission's whole budget. */
export function budgetSpentMessage(limits: TimeLimits): string {
  return `not run: the submission used its whole time budget (${limits.totalMs} ms)`;
}

/** The time the next step may take: the per-case limit, or what is left of the total budget. */
export function stepBudget(limits: TimeLimits, deadline: number, now: number): number {
  return Math.min(limits.perCaseMs, Math.floor(deadline - now));
}

/** The first stack frame in the learner's code, as 1-based (line, column) of the transpiled body. */
export function learnerPosition(stack: string): { line?: number; column?: number } {
  const m = /solution\.js:(\d+):(\d+)/.exec(stack);
  if (!m) return {};
  const line = Number(m[1]) - FUNCTION_HEADER_LINES;
  return { line, column: line === 1 ? Math.max(1, Number(m[2]) - BODY_PREFIX.length) : Number(m[2]) };
}

function article(type: string): string {
  return type === 'undefined' || type === 'null' ? type : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
