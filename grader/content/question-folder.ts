// A question folder on disk as the command-line tools take it (question --dir, grade --dir): loaded
// in a sandbox of its own, one seed's definition made, and the sandbox closed before the answer
// comes back, so no process outlives the command whatever it does next (print, or exit on a problem).
import type { QuestionDefinition } from '../../exercises/question-types.ts';
import { SandboxPool } from '../pool.ts';
import { formatProblem } from './check.ts';
import { folderId, readExerciseFolder } from './folder.ts';
import { loadAuthoredQuestion } from './question.ts';

export type FolderVariant =
  | { ok: true; id: string; version: string; definition: QuestionDefinition; prompt: string; solution: string }
  | { ok: false; problem: string };

export async function questionFolderVariant(dir: string, seed: number | string): Promise<FolderVariant> {
  const pool = new SandboxPool({ size: 1 });
  try {
    const loaded = await loadAuthoredQuestion(readExerciseFolder(dir), { pool, expectedId: folderId(dir) });
    if (!loaded.ok) return { ok: false, problem: `the question does not load:\n${loaded.problems.map(formatProblem).join('\n')}` };
    const q = loaded.question;
    return { ok: true, id: q.id, version: q.version, definition: await q.definitionAt(seed), prompt: q.prompt, solution: q.solution };
  } catch (err) {
    return { ok: false, problem: `the variant of seed ${seed} cannot be made: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await pool.close();
  }
}
