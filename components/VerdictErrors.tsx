// Why a verdict has no case results: the code did not compile, or the grader itself failed.
// Shared by the learner's submission pages and the instructors' verdict table.
import type { Verdict } from '../grader/verdict.ts';

export function VerdictErrors({ verdict }: { verdict: Pick<Verdict, 'compileError' | 'error'> }) {
  return (
    <>
      {verdict.compileError && (
        <p className="form-error">
          Compile error at line {verdict.compileError.line}, column {verdict.compileError.column}: {verdict.compileError.message}
        </p>
      )}
      {verdict.error && <p className="form-error">Grader error: {verdict.error}</p>}
    </>
  );
}
