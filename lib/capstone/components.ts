// A capstone page's components as its client receives them: per component, the exercise's function
// name and granted helpers (what the learner's module is loaded as, and may call), a link to the
// exercise, and the learner's own code for it in the space they work in (learner-code.ts).
import { builtinDefinition } from '../../grader/browser/builtin.ts';
import { exerciseHref } from '../course.ts';
import type { Db } from '../db.ts';
import type { LearnerScope } from '../scope.ts';
import type { ComponentInfo } from '../../components/capstone/learner-modules.ts';
import { componentCode } from './learner-code.ts';

export async function capstoneComponents(
  db: Pick<Db, 'submission' | 'draft'>,
  who: LearnerScope,
  list: readonly { exerciseId: string; name: string; functionName: string }[],
): Promise<ComponentInfo[]> {
  const code = await componentCode(db, who, list.map((c) => c.exerciseId));
  return list.map((c) => {
    const definition = builtinDefinition(c.exerciseId);
    if (!definition || definition.functionName !== c.functionName) throw new Error(`capstone component ${c.exerciseId} is not the built-in exercise of ${c.functionName}`);
    const { passing, latest } = code[c.exerciseId];
    return {
      exerciseId: c.exerciseId,
      name: c.name,
      functionName: c.functionName,
      helpers: [...definition.helpers],
      href: exerciseHref(c.exerciseId),
      passing: passing && { code: passing.code, submittedAt: passing.submittedAt.toISOString() },
      latest: latest && !latest.passes ? { code: latest.code, savedAt: latest.savedAt.toISOString() } : null,
    };
  });
}
