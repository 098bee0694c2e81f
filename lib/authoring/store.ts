// Authored exercises and questions in PostgreSQL: the working copy (the studio's draft) and the
// published versions. A folder holding question.ts is a question, any other an exercise. A published version is immutable and named by the hash of its files; publishing runs
// every rule of the exercises check first and is refused while any fails. Nothing here runs the
// author's code itself: the check does, in the sandbox pool.
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { checkAuthoredFiles, type CheckReport } from '../../grader/content/check.ts';
import { checkAuthoredQuestion, type QuestionCheckReport } from '../../grader/content/question-check.ts';
import { getQuestion } from '../../exercises/questions.ts';
import type { ExerciseFiles, FileProblem } from '../../grader/content/bundle.ts';
import { filesVersion } from '../../grader/content/exercise.ts';
import type { SandboxPool } from '../../grader/pool.ts';
import { exerciseIds } from '../../engine/registry.ts';
import { EXERCISE_ID } from '../../exercises/catalog.ts';
import { filesFromJson, isQuestionFolder } from '../../exercises/folder.ts';

/** Authored modules sort after the built-in course's eight. */
export const AUTHORED_MODULE_ORDER = 100;

export class AuthoringError extends Error {
  readonly problems: FileProblem[];
  constructor(message: string, problems: FileProblem[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** A folder as stored: every value a string, names from the allowed set (checked on publish). */
export const asFiles: (value: Prisma.JsonValue | null | undefined) => ExerciseFiles = filesFromJson;

function idProblem(id: string): string | undefined {
  if (!EXERCISE_ID.test(id)) return `"${id}" is not an exercise id: write <module>/<slug>, both kebab-case`;
  if (exerciseIds.includes(id)) return `"${id}" is a built-in exercise`;
  if (getQuestion(id)) return `"${id}" is a question of the built-in bank`;
  return undefined;
}

/** A new authored exercise owned by `ownerId` (null: owned by the admins), its draft `files`. */
export async function createAuthoredExercise(db: Db, input: { id: string; ownerId: string | null; files: ExerciseFiles }): Promise<void> {
  const bad = idProblem(input.id);
  if (bad) throw new AuthoringError(bad);
  const taken = (await db.authoredExercise.count({ where: { id: input.id } })) + (await db.exercise.count({ where: { id: input.id } }));
  if (taken > 0) throw new AuthoringError(`an exercise "${input.id}" already exists`);
  await db.authoredExercise.create({ data: { id: input.id, ownerId: input.ownerId, draftFiles: input.files } });
}

export async function saveDraftFiles(db: Db, id: string, files: ExerciseFiles): Promise<void> {
  const { count } = await db.authoredExercise.updateMany({ where: { id }, data: { draftFiles: files, draftUpdatedAt: new Date() } });
  if (count === 0) throw new AuthoringError(`no authored exercise "${id}"`);
}

export interface PublishResult {
  id: string;
  number: number;
  version: string;
  check: CheckReport | QuestionCheckReport;
}

/** What the catalog row of a folder that passed its check says. */
interface Checked {
  check: CheckReport | QuestionCheckReport;
  kind: 'code' | 'question';
  title: string;
  order: number;
  points: number;
}

/** Every rule of the check on a folder, an exercise's or a question's; throws with the problems when one fails. */
async function checkFolder(files: ExerciseFiles, pool: SandboxPool, id: string): Promise<Checked> {
  const refuse = (problems: FileProblem[], what: string) => new AuthoringError(`the ${what} does not pass its check (${problems.length} problem${problems.length === 1 ? '' : 's'})`, problems);
  if (isQuestionFolder(files)) {
    const check = await checkAuthoredQuestion(files, { pool, expectedId: id });
    if (!check.ok || !check.question) throw refuse(check.problems, 'question');
    return { check, kind: 'question', title: check.question.title, order: check.question.order, points: check.question.points };
  }
  const check = await checkAuthoredFiles(files, { pool, expectedId: id });
  if (!check.ok || !check.exercise) throw refuse(check.problems, 'exercise');
  return { check, kind: 'code', title: check.exercise.title, order: check.exercise.order ?? 1, points: check.exercise.points };
}

/**
 * Checks the draft (or `files`) and, when every rule passes, publishes it as the next version: the
 * Exercise row the course, assignments and submissions refer to, and an immutable ExerciseVersion.
 */
export async function publishExercise(db: Db, pool: SandboxPool, input: { id: string; userId: string | null; changeNote: string; files?: ExerciseFiles }): Promise<PublishResult> {
  const authored = await db.authoredExercise.findUnique({ where: { id: input.id } });
  if (!authored) throw new AuthoringError(`no authored exercise "${input.id}"`);
  const note = input.changeNote.trim();
  if (note.length === 0) throw new AuthoringError('say what changed: a change note is required');
  if (note.length > 2000) throw new AuthoringError('the change note is longer than 2000 characters');
  const files = input.files ?? asFiles(authored.draftFiles);
  const { check, ...row } = await checkFolder(files, pool, input.id);
  const version = filesVersion(files);
  const [module] = input.id.split('/');
  return db.$transaction(async (tx) => {
    // one publisher at a time per exercise: version numbers stay dense
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`publish:${input.id}`}))`;
    const current = await tx.exercise.findUnique({ where: { id: input.id }, select: { contentVersion: true, source: true, kind: true } });
    if (current && current.source !== 'authored') throw new AuthoringError(`"${input.id}" is a built-in exercise`);
    // learners' work on it was graded as one kind: a question cannot become an exercise, nor the reverse
    if (current && current.kind !== row.kind) throw new AuthoringError(`"${input.id}" was published as ${current.kind === 'question' ? 'a question' : 'an exercise'}; give the ${row.kind === 'question' ? 'question' : 'exercise'} an id of its own`);
    if (current?.contentVersion === version) throw new AuthoringError('nothing changed since the last published version');
    const last = await tx.exerciseVersion.aggregate({ where: { exerciseId: input.id }, _max: { number: true } });
    const number = (last._max.number ?? 0) + 1;
    const data = { contentVersion: version, kind: row.kind, title: row.title, module, moduleOrder: AUTHORED_MODULE_ORDER, order: row.order, points: row.points, syncedAt: new Date() };
    await tx.exercise.upsert({ where: { id: input.id }, create: { id: input.id, source: 'authored', ...data }, update: data });
    const existing = await tx.exerciseVersion.findUnique({ where: { exerciseId_contentVersion: { exerciseId: input.id, contentVersion: version } } });
    if (existing) {
      // back to an earlier version's files: that version is current again, under its own number
      return { id: input.id, number: existing.number ?? number, version, check };
    }
    await tx.exerciseVersion.create({ data: { exerciseId: input.id, contentVersion: version, number, files, changeNote: note, publishedById: input.userId } });
    return { id: input.id, number, version, check };
  });
}

/** The files of one published version; undefined when there is no such version. */
export async function publishedFiles(db: Db, id: string, version: string): Promise<ExerciseFiles | undefined> {
  const row = await db.exerciseVersion.findUnique({ where: { exerciseId_contentVersion: { exerciseId: id, contentVersion: version } }, select: { files: true } });
  return row?.files ? asFiles(row.files) : undefined;
}

/** The current published version of an authored exercise: its hash and files. */
export async function currentVersion(db: Db, id: string): Promise<{ version: string; files: ExerciseFiles } | undefined> {
  const ex = await db.exercise.findUnique({ where: { id }, select: { source: true, contentVersion: true } });
  if (!ex || ex.source !== 'authored') return undefined;
  const files = await publishedFiles(db, id, ex.contentVersion);
  return files ? { version: ex.contentVersion, files } : undefined;
}
