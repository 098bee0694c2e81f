// Pure helpers for showing numbers and nested arrays to a learner, and for reading what they type.
// No React, no DOM: the results panel, the heatmaps and the scratch editor all share them.
import type { CaseKind } from '../../grader/verdict.ts';

/** A failure kind as a person reads it (the results panel, the instructors' analytics). */
export const KIND_LABEL: Record<CaseKind, string> = {
  passed: 'passed',
  wrong: 'wrong values',
  shape: 'wrong shape',
  type: 'wrong type',
  nan: 'NaN or Infinity',
  mutated: 'changed its inputs',
  threw: 'threw an error',
  timeout: 'too slow',
  memory: 'out of memory',
  invalid_output: 'not plain data',
  missing_export: 'function not exported',
};

/** A number as a learner reads it: short, but never rounded to a misleading 0 or an equal-looking pair. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(Math.max(1, digits - 2)).replace('e+', 'e');
  // toPrecision keeps `digits` significant digits; strip trailing zeros so 0.5 stays 0.5
  return x.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** An error size: three significant digits in scientific notation, so 1e-7 and 3e-2 compare at a glance. */
export function formatError(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  return x === 0 ? '0' : x.toExponential(2).replace('e+', 'e');
}

/**
 * Plain data as compact text: numbers shortened, one matrix row per line, short arrays on one line.
 * Used for inputs and outputs shown in the results (display only, never parsed back).
 */
