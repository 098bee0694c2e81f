// Page side of composing the learner's code into a capstone model: what the server found of theirs
// per component (lib/capstone/learner-code.ts), which of it they chose to run, and those choices as
// the modules the worker loads, transpiled here as the browser's Run does (grader/browser/transpile.ts).
// Code the browser cannot compile runs as the reference, and the page says why.
import { transpileInBrowser } from '../../grader/browser/transpile.ts';
import type { LearnerModule } from './learner-realm.ts';

/** One component as the page receives it (dates as ISO strings: props cross to the client). */
export interface ComponentInfo {
  exerciseId: string;
  name: string;
  functionName: string;
  helpers: string[];
  href: string;
  passing: { code: string; submittedAt: string } | null;
  /** Their latest code (the editor's draft, else their latest submission), when it is not the passing code. */
  latest: { code: string; savedAt: string } | null;
}

/** Whose code runs: the latest passing code, the latest code even if it fails, or the reference. */
export type Choice = 'passing' | 'latest' | 'reference';

export type Choices = Record<string, Choice>;

export function defaultChoices(components: readonly ComponentInfo[]): Choices {
  return Object.fromEntries(components.map((c) => [c.exerciseId, c.passing ? 'passing' : 'reference']));
}

/** The chosen code per component, transpiled; `problems`: the components whose code could not be. */
export function modulesFor(components: readonly ComponentInfo[], choices: Choices): { modules: LearnerModule[]; problems: Record<string, string> } {
  const modules: LearnerModule[] = [];
  const problems: Record<string, string> = {};
  for (const c of components) {
    const choice = choices[c.exerciseId] ?? 'reference';
    const code = choice === 'passing' ? c.passing?.code : choice === 'latest' ? c.latest?.code : undefined;
    if (code === undefined) continue;
    const t = transpileInBrowser(code);
    if (t.ok) modules.push({ exerciseId: c.exerciseId, name: c.name, functionName: c.functionName, helpers: c.helpers, js: t.js });
    else problems[c.exerciseId] = 'unsupported' in t ? `your code uses ${t.unsupported}, which this page cannot compile: the reference runs instead` : `your code does not compile (${t.error.message}): the reference runs instead`;
  }
  return { modules, problems };
}
