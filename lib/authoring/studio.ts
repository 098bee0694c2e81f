// The studio: instructors create, edit, check, preview and publish their own exercises and questions
// (a working copy holding question.ts is a question; lib/authoring/store.ts).
//
// The rule: staff only (lib/instructor/authorization.ts). An authored exercise is edited by its
// owner, its co-authors and admins; its viewers may open, duplicate and assign it; anyone else gets
// 404, as if it did not exist. Built-in exercises can be duplicated by any staff member.
//
// The grader, the bundler and the store run in Node's own module graph (nativeImport): they find
// their worker and the SDK next to their source, which the Next bundle would move.
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { AccessDenied, InputError, parseInput, requireStaff, type Actor, type Staff } from '../instructor/authorization.ts';
import { nativeImport } from '../native-import.ts';
import { runRuntime } from '../run.ts';
import { getExercise } from '../../exercises/catalog.ts';
import { FOLDER_FILES, filesFromJson, isQuestionFolder, MAX_FILE_CHARS, QUESTION_FOLDER_FILES } from '../../exercises/folder.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { questionVariant } from '../../exercises/question-variant.ts';
import { renderAuthoredPrompt } from '../../exercises/prompt.ts';
import type { AuthoredQuestion } from '../../grader/content/question.ts';
import { authoredItem } from '../question-items.ts';
import { previewOf, type QuestionPreview } from '../instructor/question-preview.ts';
import { withoutTitle } from '../question-render.ts';
import type { ExerciseFiles, FileProblem } from '../../grader/content/bundle.ts';
import type { AuthoredExercise } from '../../grader/content/exercise.ts';
import { blankQuestionTemplate, blankTemplate } from './templates.ts';
import { filesFromZip, MAX_ZIP_BYTES, ZipError } from './zip.ts';
import { authoredPromptHtml } from '../course.ts';

type StoreModule = typeof import('./store.ts');
type FoldersModule = typeof import('./folders.ts');
type CheckModule = typeof import('../../grader/content/check.ts');
type ExerciseModule = typeof import('../../grader/content/exercise.ts');
type QuestionModule = typeof import('../../grader/content/question.ts');
type QuestionCheckModule = typeof import('../../grader/content/question-check.ts');


const filesSchema = z
  .record(z.string(), z.string({ error: 'every file is text' }))
  .refine((f) => typeof f['exercise.ts'] === 'string' || isQuestionFolder(f), 'exercise.ts is missing (a question has question.ts instead)')
  .refine((f) => !isQuestionFolder(f) || Object.keys(f).every((k) => QUESTION_FOLDER_FILES.includes(k)), `a question holds only ${QUESTION_FOLDER_FILES.join(', ')}`)
  .refine((f) => isQuestionFolder(f) || Object.keys(f).every((k) => FOLDER_FILES.includes(k)), `an exercise holds only ${FOLDER_FILES.join(', ')}`)
  .refine((f) => Object.values(f).every((t) => t.length <= MAX_FILE_CHARS), `a file is longer than ${MAX_FILE_CHARS} characters`);

export type Access = 'edit' | 'view';

interface AuthoredRow {
  id: string;
  ownerId: string | null;
  draftFiles: Prisma.JsonValue;
  draftUpdatedAt: Date;
  authors: { userId: string; role: 'coauthor' | 'viewer' }[];
}

function accessOf(staff: Staff, row: AuthoredRow): Access | null {
  if (staff.role === 'admin' || row.ownerId === staff.id) return 'edit';
  const a = row.authors.find((x) => x.userId === staff.id);
  return a ? (a.role === 'coauthor' ? 'edit' : 'view') : null;
}

async function authoredFor(db: Db, staff: Staff, id: unknown, need: Access): Promise<{ row: AuthoredRow; access: Access }> {
  if (typeof id !== 'string' || id.length > 200) throw new AccessDenied('missing', 'exercise');
  const row = await db.authoredExercise.findUnique({ where: { id }, select: { id: true, ownerId: true, draftFiles: true, draftUpdatedAt: true, authors: { select: { userId: true, role: true } } } });
  const access = row ? accessOf(staff, row) : null;
  if (!row || !access || (need === 'edit' && access !== 'edit')) throw new AccessDenied('missing', 'exercise');
  return { row, access };
}