export function compactText(value: unknown, digits = 4, indent = ''): string {
  if (typeof value === 'number') return formatNumber(value, digits);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((v) => v === null || typeof v !== 'object');
    if (flat) return `[${value.map((v) => compactText(v, digits)).join(', ')}]`;
    return `[\n${value.map((v) => inner + compactText(v, digits, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${k}: ${compactText(v, digits, inner)}`).join(',\n')}\n${indent}}`;
}

/**
 * Exact JSON for editing: one matrix row per line so a 4 x 8 input stays readable, full precision
 * so that a scratch run of an unedited case reproduces the visible case exactly.
 */
export function editableJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((v) => v === null || typeof v !== 'object');
    if (flat) return `[${value.map((v) => JSON.stringify(v ?? null)).join(', ')}]`;
    return `[\n${value.map((v) => inner + editableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${editableJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

export type ParsedArgs = { ok: true; args: unknown[] } | { ok: false; message: string; line?: number; column?: number };

/**
 * The scratch editor's text -> positional arguments. The text must be a JSON array; `expected`
 * is the visible case's argument count (trailing optional arguments may be left out).
 */
export function parseArgs(text: string, expected: number): ParsedArgs {
  // browsers word JSON.parse errors differently and recent V8 gives no position: find it ourselves
  const problem = jsonSyntaxError(text);
  if (problem) {
    const where = lineColumn(text, problem.offset);
    return { ok: false, message: `${problem.message} (line ${where.line}, column ${where.column})`, ...where };
  }
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return { ok: false, message: 'the inputs must be a JSON array of the function\'s arguments, e.g. [Q, K, V]' };
  if (value.length > expected) return { ok: false, message: `the function takes ${expected} argument${expected === 1 ? '' : 's'}, the array has ${value.length}` };
  if (value.length === 0 && expected > 0) return { ok: false, message: 'the array is empty: give the function its arguments' };
  return { ok: true, args: value };
}

/** The first syntax error in a JSON text, as an offset and a sentence; null when it parses. */
export function jsonSyntaxError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string, at = i) => { throw { offset: at, message }; };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const describe = () => (i >= text.length ? 'the end of the text' : `'${text[i]}'`);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '[' || c === '{') {
      const close = c === '[' ? ']' : '}';
      i++;
      ws();
      if (text[i] === close) { i++; return; }
      for (;;) {
        if (close === '}') {
          ws();
          if (text[i] !== '"') fail(`expected a quoted key, found ${describe()}`);
          string();
          ws();
          if (text[i] !== ':') fail(`expected ':' after the key, found ${describe()}`);
          i++;
        }
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; return; }
        fail(`expected ',' or '${close}', found ${describe()}`);
      }
    }
    if (c === '"') return string();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '-') { i += m[0].length; return; }
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) { i += word.length; return; }
    if (/^-?(Infinity|NaN)/.test(text.slice(i, i + 9))) fail('JSON has no Infinity or NaN: use a large number instead');
    fail(i >= text.length ? 'unexpected end of the text: a value is missing' : `expected a value, found ${describe()}`);
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('a string cannot span lines', start);
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('unterminated string', start);
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the array`);
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
  // our scanner is lenient about escapes; JSON.parse has the last word
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return { offset: 0, message: e instanceof Error ? e.message : String(e) };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A rectangular grid of finite-or-not numbers, the shape a heatmap can draw. */
export interface Grid {
  rows: number;
  cols: number;
  values: number[][]; // [row][col]
}

/** A vector as a 1 x n grid, a matrix as itself; anything else (ragged, non-numeric) is not a grid. */
export function asGrid(value: unknown): Grid | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (value.every((v) => typeof v === 'number')) return { rows: 1, cols: value.length, values: [value as number[]] };
  if (!value.every((r) => Array.isArray(r))) return null;
  const cols = (value[0] as unknown[]).length;
  if (cols === 0) return null;
  for (const r of value as unknown[][]) {
    if (r.length !== cols || !r.every((v) => typeof v === 'number')) return null;
  }
  return { rows: value.length, cols, values: value as number[][] };
}

/** One expected/actual pair of grids at a path inside an output, e.g. "output.weights[1]". */
export interface GridPair {
  path: string;
  expected: Grid;
  actual: Grid | null; // null when the learner's value at that path is not a grid of the same shape
}

/**
 * Walks expected and actual side by side and collects the numeric grids a heatmap can compare:
 * a matrix output gives one pair, a (heads, n, d) tensor one per head, an object one per field.
 */
export function gridPairs(expected: unknown, actual: unknown, limit = 6, path = 'output'): GridPair[] {
  const out: GridPair[] = [];
  const visit = (e: unknown, a: unknown, p: string): void => {
    if (out.length >= limit) return;
    const eg = asGrid(e);
    if (eg) {
      const ag = asGrid(a);
      out.push({ path: p, expected: eg, actual: ag && ag.rows === eg.rows && ag.cols === eg.cols ? ag : null });
      return;
    }
    if (Array.isArray(e)) {
      e.forEach((v, i) => visit(v, Array.isArray(a) ? a[i] : undefined, `${p}[${i}]`));
      return;
    }
    if (e !== null && typeof e === 'object') {
      const ao = a !== null && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(e as Record<string, unknown>)) visit(v, ao[k], `${p}.${k}`);
    }
  };
  visit(expected, actual, path);
  return out;
}

/** The shape of plain data, as learners write it in comments: "(2, 3)", "(3)", "scalar". */
export function shapeOf(value: unknown): string {
  if (typeof value === 'number') return 'scalar';
  const grid = asGrid(value);
  if (grid) return grid.rows === 1 && !Array.isArray((value as unknown[])[0]) ? `(${grid.cols})` : `(${grid.rows}, ${grid.cols})`;
  if (Array.isArray(value)) {
    const first = shapeOf(value[0]);
    return first.startsWith('(') ? `(${value.length}, ${first.slice(1)}` : `(${value.length})`;
  }
  if (value !== null && typeof value === 'object') return 'object';
  return typeof value;
}

/** A source position in a grader or runtime message: "line 5", "(5:12)", "solution.ts:5:12". */
export function locationInMessage(message: string): { line: number; column: number } | null {
  const patterns = [/solution\.(?:ts|js):(\d+):(\d+)/, /\bline (\d+)(?:,? column (\d+))?/i, /\((\d+):(\d+)\)/];
  for (const re of patterns) {
    const m = re.exec(message);
    if (m) return { line: Number(m[1]), column: m[2] ? Number(m[2]) : 1 };
  }
  return null;
}

/**
 * Where a visible case's thrown error points in the learner's source: the grader's line when the
 * verdict carries one, else a position named in the message.
 */
export function caseLocation(c: { kind: string; message: string; line?: number; column?: number }): { line: number; column: number } | null {
  if (c.kind !== 'threw' && c.kind !== 'timeout') return null;
  if (typeof c.line === 'number' && c.line > 0) return { line: c.line, column: c.column ?? 1 };
  return locationInMessage(c.message);
}

/** Parameter names of `functionName` in the starter, for labelling inputs: ["Q", "K", "V", "mask"]. */
export function parameterNames(source: string, functionName: string): string[] {
  const m = new RegExp(`function\\s+${functionName.replace(/\W/g, '')}\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)`).exec(source);
  if (!m) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  // split on top-level commas only: a parameter type may be `{ a: number, b: number }`
  for (const ch of m[1]) {
    if ('<{['.includes(ch)) depth++;
    if ('>}]'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += ch;
  }
  names.push(current);
  return names.map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '').filter(Boolean);
}
