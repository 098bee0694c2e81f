// Every rule of `npm run exercises:check` for an authored question folder (in memory: the studio's
// draft, an imported folder): its files, its definition's shape (the bank's rules), and the content
// rules of exercises/question-check.ts on the same 50 seeds, on the variants its own code computed
// in its isolate. Each problem names the file it is in.
import { QUESTION_FOLDER_FILES, MAX_FILE_CHARS } from '../../exercises/folder.ts';
import { checkQuestionContent, QUESTION_SEEDS } from '../../exercises/question-check.ts';
import type { SandboxPool } from '../pool.ts';
import type { ExerciseFiles, FileProblem } from './bundle.ts';
import type { ContentLimits } from './protocol.ts';
import { loadAuthoredQuestion, type AuthoredQuestion } from './question.ts';

export interface QuestionCheckReport {
  ok: boolean;
  problems: FileProblem[];
  /** The loaded question, when it loaded (it holds the checked seeds' variants). */
  question?: AuthoredQuestion;
}

/** The file a content problem's text is about. */
function fileOf(problem: string): string {
  for (const name of ['prompt.md', 'solution.md']) if (problem.startsWith(name) || problem.startsWith(`files: ${name}`)) return name;
  return 'question.ts';
}

export async function checkAuthoredQuestion(files: ExerciseFiles, options: { pool: SandboxPool; expectedId: string; limits?: ContentLimits }): Promise<QuestionCheckReport> {
  const problems: FileProblem[] = [];
  for (const name of Object.keys(files)) {
    if (!QUESTION_FOLDER_FILES.includes(name)) problems.push({ file: name, message: `unexpected file (a question folder holds ${QUESTION_FOLDER_FILES.join(', ')})` });
    else if (files[name].length > MAX_FILE_CHARS) problems.push({ file: name, message: `longer than ${MAX_FILE_CHARS} characters` });
  }
  for (const name of QUESTION_FOLDER_FILES) if (typeof files[name] !== 'string') problems.push({ file: name, message: `${name} is missing` });
  const loaded = await loadAuthoredQuestion(files, options);
  if (!loaded.ok) return { ok: false, problems: [...problems, ...loaded.problems] };
  const question = loaded.question;
  let held;
  try {
    held = new Map((await question.variants(QUESTION_SEEDS)).map((v, i) => [QUESTION_SEEDS[i], v]));
  } catch (e) {
    return { ok: false, problems: [...problems, { file: 'question.ts', message: e instanceof Error ? e.message : String(e) }], question };
  }
  const content = checkQuestionContent({
    definitionAt: (seed) => held.get(seed)!.definition,
    sameParamsTwice: (seed) => held.get(seed)!.deterministic,
    misconceptions: question.skeleton.misconceptions,
    prompt: files['prompt.md'],
    solution: files['solution.md'],
  });
  problems.push(...content.map((message) => ({ file: fileOf(message), message })));
  return { ok: problems.length === 0, problems, question };
}