export interface StudioListItem {
  id: string;
  title: string | null;
  access: Access;
  published: number | null; // latest version number
  draftUpdatedAt: Date;
}

/** The authored exercises the staff member may open (admins: all). */
export async function listStudio(db: Db, actor: Actor): Promise<StudioListItem[]> {
  const staff = await requireStaff(db, actor);
  const rows = await db.authoredExercise.findMany({
    where: staff.role === 'admin' ? {} : { OR: [{ ownerId: staff.id }, { authors: { some: { userId: staff.id } } }] },
    orderBy: { id: 'asc' },
    select: { id: true, ownerId: true, draftFiles: true, draftUpdatedAt: true, authors: { select: { userId: true, role: true } } },
  });
  const published = await db.exercise.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true, title: true, versions: { select: { number: true }, orderBy: { number: 'desc' }, take: 1 } } });
  const byId = new Map(published.map((p) => [p.id, p]));
  return rows.map((r) => ({ id: r.id, title: byId.get(r.id)?.title ?? null, access: accessOf(staff, r)!, published: byId.get(r.id)?.versions[0]?.number ?? null, draftUpdatedAt: r.draftUpdatedAt }));
}

const newSchema = z.object({
  id: z.string({ error: 'Give the exercise an id.' }).trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'The id is <module>/<slug>, both kebab-case, like "my-course/rms-norm".'),
  title: z.string().trim().max(200).optional(),
  from: z.string().trim().max(200).optional(),
});

/** A new exercise owned by the actor: the blank template, or a copy of any exercise they may open (renamed to the new id). */
export async function createStudioExercise(db: Db, actor: Actor, input: { id: unknown; title?: unknown; from?: unknown }): Promise<string> {
  const staff = await requireStaff(db, actor);
  const { id, title, from } = parseInput(newSchema, input);
  let files: ExerciseFiles;
  if (!from || from === 'blank') files = blankTemplate(id, title || 'A new exercise');
  else if (from === 'blank-question') files = blankQuestionTemplate(id, title || 'A new question');
  else if (getExercise(from) || getQuestion(from)) {
    const folders = await nativeImport<FoldersModule>('lib/authoring/folders.ts');
    files = renameId(folders.builtinAsFolder(from), from, id);
  } else {
    const source = await authoredFor(db, staff, from, 'view').catch(() => {
      throw new InputError(`There is no exercise "${from}" you can duplicate.`, 'from');
    });
    files = renameId(filesFromJson(source.row.draftFiles), from, id);
  }
  const store = await nativeImport<StoreModule>('lib/authoring/store.ts');
  try {
    await store.createAuthoredExercise(db, { id, ownerId: staff.id, files });
  } catch (e) {
    if (e instanceof Error && e.name === 'Error' && 'problems' in e) throw new InputError(e.message, 'id');
    throw e;
  }
  return id;
}

function renameId(files: ExerciseFiles, from: string, to: string): ExerciseFiles {
  const main = isQuestionFolder(files) ? 'question.ts' : 'exercise.ts';
  const source = files[main] ?? '';
  return { ...files, [main]: source.replace(`id: '${from}'`, `id: '${to}'`).replace(`id: "${from}"`, `id: "${to}"`) };
}

export interface VersionRow {
  number: number;
  version: string;
  changeNote: string | null;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface StudioExercise {
  id: string;
  access: Access;
  files: ExerciseFiles;
  draftUpdatedAt: Date;
  versions: VersionRow[];
  /** The current published version's hash, when there is one. */
  current: string | null;
}

export async function openStudio(db: Db, actor: Actor, id: unknown): Promise<StudioExercise> {
  const staff = await requireStaff(db, actor);
  const { row, access } = await authoredFor(db, staff, id, 'view');
  const [versions, current] = await Promise.all([
    db.exerciseVersion.findMany({ where: { exerciseId: row.id, number: { not: null } }, orderBy: { number: 'desc' }, select: { number: true, contentVersion: true, changeNote: true, firstSeenAt: true, publishedBy: { select: { name: true, email: true } } } }),
    db.exercise.findUnique({ where: { id: row.id }, select: { contentVersion: true } }),
  ]);
  return {
    id: row.id,
    access,
    files: filesFromJson(row.draftFiles),
    draftUpdatedAt: row.draftUpdatedAt,
    current: current?.contentVersion ?? null,
    versions: versions.map((v) => ({ number: v.number!, version: v.contentVersion, changeNote: v.changeNote, publishedAt: v.firstSeenAt, publishedBy: v.publishedBy ? (v.publishedBy.name ?? v.publishedBy.email) : null })),
  };
}

/** Autosave of the working copy. */
export async function saveStudioDraft(db: Db, actor: Actor, id: unknown, files: unknown): Promise<Date> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  const parsed = parseInput(filesSchema, files, 'files');
  const at = new Date();
  await db.authoredExercise.update({ where: { id: row.id }, data: { draftFiles: parsed, draftUpdatedAt: at } });
  return at;
}

