// The one JSON shape of a grading result. The CLI prints it, the grading worker stores it in the
// database as is, and the exercise page renders it; nothing downstream recomputes a verdict.
//
// {
//   "exerciseId": "foundations/dot-product",
//   "exerciseVersion": "3f2a9c0d",           // the catalog's content hash; "" for ad-hoc exercises
//   "status": "failed",                       // passed | failed | compile_error | error
//   "score": 6.67, "maxScore": 10,             // points * passed cases / all cases (2 decimals)
//   "cases": [
//     { "name": "2 x 3", "visible": true, "passed": false, "points": 0, "kind": "wrong",
//       "message": "1 of 3 entries off; worst at output[2]: expected 0.5, got 0.25 ...",
//       "worst": { "path": "output[2]", "expected": 0.5, "actual": 0.25, "absError": 0.25, "relError": 0.5 },
//       "misconception": { "id": "no-scale", "title": "...", "hint": "..." },
//       "input": [[1, 2, 3], [4, 5, 6]], "expected": 32, "actual": 31 },
//     { "name": "hidden 1", "visible": false, "passed": true, "points": 3.33, "kind": "passed",
//       "message": "passed" }
//   ],
//   "console": "debug line\n",               // visible cases and module load only
//   "cpuMs": 4.1, "wallMs": 12.7
// }
//
// Numbers in input/expected/actual that are NaN or infinite appear as the strings "NaN",
// "Infinity" and "-Infinity", so the verdict survives JSON unchanged.
//
// Hidden cases never carry inputs, expected or actual values, the worst element, the learner's
// thrown message or console output: any of those could smuggle hidden data out. They carry the
// kind, a generic message, and the matched misconception (authored text).

export type VerdictStatus = 'passed' | 'failed' | 'compile_error' | 'error';

export type CaseKind =
  | 'passed'
  | 'wrong' // values off (or, for exact exercises, different)
  | 'shape' // array lengths or matrix dimensions differ
  | 'type' // a number where an array was expected, a missing key, ...
  | 'nan' // NaN or Infinity in the output
  | 'mutated' // the function changed its inputs
  | 'threw'
  | 'timeout'
  | 'memory'
  | 'invalid_output' // not plain data: a Promise, a getter, a cycle, a class instance, too large
  | 'missing_export';

/** The element with the largest error relative to its tolerance. */
export interface WorstElement {
  path: string; // "output[2][5]"
  expected: number;
  actual: number;
  absError: number;
  relError: number | null; // absError / |expected|; null when expected is 0
}

export interface MisconceptionMatch {
  id: string;
  title: string;
  hint: string;
}

export interface CaseVerdict {
  name: string;
  visible: boolean;
  passed: boolean;
  points: number;
  kind: CaseKind;
  message: string;
  worst?: WorstElement; // visible cases only
  misconception?: MisconceptionMatch;
  input?: unknown[]; // visible cases only: the positional arguments
  expected?: unknown; // visible cases only
  actual?: unknown; // visible cases only, when the function returned plain data
}

export interface CompileError {
  message: string;
  line: number; // 1-based, in the learner's source
  column: number; // 1-based
}

export interface Verdict {
  exerciseId: string;
  exerciseVersion: string;
  status: VerdictStatus;
  score: number;
  maxScore: number;
  cases: CaseVerdict[];
  compileError?: CompileError;
  /** status "error" only: what went wrong in the grader (never the learner's fault). */
  error?: string;
  console?: string;
  cpuMs: number;
  wallMs: number;
  /** Set when the score and the hidden cases are held back (an exam before release): why, in words. */
  withheld?: string;
}

/**
 * A verdict as a learner may see it while its results are held back (an exam before release): the
 * visible cases without misconception hints, no score, and the reason. Pure.
 */
export function withholdResults(v: Verdict, reason: string): Verdict {
  const visible = v.cases.filter((c) => c.visible).map(({ misconception: _m, ...c }) => c);
  const status = v.status === 'passed' || v.status === 'failed' ? (visible.every((c) => c.passed) ? 'passed' : 'failed') : v.status;
  return { ...v, status, score: 0, maxScore: 0, cases: visible, withheld: reason };
}

/** The verdict in stored or received JSON, or null: a grading that failed is stored as { error } instead. */
export function asVerdict(v: unknown): Verdict | null {
  return typeof v === 'object' && v !== null && 'status' in v && Array.isArray((v as { cases?: unknown }).cases) ? (v as Verdict) : null;
}
