// Scopes for tests: a learner working in practice, or in a cohort.
import type { LearnerScope } from '../../lib/scope.ts';

export const practice = (userId: string): LearnerScope => ({ userId, cohortId: null });
export const inCohort = (userId: string, cohortId: string): LearnerScope => ({ userId, cohortId });
