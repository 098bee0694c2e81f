// A question as the product takes it, whichever way it was written: from the bank (its functions on
// the host, its files on disk) or authored in the studio (its code in the content isolate, loaded at
// run time from a published version). Pages, answering, exams and regrades ask `at(seed)` for the
// definition that holds on a learner's variant, and never need to know which kind they have.
//
// The rule for authored questions is the authored exercises' (lib/authoring/live.ts): a learner
// opens one only while it is published and assigned or listed in one of their cohorts; its authors
// and admins always.
import type { Db } from './db.ts';
import { loadAuthoredQuestionAt, mayOpen, type Viewer } from './authoring/live.ts';
import { getQuestion, type BankQuestion } from '../exercises/questions.ts';
import { questionVersion, readQuestionFile } from '../exercises/question-files.ts';
import type { QuestionDefinition, QuestionPart } from '../exercises/question-types.ts';
import { questionPoints } from '../exercises/question-variant.ts';
import type { AuthoredQuestion } from '../grader/content/question.ts';

export interface QuestionItem {
  id: string;
  title: string;
  module: string;
  points: number;
  /** Content version: the bank folder's hash, or the published version's. */
  version: string;
  authored: boolean;
  parts: readonly QuestionPart[];
  /** prompt.md and solution.md, the templates of every variant. */
  readonly prompt: string;
  readonly solution: string;
  /** The definition that holds on the variant of `seed`. */
  at(seed: number | string): Promise<QuestionDefinition>;
}

export function bankItem(q: BankQuestion): QuestionItem {
  return {
    id: q.id,
    title: q.title,
    module: q.module,
    points: questionPoints(q),
    version: questionVersion(q.id),
    authored: false,
    parts: q.parts,
    get prompt() {
      return readQuestionFile(q.id, 'prompt.md');
    },
    get solution() {
      return readQuestionFile(q.id, 'solution.md');
    },
    at: async () => q,
  };
}

export function authoredItem(q: AuthoredQuestion): QuestionItem {
  return {
    id: q.id,
    title: q.title,
    module: q.id.split('/')[0],
    points: q.points,
    version: q.version,
    authored: true,
    parts: q.skeleton.parts,
    prompt: q.prompt,
    solution: q.solution,
    at: (seed) => q.definitionAt(seed),
  };
}

export type AuthoredQuestionLoader = (id: string, version: string) => Promise<AuthoredQuestion | undefined>;

export interface QuestionItemOptions {
  /** Whose page it is: an authored question they may not open is null. Leave out for staff and the worker. */
  viewer?: Viewer;
  /** An authored question's version (a regrade's, an answer's); the current published one by default. */
  version?: string;
  /** How to load an authored version; the web process's sandbox pool by default. */
  load?: AuthoredQuestionLoader;
}

/** The question `id` (bank first, then published authored questions); null when there is none for this viewer. */
export async function questionItem(db: Db, id: string, options: QuestionItemOptions = {}): Promise<QuestionItem | null> {
  const bank = getQuestion(id);
  if (bank) return bankItem(bank);
  if (typeof id !== 'string' || id.length > 200) return null;
  const row = await db.exercise.findUnique({ where: { id }, select: { source: true, kind: true, contentVersion: true } });
  if (!row || row.source !== 'authored' || row.kind !== 'question') return null;
  if (options.viewer && !(await mayOpen(db, options.viewer, id))) return null;
  const load = options.load ?? ((qid: string, v: string) => loadAuthoredQuestionAt(db, qid, v));
  const q = await load(id, options.version || row.contentVersion);
  return q ? authoredItem(q) : null;
}

/** Whether `id` names a question (bank or authored) rather than a code exercise; reads no content. */
export async function isQuestionId(db: Db, id: string): Promise<boolean> {
  if (getQuestion(id)) return true;
  return (await db.exercise.count({ where: { id, kind: 'question' } })) > 0;
}
