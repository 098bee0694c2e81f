// npm run course -- import <folder> [--owner <email>] [--note "..."] [--json]
// npm run course -- export <exercise-id|all> <folder> [--draft]
// Moves exercises between folders and the database: DATABASE_URL, or the embedded cluster of a
// running `npm start`. Import checks every folder first (as exercises:check --dir does) and refuses
// a failing one; exit 1 when any was refused, 2 for usage errors.
import { parseArgs } from 'node:util';
import { createDb } from '../lib/db.ts';
import { embeddedDevUrl } from '../lib/embedded-postgres.ts';
import { exportableFiles, importExercise, writeExerciseFolder } from '../lib/authoring/folders.ts';
import { AuthoringError } from '../lib/authoring/store.ts';
import { formatProblem } from '../grader/content/check.ts';
import { findExerciseFolders, folderId, readExerciseFolder } from '../grader/content/folder.ts';
import { SandboxPool } from '../grader/pool.ts';
import { projectRoot } from '../exercises/files.ts';

const USAGE = `usage: npm run course -- import <folder> [--owner <email>] [--note "..."] [--json]
       npm run course -- export <exercise-id|all> <folder> [--draft]`;

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { owner: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' }, draft: { type: 'boolean' } } });
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
const [command, a, b, ...extra] = parsed.positionals;
if (extra.length) usage(`unexpected ${extra.join(' ')}`);
const url = process.env.DATABASE_URL || embeddedDevUrl(projectRoot());
if (!url) usage('set DATABASE_URL (no running embedded cluster of `npm start` was found)');
const db = createDb(url, 3);

try {
  if (command === 'import') {
    if (!a || b) usage('import takes one folder');
    let folders: string[];
    try {
      folders = findExerciseFolders(a);
    } catch (e) {
      usage(e instanceof Error ? e.message : String(e));
    }
    if (folders.length === 0) usage(`no exercise folder (a folder with exercise.ts) at or under ${a}`);
    let ownerId: string | null = null;
    if (parsed.values.owner) {
      const owner = await db.user.findUnique({ where: { email: parsed.values.owner.toLowerCase() }, select: { id: true, role: true } });
      if (!owner || owner.role === 'student') usage(`--owner ${parsed.values.owner}: no instructor or admin with that email`);
      ownerId = owner.id;
    }
    const pool = new SandboxPool({ size: 1 });
    let refused = 0;
    try {
      for (const folder of folders) {
        const id = folderId(folder);
        const r = await importExercise(db, pool, { id, files: readExerciseFolder(folder), ownerId, changeNote: parsed.values.note ?? `imported from ${folder}` });
        if (r.outcome === 'refused') refused++;
        if (parsed.values.json) process.stdout.write(`${JSON.stringify({ ...r, problems: r.problems.map(formatProblem) })}\n`);
        else {
          process.stdout.write(r.outcome === 'published' ? `published ${id} version ${r.number} (${r.version})\n` : r.outcome === 'unchanged' ? `unchanged ${id}\n` : `REFUSED   ${id}\n`);
          for (const p of r.problems) process.stdout.write(`       - ${formatProblem(p)}\n`);
        }
      }
    } finally {
      await pool.close();
    }
    process.exitCode = refused > 0 ? 1 : 0;
  } else if (command === 'export') {
    if (!a || !b) usage('export takes an exercise id (or all) and a folder');
    const ids = a === 'all' ? (await db.authoredExercise.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((e) => e.id) : [a];
    for (const id of ids) {
      try {
        const folder = writeExerciseFolder(b, id, await exportableFiles(db, id, { draft: parsed.values.draft }));
        process.stdout.write(`exported ${id} to ${folder}\n`);
      } catch (e) {
        if (!(e instanceof AuthoringError)) throw e;
        if (a !== 'all') usage(e.message);
        process.stdout.write(`skipped ${id}: ${e.message}\n`);
      }
    }
  } else {
    usage(command ? `unknown command "${command}"` : 'expected import or export');
  }
} finally {
  await db.$disconnect();
}
