// Vector and matrix answers travel as text: the grid inputs join their cells into the text the
// server's reader parses (grader/question-answers.ts: rows by ";" or newline, entries by spaces or
// commas), and text pasted from a spreadsheet, NumPy or a JSON array is split back into cells.
import type { AnswerValues, PartField } from './types.ts';

/** `],[` between the rows of a nested array ends a row, as a newline does. */
const ROW_BREAK = /\]\s*,?\s*\[/g;

/** Text made of separators only is nothing typed: an untouched grid still joins to ", , " or "; ". */
const SEPARATORS_ONLY = /^[\s,;[\]]*$/;

export function parseGrid(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(ROW_BREAK, ';').replace(/[[\]]/g, ' ').split(/[\r\n;]/)) {
    const entries = splitRow(line);
    if (entries.some((e) => e !== '')) rows.push(entries);
  }
  return rows;
}

function splitRow(line: string): string[] {
  // a spreadsheet row keeps its empty cells where they are, so there tabs alone separate
  if (line.includes('\t')) return line.split('\t').map((e) => e.trim());
  return line.split(/[\s,]+/).filter((e) => e !== '');
}

export function joinMatrix(rows: string[][]): string {
  return rows.map((row) => row.join(' ')).join('; ');
}

export function joinVector(entries: string[]): string {
  return entries.join(', ');
}

/** `cells` with `pasted` written over it from row r0, column c0; what falls outside the grid is dropped. */
export function fillGrid(cells: string[][], pasted: string[][], r0: number, c0: number): string[][] {
  return cells.map((row, r) => row.map((cell, c) => pasted[r - r0]?.[c - c0] ?? cell));
}

export function isBlankValue(value: string | string[] | undefined): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((v) => v.trim() === '');
  return SEPARATORS_ONLY.test(value);
}

/** The parts the learner left empty: the form says they will score 0, but sends them anyway. */
export function blankParts(parts: PartField[], values: AnswerValues): string[] {
  return parts.filter((p) => isBlankValue(values[p.name])).map((p) => p.name);
}
