// A capstone worker's composition driven in Node, for tests: the course's solutions (or a learner's
// code) as learner modules in a locked-down node:vm realm, as learner-worker.ts loads them in the
// browser, with the granted globals calling whatever composition is in use. The model's weights are
// frozen as the worker freezes them (freezeDeep), by the test that loads them.
import fs from 'node:fs';
import { vmRealm } from '../../grader/browser/in-node.ts';
import { lockDown } from '../../../grader/browser/lockdown.ts';
import { transpileInBrowser } from '../../../grader/browser/transpile.ts';
import { builtinDefinition } from '../../../grader/browser/builtin.ts';
import { openLearnerRealm, type LearnerFunction, type LearnerModule } from '../../../components/capstone/learner-realm.ts';

export const solutionOf = (exerciseId: string) => fs.readFileSync(`exercises/${exerciseId}/solution.ts`, 'utf8');

/** One component's module: the course's solution unless `code` is given. */
export function moduleOf(c: { exerciseId: string; name: string; functionName: string }, code = solutionOf(c.exerciseId)): LearnerModule {
  const t = transpileInBrowser(code);
  if (!t.ok) throw new Error(`${c.exerciseId} does not transpile`);
  return { exerciseId: c.exerciseId, name: c.name, functionName: c.functionName, helpers: builtinDefinition(c.exerciseId)!.helpers, js: t.js };
}

export async function composeInNode<P extends object>(modules: LearnerModule[], partNames: readonly string[], composeParts: (mine: Partial<P>) => P) {
  const realm = await vmRealm();
  const learner = openLearnerRealm(realm, modules, lockDown);
  let active: P = composeParts({});
  learner.install(partNames, () => active as unknown as Record<string, LearnerFunction>);
  return { learner, mine: learner.functions as Partial<P>, use: (p: P) => { active = p; } };
}
