// A learner's answer to one part, as typed or pasted, read into a value of the part's kind. Pure and
// never throws: anything unreadable becomes a clear message saying what was expected.
//
// number      a JSON number, or text: "0.125", "-2.5", "1e-3", "1/8", "-3/4", "1,024" / "1 024" (thousands groups)
// vector      a JSON array, the JSON text of one, or pasted text: entries separated by spaces, commas,
//             tabs, newlines or ";" (a single row or a single column); each entry as a number above
// matrix      a JSON array of rows, its JSON text, or pasted text: rows by newline or ";", entries by
//             spaces, commas or tabs; surrounding brackets are ignored
// choice      an option id ("b", "(b)", "B"); several: an array of ids or "a, c" / "a c"
// expression  text in the language of grader/expression.ts
import type { ChoiceOption } from '../exercises/question-types.ts';

export type ReadFailureKind = 'type' | 'shape' | 'nan';
export type Read<T> = { ok: true; value: T } | { ok: false; kind: ReadFailureKind; message: string };

/** Longest text answer accepted, in characters. */
export const MAX_ANSWER_CHARS = 20_000;
/** Most entries in a vector or matrix answer. */
export const MAX_ENTRIES = 4_096;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:([, _\u2009\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity|∞)$/i;

const fail = (kind: ReadFailureKind, message: string): { ok: false; kind: ReadFailureKind; message: string } => ({ ok: false, kind, message });

/** Quoted, cut to a readable length. */
export function quote(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max - 3)}...` : one);
}

/** True when nothing was answered (missing, null, blank text, empty array). */
export function isBlank(x: unknown): boolean {
  return x === undefined || x === null || (typeof x === 'string' && x.trim() === '') || (Array.isArray(x) && x.length === 0);
}

function literal(text: string): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  if (GROUPED.test(text)) return Number(text.replace(/[, _\u2009\u202f]/g, ''));
  return undefined;
}

/** One number: a JSON number or its text form (see the header). */
export function readNumber(x: unknown): Read<number> {
  if (typeof x === 'number') return Number.isFinite(x) ? { ok: true, value: x } : fail('nan', `${x} is not a finite number`);
  if (typeof x !== 'string') return fail('type', `expected a number, got ${describe(x)}`);
  const text = x.trim().replace(/\u2212/g, '-');
  if (text.length > 100) return fail('type', 'expected a number, got a long text');
  if (NON_FINITE.test(text)) return fail('nan', `${quote(text)} is not a finite number`);
  let value = literal(text);
  if (value === undefined) {
    const frac = /^([+-]?[\d.eE+-]+)\s*\/\s*([+-]?[\d.eE+-]+)$/.exec(text);
    const num = frac ? literal(frac[1]) : undefined;
    const den = frac ? literal(frac[2]) : undefined;
    if (num === undefined || den === undefined) return fail('type', `${quote(text)} is not a number; write it like 0.125, -2.5, 1e-3 or 1/8`);
    if (den === 0) return fail('nan', `${quote(text)} divides by zero`);
    value = num / den;
  }
  return Number.isFinite(value) ? { ok: true, value } : fail('nan', `${quote(text)} is too large to be a finite number`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the text ${quote(x)}`;
  return `${typeof x} ${String(x)}`;
}

/** Rows of raw entries from JSON (an array, or its text) or from pasted text. */
function readGrid(x: unknown): Read<unknown[][] | unknown[]> {
  if (Array.isArray(x)) return { ok: true, value: x };
  if (typeof x === 'number') return { ok: true, value: [x] };
  if (typeof x !== 'string') return fail('type', `expected numbers, got ${describe(x)}`);
  if (x.length > MAX_ANSWER_CHARS) return fail('type', `the answer is longer than ${MAX_ANSWER_CHARS} characters`);
  let text = x.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return { ok: true, value: parsed };
    } catch {
      // not JSON: read it as pasted text with its brackets dropped
    }
  }
  text = text.replace(/^[[(]+|[\])]+$/g, '');
  const rows = text
    .split(/\s*(?:\r?\n|;|\]\s*,?\s*\[)\s*/)
    .map((r) => r.replace(/^[[(\s]+|[\])\s,]+$/g, ''))
    .filter((r) => r !== '');
  return { ok: true, value: rows.map((r) => r.split(/[\s,]+/).filter((e) => e !== '')) };
}