export interface StudioCheck {
  ok: boolean;
  problems: FileProblem[];
}

/** Every rule of the exercises check on the files given (the editor's current text), graded in this process's pool. */
export async function checkStudioDraft(db: Db, actor: Actor, id: unknown, files: unknown): Promise<StudioCheck> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  const parsed = parseInput(filesSchema, files, 'files');
  if (isQuestionFolder(parsed)) {
    const [rt, check] = await Promise.all([runRuntime(), nativeImport<QuestionCheckModule>('grader/content/question-check.ts')]);
    const report = await check.checkAuthoredQuestion(parsed, { pool: rt.pool, expectedId: row.id });
    return { ok: report.ok, problems: report.problems };
  }
  const [rt, check] = await Promise.all([runRuntime(), nativeImport<CheckModule>('grader/content/check.ts')]);
  const report = await check.checkAuthoredFiles(parsed, { pool: rt.pool, expectedId: row.id });
  return { ok: report.ok, problems: report.problems };
}

/** Publishes the saved working copy as the next version (refused, with the problems, while the check fails). */
export async function publishStudio(db: Db, actor: Actor, id: unknown, changeNote: unknown): Promise<{ number: number; problems: FileProblem[] }> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  const note = parseInput(z.string({ error: 'Say what changed.' }).trim().min(1, 'Say what changed: a change note is required.').max(2000), changeNote, 'changeNote');
  const [rt, store] = await Promise.all([runRuntime(), nativeImport<StoreModule>('lib/authoring/store.ts')]);
  try {
    const r = await store.publishExercise(db, rt.pool, { id: row.id, userId: staff.id, changeNote: note });
    return { number: r.number, problems: [] };
  } catch (e) {
    const problems = (e as { problems?: FileProblem[] }).problems;
    if (e instanceof Error && Array.isArray(problems)) {
      if (problems.length === 0) throw new InputError(e.message);
      return { number: 0, problems };
    }
    throw e;
  }
}

/** The working copy loaded as an exercise, for Preview: its own code in its isolate, nothing recorded. */
export async function previewExercise(db: Db, actor: Actor, id: unknown): Promise<{ exercise: AuthoredExercise } | { problems: FileProblem[] }> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'view');
  const [rt, content] = await Promise.all([runRuntime(), nativeImport<ExerciseModule>('grader/content/exercise.ts')]);
  const key = `${row.id}@${row.draftUpdatedAt.getTime()}`;
  let loading = previews.get(key);
  if (!loading) {
    loading = content.loadAuthoredExercise(filesFromJson(row.draftFiles), { pool: rt.pool });
    previews.set(key, loading);
    loading.catch(() => previews.delete(key));
    if (previews.size > 32) previews.delete(previews.keys().next().value!);
  }
  const loaded = await loading;
  return loaded.ok ? { exercise: loaded.exercise } : { problems: loaded.problems };
}
const previews = new Map<string, ReturnType<ExerciseModule['loadAuthoredExercise']>>();

