// An exercise folder as a zip, for instructors who keep their exercises in git: download the
// working copy as `<module>/<slug>/<file>`, upload a zip made from such a folder. Uploads are
// bounded (compressed and uncompressed size, file count) before anything is inflated, and only the
// exercise's own file names are taken; the rest of the archive is reported, never stored.
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import type { ExerciseFiles } from '../../grader/content/bundle.ts';
import { FOLDER_FILES, QUESTION_FOLDER_FILES } from '../../exercises/folder.ts';

export const MAX_ZIP_BYTES = 200 * 1024;
const MAX_UNZIPPED_BYTES = 1024 * 1024;
const MAX_ENTRIES = 200;

export class ZipError extends Error {}

export function exerciseZip(id: string, files: ExerciseFiles): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) tree[`${id}/${name}`] = strToU8(text);
  return zipSync(tree, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** The files in an uploaded zip: those of the shallowest folder holding exercise.ts or question.ts (at any depth). */
export function filesFromZip(bytes: Uint8Array): { files: ExerciseFiles; ignored: string[] } {
  if (bytes.byteLength > MAX_ZIP_BYTES) throw new ZipError(`The zip is larger than ${MAX_ZIP_BYTES / 1024} KB.`);
  let entries = 0;
  let total = 0;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, {
      filter: (f) => {
        entries += 1;
        total += f.originalSize;
        if (entries > MAX_ENTRIES) throw new ZipError(`The zip holds more than ${MAX_ENTRIES} entries.`);
        if (total > MAX_UNZIPPED_BYTES) throw new ZipError(`The zip unpacks to more than ${MAX_UNZIPPED_BYTES / 1024} KB.`);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError('That file is not a zip archive.');
  }
  const names = Object.keys(raw);
  const main = names
    .filter((n) => ['exercise.ts', 'question.ts'].some((m) => n === m || n.endsWith(`/${m}`)))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!main) throw new ZipError('The zip holds no exercise.ts or question.ts.');
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  const allowed = main.endsWith('question.ts') ? QUESTION_FOLDER_FILES : FOLDER_FILES;
  const files: ExerciseFiles = {};
  const ignored: string[] = [];
  for (const n of names) {
    const base = n.slice(dir.length);
    if (n.startsWith(dir) && allowed.includes(base)) files[base] = strFromU8(raw[n]);
    else ignored.push(n);
  }
  return { files, ignored };
}