function entry(x: unknown, where: string): Read<number> {
  const r = readNumber(x);
  if (r.ok) return r;
  return fail(r.kind, `${where}: ${r.message}`);
}

/** A matrix (rows of equal length); shape against the right answer is checked by the grader. */
export function readMatrix(x: unknown): Read<number[][]> {
  const grid = readGrid(x);
  if (!grid.ok) return grid;
  const rows = grid.value;
  if (rows.length === 0) return fail('shape', 'the matrix has no rows');
  if (!rows.every(Array.isArray)) {
    if (rows.some(Array.isArray)) return fail('type', 'mix of rows and single numbers; give every row as a list');
    return fail('shape', 'expected a matrix (rows of numbers), got a single row; separate rows by new lines or ";"');
  }
  const width = (rows[0] as unknown[]).length;
  let count = 0;
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown[];
    if (row.length !== width) return fail('shape', `row ${i + 1} has ${row.length} entries, row 1 has ${width}`);
    count += row.length;
    if (count > MAX_ENTRIES) return fail('shape', `more than ${MAX_ENTRIES} entries`);
    const values: number[] = [];
    for (let j = 0; j < row.length; j++) {
      const r = entry(row[j], `entry [${i}][${j}]`);
      if (!r.ok) return r;
      values.push(r.value);
    }
    out.push(values);
  }
  if (width === 0) return fail('shape', 'the matrix has empty rows');
  return { ok: true, value: out };
}

/** A vector: a flat list, or a single row or single column of a grid. */
export function readVector(x: unknown): Read<number[]> {
  const grid = readGrid(x);
  if (!grid.ok) return grid;
  let flat: unknown[] = grid.value;
  if (flat.length > 0 && flat.every(Array.isArray)) {
    const rows = flat as unknown[][];
    if (rows.length === 1) flat = rows[0];
    else if (rows.every((r) => r.length === 1)) flat = rows.map((r) => r[0]);
    else return fail('shape', `expected a vector (one row or one column), got ${rows.length} rows of ${rows.map((r) => r.length).join(', ')} entries`);
  } else if (flat.some(Array.isArray)) return fail('type', 'expected a flat list of numbers, got nested lists');
  if (flat.length === 0) return fail('shape', 'the vector has no entries');
  if (flat.length > MAX_ENTRIES) return fail('shape', `more than ${MAX_ENTRIES} entries`);
  const out: number[] = [];
  for (let i = 0; i < flat.length; i++) {
    const r = entry(flat[i], `entry [${i}]`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

function optionId(x: unknown, options: readonly ChoiceOption[]): Read<string> {
  if (typeof x !== 'string' && typeof x !== 'number') return fail('type', `expected an option id, got ${describe(x)}`);
  const raw = String(x).trim();
  const m = /^\(?\s*([A-Za-z0-9_-]+)\s*[).]?$/.exec(raw);
  const id = m ? m[1].toLowerCase() : undefined;
  const found = id === undefined ? undefined : options.find((o) => o.id.toLowerCase() === id);
  if (!found) return fail('type', `${quote(raw, 20)} is not an option; the options are ${options.map((o) => o.id).join(', ')}`);
  return { ok: true, value: found.id };
}

/** Option ids, in the options' order, without repeats; `multiple` false allows exactly one. */
export function readChoice(x: unknown, options: readonly ChoiceOption[], multiple: boolean): Read<string[]> {
  let items: unknown[];
  if (Array.isArray(x)) items = x;
  else if (typeof x === 'string') {
    if (x.length > 1000) return fail('type', 'expected option ids, got a long text');
    items = x.split(/[\s,;]+/).filter((s) => s !== '');
  } else if (typeof x === 'number') items = [x];
  else return fail('type', `expected ${multiple ? 'option ids' : 'an option id'}, got ${describe(x)}`);
  if (items.length > options.length * 2) return fail('type', 'more ids than there are options');
  const chosen = new Set<string>();
  for (const item of items) {
    const r = optionId(item, options);
    if (!r.ok) return r;
    chosen.add(r.value);
  }
  if (!multiple && chosen.size !== 1) return fail('type', chosen.size === 0 ? 'pick one option' : 'pick only one option');
  return { ok: true, value: options.map((o) => o.id).filter((id) => chosen.has(id)) };
}
