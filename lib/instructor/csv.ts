// The gradebook as CSV, streamed a batch of students at a time: RFC 4180 (comma, CRLF, quotes
// doubled inside quoted fields), a UTF-8 byte order mark so spreadsheets read names correctly, and
// every text cell that a spreadsheet would take for a formula (= + - @, tab, CR) defused with a
// leading apostrophe. Columns: Student, Email, one per assignment in curriculum order, Total, then
// one per exam (its score, staff seeing it before release too).
import { examColumns, examScores } from '../exams/gradebook.ts';
import type { Db } from '../db.ts';
import { type Actor, requireCohort } from './authorization.ts';
import { cohortStudents, columnOf, loadAssignments, rowsFor, type GradebookColumn, type GradebookRow } from './gradebook.ts';

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export type CsvValue = string | number | null | undefined;

/** One field: numbers as they are, text defused against formulas and quoted when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CRLF;
}

export function headerLine(columns: readonly GradebookColumn[]): string {
  return csvLine(['Student', 'Email', ...columns.map((c) => c.exerciseId), 'Total']);
}

const points = (x: number) => x.toFixed(2);

/** A student's row: an empty cell where nothing counted has been graded yet. */
export function rowLine(columns: readonly GradebookColumn[], row: GradebookRow): string {
  return csvLine([
    row.name ?? '',
    row.email,
    ...columns.map((c) => {
      const s = row.cells[c.assignmentId]?.score;
      return s === null || s === undefined ? null : points(s);
    }),
    points(row.total),
  ]);
}

/** A line with the exams' cells after its own (the exams come after the assignments' total). */
function withExams(line: string, cells: readonly CsvValue[]): string {
  return cells.length === 0 ? line : line.slice(0, -CRLF.length) + ',' + csvLine(cells);
}

export function csvFilename(cohortName: string, now: Date = new Date()): string {
  const slug = cohortName.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase().slice(0, 60) || 'cohort';
  return `gradebook-${slug}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The header value naming the download (an ASCII fallback and the UTF-8 name). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export interface GradebookCsv {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * Checks access at once (so the caller can refuse before sending anything), then streams: the
 * header first, then the students in email order, `batchSize` at a time, each batch read and
 * scored only when the consumer asks for more.
 */
export async function gradebookCsv(db: Db, actor: Actor, cohortId: string, opts: { module?: string | null; batchSize?: number; now?: Date } = {}): Promise<GradebookCsv> {
  const { cohort } = await requireCohort(db, actor, cohortId);
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  const assignments = await loadAssignments(db, cohortId, opts.module ?? null);
  const columns = assignments.map(columnOf);
  const exams = await examColumns(db, cohortId);
  const encoder = new TextEncoder();
  let skip = 0;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + withExams(headerLine(columns), exams.map((e) => `Exam: ${e.title} (/${e.maxScore})`))));
        return;
      }
      const students = await cohortStudents(db, cohortId, { skip, take: batchSize });
      skip += students.length;
      const rows = await rowsFor(db, cohortId, assignments, students);
      const scores = await examScores(db, exams, students.map((s) => s.userId));
      const examCells = (userId: string) => exams.map((e) => { const x = scores.get(e.examId)?.get(userId); return x === undefined ? null : points(x); });
      if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => withExams(rowLine(columns, r), examCells(r.userId))).join('')));
      if (students.length < batchSize) controller.close();
    },
  });
  return { filename: csvFilename(cohort.name, opts.now), stream };
}
