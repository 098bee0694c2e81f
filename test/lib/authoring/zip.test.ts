// Exercise folders as zips: what is downloaded unpacks to the same files; an upload takes the folder
// holding exercise.ts at any depth and nothing else, and bounds what it inflates.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exerciseZip, filesFromZip, MAX_ZIP_BYTES, ZipError } from '../../../lib/authoring/zip.ts';
import { rmsNorm } from '../../grader/content/support.ts';

describe('exercise zips', () => {
  it('round-trips a folder', () => {
    const { files, ignored } = filesFromZip(exerciseZip('transformer-extras/rms-norm', rmsNorm));
    expect(files).toEqual(rmsNorm);
    expect(ignored).toEqual([]);
  });

  it('takes the folder holding exercise.ts, however deep, and reports the rest', () => {
    const zip = zipSync({
      'repo/README.md': strToU8('# my course'),
      'repo/course/norms/rms-norm/exercise.ts': strToU8(rmsNorm['exercise.ts']),
      'repo/course/norms/rms-norm/prompt.md': strToU8(rmsNorm['prompt.md']),
      'repo/course/norms/rms-norm/notes.txt': strToU8('not part of an exercise'),
      'repo/course/norms/rms-norm/../../../../etc/passwd': strToU8('x'),
    });
    const { files, ignored } = filesFromZip(zip);
    expect(Object.keys(files).sort()).toEqual(['exercise.ts', 'prompt.md']);
    expect(ignored).toEqual(expect.arrayContaining(['repo/README.md', 'repo/course/norms/rms-norm/notes.txt']));
  });

  it('refuses what is not a zip, holds no exercise, or is too large', () => {
    expect(() => filesFromZip(strToU8('hello'))).toThrow(ZipError);
    expect(() => filesFromZip(zipSync({ 'a.txt': strToU8('a') }))).toThrow(/no exercise\.ts/);
    expect(() => filesFromZip(new Uint8Array(MAX_ZIP_BYTES + 1))).toThrow(/larger than/);
    // a zip bomb: small compressed, large inflated
    const bomb = zipSync({ 'x/exercise.ts': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(MAX_ZIP_BYTES);
    expect(() => filesFromZip(bomb)).toThrow(/unpacks to more than/);
  });
});