/** The working copy loaded as a question (its own code in its isolate), cached by the draft's save time. */
async function draftQuestion(id: string, files: ExerciseFiles, savedAt: Date | null): Promise<{ question: AuthoredQuestion } | { problems: FileProblem[] }> {
  const [rt, content] = await Promise.all([runRuntime(), nativeImport<QuestionModule>('grader/content/question.ts')]);
  const key = savedAt ? `${id}@${savedAt.getTime()}` : null;
  let loading = key ? questionPreviews.get(key) : undefined;
  if (!loading) {
    loading = content.loadAuthoredQuestion(files, { pool: rt.pool, expectedId: id });
    if (key) {
      questionPreviews.set(key, loading);
      loading.catch(() => questionPreviews.delete(key));
      if (questionPreviews.size > 32) questionPreviews.delete(questionPreviews.keys().next().value!);
    }
  }
  const loaded = await loading;
  return loaded.ok ? { question: loaded.question } : { problems: loaded.problems };
}
const questionPreviews = new Map<string, ReturnType<QuestionModule['loadAuthoredQuestion']>>();

/** Preview of the saved working copy of a question on a seed: the variant, its answers, the misconceptions' wrong answers, the worked solution. */
export async function previewStudioQuestion(db: Db, actor: Actor, id: unknown, seed: string | null): Promise<{ preview: QuestionPreview } | { problems: FileProblem[] }> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'view');
  const files = filesFromJson(row.draftFiles);
  if (!isQuestionFolder(files)) throw new InputError('This working copy is an exercise, not a question.');
  const loaded = await draftQuestion(row.id, files, row.draftUpdatedAt);
  if ('problems' in loaded) return loaded;
  // a seed whose variant cannot be made comes back as the preview's problem (previewOf)
  return { preview: await previewOf(authoredItem(loaded.question), seed) };
}

/** Whether the working copy is a question's. */
export function isQuestionDraft(ex: Pick<StudioExercise, 'files'>): boolean {
  return isQuestionFolder(ex.files);
}

/** A unified diff of every file between two published versions (numbers), oldest first. */
export async function versionDiff(db: Db, actor: Actor, id: unknown, from: number, to: number): Promise<{ file: string; patch: string }[]> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'view');
  const versions = await db.exerciseVersion.findMany({ where: { exerciseId: row.id, number: { in: [from, to] } }, select: { number: true, files: true } });
  const a = versions.find((v) => v.number === from);
  const b = versions.find((v) => v.number === to);
  if (!a || !b) throw new AccessDenied('missing', 'version');
  const fa = filesFromJson(a.files);
  const fb = filesFromJson(b.files);
  const names = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  return names
    .filter((n) => fa[n] !== fb[n])
    .map((n) => ({ file: n, patch: createTwoFilesPatch(`v${from}/${n}`, `v${to}/${n}`, fa[n] ?? '', fb[n] ?? '', undefined, undefined, { context: 3 }) }));
}

/** The prompt of the files given, rendered as learners will see it (figures computed by the files' own code). */
export async function renderStudioPrompt(db: Db, actor: Actor, id: unknown, files: unknown): Promise<string> {
  const staff = await requireStaff(db, actor);
  await authoredFor(db, staff, id, 'view');
  const parsed = parseInput(filesSchema, files, 'files');
  if (isQuestionFolder(parsed)) return questionPromptHtml(String(id), parsed);
  const [rt, content] = await Promise.all([runRuntime(), nativeImport<ExerciseModule>('grader/content/exercise.ts')]);
  const loaded = await content.loadAuthoredExercise(parsed, { pool: rt.pool });
  // a draft that does not load yet still shows its prompt, without figures
  return authoredPromptHtml({ files: parsed, figures: loaded.ok ? loaded.exercise.figures : {} });
}

/** A question's prompt as the learner with the preview seed sees it; the template itself while the code does not load. */
async function questionPromptHtml(id: string, files: ExerciseFiles): Promise<string> {
  const template = files['prompt.md'] ?? '';
  const loaded = await draftQuestion(id, files, null);
  let markdown = template;
  if ('question' in loaded) {
    try {
      markdown = questionVariant(await loaded.question.definitionAt(PREVIEW_QUESTION_SEED), PREVIEW_QUESTION_SEED, template).prompt;
    } catch {
      // a variant that fails shows the template; Check says why
    }
  }
  return renderAuthoredPrompt(withoutTitle(markdown), () => '');
}

/** The seed of the studio's live prompt of a question. */
const PREVIEW_QUESTION_SEED = 1;

const seedSchema = z.coerce.number({ error: 'The seed is a whole number.' }).int('The seed is a whole number.').min(0).max(1_000_000_000);

/** Preview's Run and Submit: the learner's code graded on the working copy with the chosen seed; nothing is recorded. */
export async function gradePreview(db: Db, actor: Actor, id: unknown, input: { code: unknown; seed: unknown; visibleOnly: boolean }) {
  const loaded = await previewExercise(db, actor, id);
  if ('problems' in loaded) throw new InputError(`The working copy does not load: ${loaded.problems[0]?.message ?? 'see Check'}`);
  const code = parseInput(z.string({ error: 'Code must be text.' }).min(1, 'Your code is empty.').max(64 * 1024, 'Your code is larger than 64 KB.'), input.code, 'code');
  const seed = parseInput(seedSchema, input.seed ?? 0, 'seed');
  const rt = await runRuntime();
  return rt.grade(loaded.exercise, code, { seed, pool: rt.pool, visibleOnly: input.visibleOnly });
}

export interface AuthorRow {
  userId: string;
  email: string;
  name: string | null;
  role: 'owner' | 'coauthor' | 'viewer';
}

/** The owner and everyone the exercise is shared with. */
export async function listAuthors(db: Db, actor: Actor, id: unknown): Promise<AuthorRow[]> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'view');
  const [owner, authors] = await Promise.all([
    row.ownerId ? db.user.findUnique({ where: { id: row.ownerId }, select: { id: true, email: true, name: true } }) : null,
    db.exerciseAuthor.findMany({ where: { exerciseId: row.id }, orderBy: { createdAt: 'asc' }, select: { role: true, user: { select: { id: true, email: true, name: true } } } }),
  ]);
  return [...(owner ? [{ userId: owner.id, email: owner.email, name: owner.name, role: 'owner' as const }] : []), ...authors.map((a) => ({ userId: a.user.id, email: a.user.email, name: a.user.name, role: a.role }))];
}

const shareSchema = z.object({
  email: z.string({ error: 'Give an email.' }).trim().toLowerCase().email('That is not an email address.'),
  role: z.enum(['coauthor', 'viewer'], { error: 'Choose co-author or viewer.' }),
});

/** Shares the exercise with another instructor (co-author: edits and publishes; viewer: sees, duplicates, assigns). */
export async function shareExercise(db: Db, actor: Actor, id: unknown, input: { email: unknown; role: unknown }): Promise<AuthorRow> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  const { email, role } = parseInput(shareSchema, input);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true } });
  if (!user || (user.role !== 'instructor' && user.role !== 'admin')) throw new InputError(`No instructor has the email ${email}.`, 'email');
  if (user.id === row.ownerId) throw new InputError(`${email} owns this exercise.`, 'email');
  await db.exerciseAuthor.upsert({ where: { exerciseId_userId: { exerciseId: row.id, userId: user.id } }, create: { exerciseId: row.id, userId: user.id, role }, update: { role } });
  return { userId: user.id, email: user.email, name: user.name, role };
}

export async function unshareExercise(db: Db, actor: Actor, id: unknown, userId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  if (typeof userId !== 'string') throw new InputError('Choose someone to remove.');
  await db.exerciseAuthor.deleteMany({ where: { exerciseId: row.id, userId } });
}

/** Replaces the working copy with the exercise files of an uploaded zip (see zip.ts); the id inside must be this exercise's. */
export async function uploadStudioZip(db: Db, actor: Actor, id: unknown, upload: unknown): Promise<{ files: string[]; ignored: string[] }> {
  const staff = await requireStaff(db, actor);
  const { row } = await authoredFor(db, staff, id, 'edit');
  if (!(upload instanceof Blob) || upload.size === 0) throw new InputError('Choose a zip file.', 'zip');
  if (upload.size > MAX_ZIP_BYTES) throw new InputError(`The zip is larger than ${MAX_ZIP_BYTES / 1024} KB.`, 'zip');
  let unpacked: { files: ExerciseFiles; ignored: string[] };
  try {
    unpacked = filesFromZip(new Uint8Array(await upload.arrayBuffer()));
  } catch (e) {
    if (e instanceof ZipError) throw new InputError(e.message, 'zip');
    throw e;
  }
  await saveStudioDraft(db, staff, row.id, unpacked.files);
  return { files: Object.keys(unpacked.files).sort(), ignored: unpacked.ignored };
}
